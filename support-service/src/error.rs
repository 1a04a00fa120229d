//! The one error type of the support service and its mapping to `Status`.

use std::time::Duration;

use portal_common::status::{self, FieldViolation};
use tonic::{Code, Status};

/// `ErrorInfo.domain` of every error this service returns.
pub const ERROR_DOMAIN: &str = "support.portal";

#[derive(Debug, thiserror::Error)]
pub enum SupportError {
    #[error("invalid request")]
    InvalidArgument(Vec<FieldViolation>),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("missing or invalid session")]
    Unauthenticated,
    #[error("not a support agent")]
    NotAnAgent,
    #[error("{message}")]
    FailedPrecondition {
        reason: &'static str,
        message: String,
    },
    #[error("the ticket changed since it was read")]
    VersionConflict,
    #[error("too many submissions")]
    TooManySubmissions { retry_after: Duration },
    #[error("auth service unavailable: {0}")]
    AuthUnavailable(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for SupportError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(anyhow::Error::new(error).context("database"))
    }
}

impl SupportError {
    pub fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self::InvalidArgument(vec![FieldViolation::new(field, description)])
    }
}

impl From<SupportError> for Status {
    fn from(error: SupportError) -> Self {
        use status::with_reason;
        match error {
            SupportError::InvalidArgument(violations) => {
                status::invalid_argument(ERROR_DOMAIN, violations)
            }
            SupportError::NotFound(what) => with_reason(
                Code::NotFound,
                &format!("No {what} matches."),
                ERROR_DOMAIN,
                "NOT_FOUND",
            ),
            SupportError::Unauthenticated => portal_common::status::session_ended(with_reason(
                Code::Unauthenticated,
                "Please sign in again.",
                ERROR_DOMAIN,
                "SESSION_INVALID",
            )),
            SupportError::NotAnAgent => with_reason(
                Code::PermissionDenied,
                "This needs a support agent.",
                ERROR_DOMAIN,
                "NOT_A_SUPPORT_AGENT",
            ),
            SupportError::FailedPrecondition { reason, message } => {
                with_reason(Code::FailedPrecondition, &message, ERROR_DOMAIN, reason)
            }
            SupportError::VersionConflict => with_reason(
                Code::Aborted,
                "The ticket was changed by someone else. Reload it and try again.",
                ERROR_DOMAIN,
                "VERSION_CONFLICT",
            ),
            SupportError::TooManySubmissions { retry_after } => status::with_retry(
                Code::ResourceExhausted,
                "Too many requests. Please try again later.",
                ERROR_DOMAIN,
                "TOO_MANY_SUBMISSIONS",
                retry_after,
            ),
            SupportError::AuthUnavailable(detail) => {
                tracing::warn!(%detail, "auth service unavailable");
                with_reason(
                    Code::Unavailable,
                    "Sign-in checks are unavailable. Please try again shortly.",
                    ERROR_DOMAIN,
                    "AUTH_UNAVAILABLE",
                )
            }
            SupportError::Internal(error) => status::internal(&error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonic_types::StatusExt;

    #[test]
    fn every_variant_maps_to_its_code_and_reason() {
        let cases = vec![
            (
                SupportError::invalid("email", "bad"),
                Code::InvalidArgument,
                "INVALID_ARGUMENT",
            ),
            (
                SupportError::NotFound("ticket"),
                Code::NotFound,
                "NOT_FOUND",
            ),
            (
                SupportError::Unauthenticated,
                Code::Unauthenticated,
                "SESSION_INVALID",
            ),
            (
                SupportError::NotAnAgent,
                Code::PermissionDenied,
                "NOT_A_SUPPORT_AGENT",
            ),
            (
                SupportError::FailedPrecondition {
                    reason: "ILLEGAL_TRANSITION",
                    message: "no".into(),
                },
                Code::FailedPrecondition,
                "ILLEGAL_TRANSITION",
            ),
            (
                SupportError::VersionConflict,
                Code::Aborted,
                "VERSION_CONFLICT",
            ),
            (
                SupportError::TooManySubmissions {
                    retry_after: Duration::from_secs(5),
                },
                Code::ResourceExhausted,
                "TOO_MANY_SUBMISSIONS",
            ),
            (
                SupportError::AuthUnavailable("down".into()),
                Code::Unavailable,
                "AUTH_UNAVAILABLE",
            ),
        ];
        for (error, code, reason) in cases {
            let status = Status::from(error);
            assert_eq!(status.code(), code);
            assert_eq!(
                status.get_details_error_info().map(|i| i.reason),
                Some(reason.into())
            );
        }
        let internal = Status::from(SupportError::Internal(anyhow::anyhow!("secret")));
        assert_eq!(internal.code(), Code::Internal);
        assert!(!internal.message().contains("secret"));
    }
}
