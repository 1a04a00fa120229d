//! Sessions of browsers live in an HttpOnly cookie, never in JavaScript
//! (README, "Sessions in the browser"):
//!
//! - on grpc-web calls the gateway asks the services for cookie delivery
//!   (`x-portal-session-delivery: cookie`, overwriting whatever the caller
//!   sent); a reply that opens a session then carries its token in the
//!   `x-portal-session-token` header, which becomes `Set-Cookie` and is
//!   removed; an empty one (the session ended) clears the cookie;
//! - a call that carries the cookie and no `authorization` gets
//!   `authorization: Bearer <cookie>`, but only when it looks like the
//!   portal's own page made it (CSRF): a grpc-web content type, which a
//!   cross-site page cannot send without a preflight it does not get; an
//!   `Origin` that is the gateway's own or an allowed one; and no
//!   `Sec-Fetch-Site: cross-site`. Anything else is `PERMISSION_DENIED`
//!   and reaches no service.
//!
//! The gateway knows this one header pair, not the messages. Native gRPC
//! callers never send the cookie and keep tokens in message bodies.

use crate::errors::{ERROR_DOMAIN, Reason};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use cookie::{Cookie, SameSite};
use http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HOST, ORIGIN, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Method, Request, Response};
use portal_common::request::{
    SESSION_DELIVERY_COOKIE, SESSION_DELIVERY_HEADER, SESSION_TOKEN_HEADER,
};
use tonic::Code;
use tonic::body::Body;
use tower::{Layer, Service};

/// Where and how the session cookie is kept.
#[derive(Debug, Clone)]
pub struct CookiePolicy {
    /// `__Host-<name>` when `secure`.
    pub name: String,
    /// Served over https: the cookie is `Secure` and `__Host-` prefixed.
    pub secure: bool,
    /// Origins, besides the gateway's own, whose pages may make
    /// cookie-authenticated calls (`scheme://host[:port]`). `*` in the
    /// allowed-origins setting does not count: it is not a trust decision.
    pub trusted_origins: Vec<String>,
}

impl CookiePolicy {
    pub fn new(name: &str, secure: bool, trusted_origins: Vec<String>) -> Self {
        let name = if secure {
            format!("__Host-{name}")
        } else {
            name.to_owned()
        };
        Self {
            name,
            secure,
            trusted_origins: trusted_origins
                .into_iter()
                .filter(|origin| origin != "*")
                .map(|origin| origin.trim_end_matches('/').to_ascii_lowercase())
                .collect(),
        }
    }

    fn cookie(&self, value: String) -> Cookie<'static> {
        Cookie::build((self.name.clone(), value))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(self.secure)
            .build()
    }

    fn set_cookie(&self, token: &str) -> Option<HeaderValue> {
        HeaderValue::from_str(&self.cookie(token.to_owned()).to_string()).ok()
    }

    fn clear_cookie(&self) -> Option<HeaderValue> {
        let mut cookie = self.cookie(String::new());
        cookie.make_removal();
        HeaderValue::from_str(&cookie.to_string()).ok()
    }

    /// The session token in the request's cookies, if one is there and
    /// shaped like a token (anything else is ignored, never forwarded).
    fn token(&self, headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(Cookie::split_parse)
            .filter_map(Result::ok)
            .find(|cookie| cookie.name() == self.name)
            .map(|cookie| cookie.value().to_owned())
            .filter(|token| is_token_shaped(token))
    }

    /// Why a cookie-authenticated call is refused, if it is.
    fn csrf_refusal(
        &self,
        headers: &HeaderMap,
        authority: Option<&str>,
        grpc_web: bool,
    ) -> Option<&'static str> {
        if !grpc_web {
            return Some("a signed-in browser call must use grpc-web");
        }
        if headers
            .get("sec-fetch-site")
            .is_some_and(|site| site == "cross-site")
        {
            return Some("cross-site calls are not accepted");
        }
        let origin = headers.get(ORIGIN).and_then(|o| o.to_str().ok());
        match origin {
            Some(origin) if self.is_own_or_trusted(origin, headers, authority) => None,
            Some(_) => Some("calls from this origin are not accepted"),
            None => Some("a signed-in browser call must name its origin"),
        }
    }

    /// The gateway's own origin is the host the browser reached: `Host`
    /// (HTTP/1.1, what grpc-web uses) or the `:authority` of HTTP/2. A page
    /// cannot choose either for a request the browser sends.
    fn is_own_or_trusted(
        &self,
        origin: &str,
        headers: &HeaderMap,
        authority: Option<&str>,
    ) -> bool {
        let origin = origin.trim_end_matches('/').to_ascii_lowercase();
        let own = headers
            .get(HOST)
            .and_then(|host| host.to_str().ok())
            .or(authority)
            .is_some_and(|host| {
                let host = host.to_ascii_lowercase();
                origin.strip_prefix("http://") == Some(host.as_str())
                    || origin.strip_prefix("https://") == Some(host.as_str())
            });
        own || self.trusted_origins.contains(&origin)
    }
}

