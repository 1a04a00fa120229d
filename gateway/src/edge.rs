//! What the gateway does to every call before it reaches a service: name
//! the client (its address — the socket's, or what a trusted load balancer
//! says, see `client_address` — and user agent, overwriting anything the
//! client claimed), give the call a request id, and apply the per-IP rate
//! limit to the calls anyone can make without signing in.

use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use http::{HeaderValue, Request, Response};
use portal_common::forwarding::TrustedProxies;
use portal_common::request::{CLIENT_IP_HEADER, CLIENT_USER_AGENT_HEADER};
use tonic::Status;
use tonic::body::Body;
use tonic::transport::server::TcpConnectInfo;
use tower::{Layer, Service};

use crate::client_address::{ForwardedHeader, client_ip};
use crate::errors::{ERROR_DOMAIN, Reason};

/// Calls limited per client IP: sign-in, password reset, support intake.
const LIMITED: &[&str] = &[
    "/portal.auth.v1.AuthService/Login",
    "/portal.auth.v1.PasswordResetService/StartSecurityQuestionReset",
    "/portal.auth.v1.PasswordResetService/AnswerSecurityQuestions",
    "/portal.auth.v1.PasswordResetService/RequestPasswordResetEmail",
    "/portal.auth.v1.PasswordResetService/CheckPasswordResetToken",
    "/portal.auth.v1.PasswordResetService/CompletePasswordReset",
    "/portal.support.v1.SupportService/SubmitContactForm",
    "/portal.support.v1.SupportService/RequestCallback",
    "/portal.support.v1.SupportService/ReplyToTicket",
];

pub use portal_common::request_span::REQUEST_ID_HEADER;

#[derive(Clone)]
pub struct EdgeLayer {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    trusted: TrustedProxies,
    header: ForwardedHeader,
}

impl std::fmt::Debug for EdgeLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EdgeLayer")
    }
}

impl EdgeLayer {
    /// `per_minute` limited calls per client; `trusted` load balancers
    /// may name the client in `header`.
    pub fn new(per_minute: u32, trusted: TrustedProxies, header: ForwardedHeader) -> Self {
        let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
            trusted,
            header,
        }
    }
}

impl<S> Layer<S> for EdgeLayer {
    type Service = Edge<S>;

    fn layer(&self, inner: S) -> Edge<S> {
        Edge {
            inner,
            limiter: self.limiter.clone(),
            trusted: self.trusted.clone(),
            header: self.header,
        }
    }
}

#[derive(Clone)]
pub struct Edge<S> {
    inner: S,
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    trusted: TrustedProxies,
    header: ForwardedHeader,
}

impl<S> std::fmt::Debug for Edge<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Edge")
    }
}

impl<S, B> Service<Request<B>> for Edge<S>
where
    S: Service<Request<B>, Response = Response<Body>> + Send,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Response<Body>, S::Error>> + Send>,
    >;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let peer = request
            .extensions()
            .get::<TcpConnectInfo>()
            .and_then(TcpConnectInfo::remote_addr)
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |addr| addr.ip());
        let ip = client_ip(request.headers(), peer, &self.trusted, self.header);
        let request_id = name_the_client(&mut request, ip);
        if LIMITED.contains(&request.uri().path())
            && let Err(not_until) = self.limiter.check_key(&ip)
        {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            // Answered here, before the call's span opens: logged here.
            tracing::info!(
                path = %request.uri().path(),
                request_id = %request_id,
                "call refused: rate limited"
            );
            let response = too_many(wait, &request_id);
            return Box::pin(async move { Ok(response) });
        }
        let future = self.inner.call(request);
        Box::pin(async move {
            let mut response = future.await?;
            portal_common::framing::client_framing_errors_are_invalid_arguments(&mut response);
            if let Ok(value) = HeaderValue::from_str(&request_id) {
                response.headers_mut().insert(REQUEST_ID_HEADER, value);
            }
            Ok(response)
        })
    }
}

/// Overwrites the client headers with what the gateway saw, and returns the
/// request id (the client's, when it sent a sane one).
fn name_the_client<B>(request: &mut Request<B>, ip: IpAddr) -> String {
    let headers = request.headers_mut();
    // The browser's own `User-Agent` names the device a person recognises
    // in their session list; grpc-web libraries put only their own name in
    // `x-user-agent`, the fallback for clients that send nothing else.
    let user_agent = headers
        .get(http::header::USER_AGENT)
        .or_else(|| headers.get("x-user-agent"))
        .cloned();
    headers.remove(CLIENT_IP_HEADER);
    headers.remove(CLIENT_USER_AGENT_HEADER);
    if let Ok(value) = HeaderValue::from_str(&ip.to_string()) {
        headers.insert(CLIENT_IP_HEADER, value);
    }
    if let Some(user_agent) = user_agent {
        headers.insert(CLIENT_USER_AGENT_HEADER, user_agent);
    }
    let request_id = portal_common::request_span::request_id(request);
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        request.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    request_id
}

fn too_many(wait: Duration, request_id: &str) -> Response<Body> {
    let status = portal_common::status::with_retry(
        tonic::Code::ResourceExhausted,
        "Too many requests from your address. Please wait a moment.",
        ERROR_DOMAIN,
        Reason::RateLimited.as_str(),
        wait.max(Duration::from_secs(1)),
    );
    let mut response = status_response(status);
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

/// A trailers-only gRPC response carrying `status`.
pub fn status_response(status: Status) -> Response<Body> {
    status.into_http()
}
