//! Building `tonic::Status` values with rich error details, the same way in
//! every service.

use std::collections::HashMap;
use std::time::Duration;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// One invalid request field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    pub field: String,
    pub description: String,
}

impl FieldViolation {
    pub fn new(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            description: description.into(),
        }
    }
}

/// `code` with `message` and an `ErrorInfo{reason, domain}`.
pub fn with_reason(code: Code, message: &str, domain: &str, reason: &str) -> Status {
    let details = ErrorDetails::with_error_info(reason, domain, HashMap::new());
    Status::with_error_details(code, message, details)
}

/// Like [`with_reason`], plus `RetryInfo`.
pub fn with_retry(
    code: Code,
    message: &str,
    domain: &str,
    reason: &str,
    retry_after: Duration,
) -> Status {
    let mut details = ErrorDetails::with_error_info(reason, domain, HashMap::new());
    details.set_retry_info(Some(retry_after));
    Status::with_error_details(code, message, details)
}

/// `INVALID_ARGUMENT` listing every violation in `BadRequest`.
pub fn invalid_argument(domain: &str, violations: Vec<FieldViolation>) -> Status {
    let violations = violations
        .into_iter()
        .map(|v| tonic_types::FieldViolation::new(v.field, v.description))
        .collect::<Vec<_>>();
    let mut details = ErrorDetails::with_bad_request(violations);
    details.set_error_info("INVALID_ARGUMENT", domain, HashMap::new());
    Status::with_error_details(
        Code::InvalidArgument,
        "The request has invalid fields.",
        details,
    )
}

/// `INTERNAL` with a generic message; the cause is logged once, here.
pub fn internal(error: &anyhow::Error) -> Status {
    tracing::error!(error = %format!("{error:#}"), "internal error");
    Status::internal("Something went wrong. Please try again later.")
}

/// Marks `status` as ending the caller's session: it carries an empty
/// [`SESSION_TOKEN_HEADER`](crate::request::SESSION_TOKEN_HEADER), so the
/// gateway clears the browser's session cookie.
pub fn session_ended(mut status: Status) -> Status {
    status.metadata_mut().insert(
        crate::request::SESSION_TOKEN_HEADER,
        tonic::metadata::MetadataValue::from_static(""),
    );
    status
}
