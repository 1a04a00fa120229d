//! A request body whose last gRPC frame is cut short is the caller's
//! mistake, but tonic answers it `INTERNAL`. Every portal server, and the
//! gateway, answers `INVALID_ARGUMENT` instead. (A garbled message inside a
//! whole frame is already `INVALID_ARGUMENT`: see the portal codec.)

use http::{HeaderValue, Response};
use tower::util::MapResponseLayer;

/// Rewrites a framing error's `INTERNAL` to `INVALID_ARGUMENT`. Such errors
/// end the call before any message, so the status is in the headers.
pub fn client_framing_errors_are_invalid_arguments<B>(response: &mut Response<B>) {
    let headers = response.headers_mut();
    let internal = headers.get("grpc-status").is_some_and(|s| s == "13");
    let framing = headers
        .get("grpc-message")
        .and_then(|m| m.to_str().ok())
        .is_some_and(|m| m.contains("decoding") || m.contains("Unexpected%20EOF"));
    if internal && framing {
        headers.insert("grpc-status", HeaderValue::from_static("3"));
    }
}

/// The same, as a layer for a server.
pub fn layer<B>() -> MapResponseLayer<fn(Response<B>) -> Response<B>> {
    MapResponseLayer::new(|mut response: Response<B>| {
        client_framing_errors_are_invalid_arguments(&mut response);
        response
    })
}
