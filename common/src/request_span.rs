//! A span per call, named by its path and request id, so every log line a
//! call writes — its failure included — can be found by the id the browser
//! saw. The gateway sets `x-request-id` (the browser's own when it sent a
//! sane one); a caller that sent none gets one here. The id is echoed on the
//! response.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::{HeaderValue, Request, Response};
use tonic::Code;
use tower::{Layer, Service};
use tracing::Instrument;

/// The header that carries a call's id from the browser to the services.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Longest request id believed from a caller.
const MAX_REQUEST_ID_LEN: usize = 64;

/// The caller's request id when it is short and printable, else a new one.
pub fn request_id<B>(request: &Request<B>) -> String {
    request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|id| {
            !id.is_empty()
                && id.len() <= MAX_REQUEST_ID_LEN
                && id.bytes().all(|b| b.is_ascii_graphic())
        })
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned)
}

/// Opens the `rpc` span of each call and logs how a failed one ended.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestSpanLayer;

impl<S> Layer<S> for RequestSpanLayer {
    type Service = RequestSpan<S>;

    fn layer(&self, inner: S) -> RequestSpan<S> {
        RequestSpan { inner }
    }
}

/// A service wrapped by [`RequestSpanLayer`].
#[derive(Debug, Clone)]
pub struct RequestSpan<S> {
    inner: S,
}

impl<S, B, ResBody> Service<Request<B>> for RequestSpan<S>
where
    S: Service<Request<B>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<ResBody>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let id = request_id(&request);
        let header = HeaderValue::from_str(&id).ok();
        if let Some(value) = &header {
            request
                .headers_mut()
                .insert(REQUEST_ID_HEADER, value.clone());
        }
        let span = tracing::info_span!("rpc", path = %request.uri().path(), request_id = %id);
        let future = {
            let _entered = span.enter();
            self.inner.call(request)
        };
        Box::pin(
            async move {
                let mut response = future.await?;
                log_failure(&response);
                if let Some(value) = header {
                    response.headers_mut().insert(REQUEST_ID_HEADER, value);
                }
                Ok(response)
            }
            .instrument(span),
        )
    }
}

/// Logs a call that ended in an error, inside its span: the caller's
/// mistakes at `INFO`, the service's trouble at `WARN` (an `INTERNAL`'s
/// cause is logged where it happened). Unary errors come back
/// trailers-only, so their status is in the headers.
fn log_failure<ResBody>(response: &Response<ResBody>) {
    let Some(code) = response
        .headers()
        .get("grpc-status")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<i32>().ok())
        .map(Code::from_i32)
        .filter(|code| *code != Code::Ok)
    else {
        return;
    };
    let message = response
        .headers()
        .get("grpc-message")
        .and_then(|value| value.to_str().ok())
        .map(|value| percent_encoding::percent_decode_str(value).decode_utf8_lossy())
        .unwrap_or_default();
    match code {
        Code::Internal
        | Code::Unknown
        | Code::Unavailable
        | Code::DeadlineExceeded
        | Code::DataLoss
        | Code::Unimplemented => {
            tracing::warn!(code = ?code, %message, "call failed");
        }
        _ => tracing::info!(code = ?code, %message, "call refused"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sane_caller_id_is_kept_and_anything_else_replaced() {
        let with = |id: &str| {
            let request = Request::builder()
                .header(REQUEST_ID_HEADER, id)
                .body(())
                .map_err(|e| e.to_string());
            request.map(|r| request_id(&r))
        };
        assert_eq!(with("browser-42"), Ok("browser-42".to_owned()));
        for bad in ["", "has space", &"x".repeat(65)] {
            let replaced = with(bad).unwrap_or_default();
            assert_ne!(replaced, bad);
            assert_eq!(replaced.len(), 36, "a UUID");
        }
    }
}
