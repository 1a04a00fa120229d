//! Small helpers for reading gRPC answers.

use std::time::Duration;

use tonic::metadata::MetadataValue;
use tonic::{Code, Request, Status};
use tonic_types::StatusExt;

/// A request with `authorization: Bearer <token>`; with an empty token
/// (a browser's session, delivered as a cookie) nothing is added and the
/// transport's cookie names the session.
pub fn with_bearer<T>(message: T, token: &str) -> anyhow::Result<Request<T>> {
    let mut request = Request::new(message);
    if token.is_empty() {
        return Ok(request);
    }
    let value: MetadataValue<_> = format!("Bearer {token}").parse()?;
    request.metadata_mut().insert("authorization", value);
    Ok(request)
}

/// What a client can observe of an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: Code,
    pub reason: String,
    pub message: String,
    pub retry_after: Option<Duration>,
    pub fields: Vec<String>,
}

impl From<&Status> for Failure {
    fn from(status: &Status) -> Self {
        Self {
            code: status.code(),
            reason: status
                .get_details_error_info()
                .map(|i| i.reason)
                .unwrap_or_default(),
            message: status.message().to_owned(),
            retry_after: status.get_details_retry_info().and_then(|r| r.retry_delay),
            fields: status
                .get_details_bad_request()
                .map(|b| b.field_violations.into_iter().map(|v| v.field).collect())
                .unwrap_or_default(),
        }
    }
}

/// The failure of `result`, or an error when it unexpectedly succeeded.
pub fn failure<T: std::fmt::Debug>(
    result: Result<tonic::Response<T>, Status>,
) -> anyhow::Result<Failure> {
    match result {
        Ok(response) => anyhow::bail!("expected an error, got {:?}", response.into_inner()),
        Err(status) => Ok(Failure::from(&status)),
    }
}
