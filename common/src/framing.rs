//! A request body that is not valid framing is the caller's mistake, but
//! tonic and tonic-web answer it `INTERNAL`: a last frame cut short, a
//! flag byte other than 0 (or 1 with a `grpc-encoding`), grpc-web-text
//! that is not padded base64. Every portal server, and the gateway in both
//! modes, answers `INVALID_ARGUMENT` instead (README, "The gateway"). (A
//! garbled message inside a whole frame is already `INVALID_ARGUMENT`: see
//! the portal codec.)

use http::{HeaderValue, Response};
use tower::util::MapResponseLayer;

/// What tonic's and tonic-web's framing errors say, as they appear
/// percent-encoded in `grpc-message`.
const FRAMING_ERRORS: [&str; 6] = [
    "decoding",
    // tonic-web's errors are all about reading the request body.
    "tonic-web:",
    "Unexpected%20EOF",
    "malformed%20base64",
    "compression%20flag",
    "compressed-flag",
];

/// Rewrites a framing error's `INTERNAL` to `INVALID_ARGUMENT`. Such errors
/// end the call before any message, so the status is in the headers.
pub fn client_framing_errors_are_invalid_arguments<B>(response: &mut Response<B>) {
    let headers = response.headers_mut();
    let internal = headers.get("grpc-status").is_some_and(|s| s == "13");
    let framing = headers
        .get("grpc-message")
        .and_then(|m| m.to_str().ok())
        .is_some_and(|m| FRAMING_ERRORS.iter().any(|marker| m.contains(marker)));
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