/// `ps_` + base64url, as the auth service issues them.
fn is_token_shaped(token: &str) -> bool {
    token.len() <= 128
        && token.strip_prefix("ps_").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

fn is_grpc_web(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/grpc-web"))
}

#[derive(Debug, Clone)]
pub struct SessionCookieLayer {
    policy: Arc<CookiePolicy>,
}

impl SessionCookieLayer {
    pub fn new(policy: CookiePolicy) -> Self {
        Self {
            policy: Arc::new(policy),
        }
    }
}

impl<S> Layer<S> for SessionCookieLayer {
    type Service = SessionCookies<S>;

    fn layer(&self, inner: S) -> SessionCookies<S> {
        SessionCookies {
            inner,
            policy: self.policy.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SessionCookies<S> {
    inner: S,
    policy: Arc<CookiePolicy>,
}

impl<S, B> Service<Request<B>> for SessionCookies<S>
where
    S: Service<Request<B>, Response = Response<Body>> + Send,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let headers = request.headers_mut();
        headers.remove(SESSION_DELIVERY_HEADER);
        // Pages and preflights are not calls: the cookie means nothing there.
        if request.method() != Method::POST {
            return Box::pin(self.inner.call(request));
        }
        let authority = request.uri().authority().map(|a| a.as_str().to_owned());
        let headers = request.headers_mut();
        let grpc_web = is_grpc_web(headers);
        let cookie_token = self.policy.token(headers);
        // The services read no cookies: the session goes on as
        // `authorization` only, and nothing else of the browser's jar.
        headers.remove(COOKIE);
        let cookie_authenticated = cookie_token.is_some() && !headers.contains_key(AUTHORIZATION);
        if cookie_authenticated
            && let Some(why) = self
                .policy
                .csrf_refusal(headers, authority.as_deref(), grpc_web)
        {
            let response = refusal(why, headers.get(CONTENT_TYPE).cloned());
            tracing::warn!(path = request.uri().path(), why, "browser call refused");
            return Box::pin(async move { Ok(response) });
        }
        if grpc_web {
            headers.insert(
                SESSION_DELIVERY_HEADER,
                HeaderValue::from_static(SESSION_DELIVERY_COOKIE),
            );
        }
        if cookie_authenticated
            && let Some(token) = &cookie_token
            && let Ok(value) = HeaderValue::from_str(&format!("Bearer {token}"))
        {
            headers.insert(AUTHORIZATION, value);
        }
        let policy = self.policy.clone();
        let future = self.inner.call(request);
        Box::pin(async move {
            let mut response = future.await?;
            let delivered = response.headers_mut().remove(SESSION_TOKEN_HEADER);
            let set_cookie = match delivered {
                Some(token) if grpc_web && !token.is_empty() => {
                    token.to_str().ok().and_then(|t| policy.set_cookie(t))
                }
                Some(_) if cookie_token.is_some() => policy.clear_cookie(),
                _ => None,
            };
            if let Some(value) = set_cookie {
                response.headers_mut().append(SET_COOKIE, value);
                // A reply that sets or clears a session is never cached.
                response.headers_mut().insert(
                    http::header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store"),
                );
            }
            Ok(response)
        })
    }
}

/// A trailers-only `PERMISSION_DENIED` in the caller's own framing, so a
/// grpc-web client reads it like any other status.
fn refusal(why: &str, content_type: Option<HeaderValue>) -> Response<Body> {
    let status = portal_common::status::with_reason(
        Code::PermissionDenied,
        &format!("Request refused: {why}."),
        ERROR_DOMAIN,
        Reason::CrossSiteRequestRefused.as_str(),
    );
    let mut response = status.into_http();
    if let Some(content_type) = content_type.filter(|ct| {
        ct.to_str()
            .is_ok_and(|ct| ct.starts_with("application/grpc"))
    }) {
        response.headers_mut().insert(CONTENT_TYPE, content_type);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                *name,
                HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("")),
            );
        }
        map
    }

    #[test]
    fn the_cookie_is_prefixed_and_secure_over_https() {
        let policy = CookiePolicy::new("portal_session", true, vec![]);
        let set = policy
            .set_cookie("ps_abc")
            .map(|v| v.to_str().map(str::to_owned));
        let Some(Ok(set)) = set else {
            panic!("no cookie")
        };
        assert!(set.starts_with("__Host-portal_session=ps_abc"), "{set}");
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Secure"] {
            assert!(set.contains(attribute), "{set} lacks {attribute}");
        }
    }

    #[test]
    fn clearing_expires_the_cookie_at_once() {
        let policy = CookiePolicy::new("portal_session", false, vec![]);
        let Some(Ok(clear)) = policy.clear_cookie().map(|v| v.to_str().map(str::to_owned)) else {
            panic!("no cookie")
        };
        assert!(clear.starts_with("portal_session=;"), "{clear}");
        assert!(clear.contains("Max-Age=0"), "{clear}");
        assert!(!clear.contains("Secure"), "{clear}");
    }

    #[test]
    fn only_token_shaped_cookies_are_read() {
        let policy = CookiePolicy::new("portal_session", false, vec![]);
        let ok = headers(&[("cookie", "a=b; portal_session=ps_Ab-9_z")]);
        assert_eq!(policy.token(&ok).as_deref(), Some("ps_Ab-9_z"));
        for bad in [
            "portal_session=Bearer x",
            "portal_session=ps_",
            "portal_session=ps_a b",
            "other=ps_abc",
        ] {
            assert_eq!(policy.token(&headers(&[("cookie", bad)])), None, "{bad}");
        }
    }

    #[test]
    fn own_and_listed_origins_pass_the_csrf_check_and_others_do_not() {
        let policy = CookiePolicy::new(
            "s",
            false,
            vec!["https://portal.example.com".into(), "*".into()],
        );
        let host = ("host", "127.0.0.1:8080");
        let own = headers(&[host, ("origin", "http://127.0.0.1:8080")]);
        assert_eq!(policy.csrf_refusal(&own, None, true), None);
        let listed = headers(&[host, ("origin", "https://portal.example.com")]);
        assert_eq!(policy.csrf_refusal(&listed, None, true), None);
        let http2 = headers(&[("origin", "http://127.0.0.1:8080")]);
        assert_eq!(
            policy.csrf_refusal(&http2, Some("127.0.0.1:8080"), true),
            None,
            "HTTP/2 names the host in :authority"
        );
        for refused in [
            headers(&[host, ("origin", "https://evil.example")]),
            headers(&[host, ("origin", "null")]),
            headers(&[host, ("origin", "http://127.0.0.1:8080.evil.example")]),
            headers(&[host]),
            headers(&[
                host,
                ("origin", "http://127.0.0.1:8080"),
                ("sec-fetch-site", "cross-site"),
            ]),
        ] {
            assert!(
                policy.csrf_refusal(&refused, None, true).is_some(),
                "{refused:?}"
            );
        }
        assert!(
            policy.csrf_refusal(&own, None, false).is_some(),
            "not grpc-web"
        );
    }
}
