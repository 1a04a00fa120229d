//! The portal's web front end (`web/dist`, built by `npm run build`),
//! embedded in the gateway binary and served on the API's own port and
//! origin (README, "The web front end"):
//!
//! - hashed files under `/assets/` are `immutable` for a year, everything
//!   else (`index.html` above all) is `no-cache`, so a new release is seen
//!   at the next page load;
//! - a path without a file extension that names no file is a client route
//!   (`/login`, `/reset-password`, …) and gets `index.html`;
//! - every answer carries the strict Content-Security-Policy and the other
//!   security headers below, and is compressed when the browser accepts it.
//!
//! Release builds embed the files; debug builds read them from `web/dist`
//! at request time, so a rebuilt front end shows without recompiling.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{HeaderName, HeaderValue, Method, Request, StatusCode, header};
use rust_embed::Embed;
use tower::util::BoxCloneSyncService;
use tower::{Layer, Service, ServiceBuilder, ServiceExt};
use tower_http::compression::CompressionLayer;

#[derive(Embed)]
#[folder = "../web/dist"]
#[allow_missing = true]
struct Assets;

/// No script, style, font or image from anywhere but the gateway; no inline
/// script; no plugins; no `<base>`; never framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";
const INDEX: &str = "index.html";

/// Shown when the gateway was built before the front end was.
const NOT_BUILT: &str = "The portal's web front end is not built into this gateway. \
     Build the front end, then the gateway: the README's run command (`make run`) does both.";

/// Whether the front end was there when the gateway was built (release) or
/// is there now (debug).
pub fn is_built() -> bool {
    Assets::get(INDEX).is_some()
}

/// Answers page requests (GET and HEAD that are not gRPC) with the site,
/// in front of the grpc-web translation, which refuses plain HTTP/1.1.
#[derive(Debug, Clone, Default)]
pub struct WebFrontEndLayer;

impl<S> Layer<S> for WebFrontEndLayer {
    type Service = WebFrontEnd<S>;

    fn layer(&self, inner: S) -> WebFrontEnd<S> {
        WebFrontEnd {
            inner,
            site: site(),
        }
    }
}

#[derive(Clone)]
pub struct WebFrontEnd<S> {
    inner: S,
    site: BoxCloneSyncService<Request<Body>, Response, Infallible>,
}

impl<S> std::fmt::Debug for WebFrontEnd<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebFrontEnd")
    }
}

impl<S, B> Service<Request<B>> for WebFrontEnd<S>
where
    S: Service<Request<B>, Response = Response<tonic::body::Body>>,
    S::Future: Send + 'static,
{
    type Response = Response<tonic::body::Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        if !is_page_request(&request) {
            return Box::pin(self.inner.call(request));
        }
        // A GET's body means nothing.
        let (parts, _) = request.into_parts();
        let page = self
            .site
            .clone()
            .oneshot(Request::from_parts(parts, Body::empty()));
        Box::pin(async move {
            let response = match page.await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            Ok(response.map(tonic::body::Body::new))
        })
    }
}

/// Pages are fetched with GET or HEAD; every other request is left to the
/// gRPC side, which answers or refuses it in gRPC terms.
fn is_page_request<B>(request: &Request<B>) -> bool {
    (request.method() == Method::GET || request.method() == Method::HEAD)
        && !request
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|ct| ct.as_bytes().starts_with(b"application/grpc"))
}

/// The site as one service: compressed answers, security headers on all.
fn site() -> BoxCloneSyncService<Request<Body>, Response, Infallible> {
    let service = ServiceBuilder::new()
        .layer(CompressionLayer::new())
        .service_fn(|request: Request<Body>| async move { Ok::<_, Infallible>(answer(&request)) })
        .map_response(IntoResponse::into_response);
    BoxCloneSyncService::new(service)
}

fn answer(request: &Request<Body>) -> Response {
    let mut response = file_or_route(request.uri().path());
    secure(response.headers_mut());
    response
}

/// The file at `path`, `index.html` for a client route, or 404.
fn file_or_route(path: &str) -> Response {
    let path = path.trim_start_matches('/');
    if path
        .split('/')
        .any(|segment| segment == ".." || segment.starts_with('.'))
    {
        return plain(StatusCode::NOT_FOUND, "Not found.");
    }
    let (name, file) = match Assets::get(if path.is_empty() { INDEX } else { path }) {
        Some(file) => (path, file),
        None if is_client_route(path) => match Assets::get(INDEX) {
            Some(index) => (INDEX, index),
            None => return plain(StatusCode::SERVICE_UNAVAILABLE, NOT_BUILT),
        },
        None => return plain(StatusCode::NOT_FOUND, "Not found."),
    };
    let cache = if name.starts_with("assets/") {
        IMMUTABLE
    } else {
        NO_CACHE
    };
    let content_type = HeaderValue::from_str(file.metadata.mimetype())
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let mut response = Response::new(Body::from(file.data.into_owned()));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// `/login`, `/register/profile`: no extension in the last segment, and not
/// under `/assets/` (a missing asset is a 404, never the page).
fn is_client_route(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !path.starts_with("assets/") && !last.contains('.')
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = (status, text).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
    response
}

fn secure(headers: &mut http::HeaderMap) {
    let pairs = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in pairs {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_without_an_extension_are_client_routes() {
        for route in [
            "login",
            "reset-password",
            "register/profile",
            "contact/status",
        ] {
            assert!(is_client_route(route), "{route}");
        }
        for file in [
            "favicon.ico",
            "assets/index-abc.js",
            "assets/missing",
            "robots.txt",
        ] {
            assert!(!is_client_route(file), "{file}");
        }
    }

    #[test]
    fn hidden_files_and_parent_paths_are_not_served() {
        for path in ["/../Cargo.toml", "/assets/../../secret", "/.env"] {
            assert_eq!(
                file_or_route(path).status(),
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
    }
}
