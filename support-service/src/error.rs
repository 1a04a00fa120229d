//! The one error type of the support service and its mapping to `Status`.

use std::time::Duration;

use portal_common::status::{self, FieldViolation};
use tonic::{Code, Status};

/// `ErrorInfo.domain` of every error this service returns.
pub const ERROR_DOMAIN: &str = "support.portal";

portal_common::reason_codes! {
    /// Every `ErrorInfo.reason` the support service answers with
    /// (ARCHITECTURE.md, "Invariants": errors).
    pub enum Reason {
        InvalidArgument => "INVALID_ARGUMENT",
        NotFound => "NOT_FOUND",
        SessionInvalid => "SESSION_INVALID",
        NotASupportAgent => "NOT_A_SUPPORT_AGENT",
        /// A status change the ticket's workflow does not allow.
        IllegalTransition => "ILLEGAL_TRANSITION",
        NotACallback => "NOT_A_CALLBACK",
        /// A requester replied on a closed ticket.
        TicketClosed => "TICKET_CLOSED",
        VersionConflict => "VERSION_CONFLICT",
        TooManySubmissions => "TOO_MANY_SUBMISSIONS",
        AuthUnavailable => "AUTH_UNAVAILABLE",
    }
}

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
    FailedPrecondition { reason: Reason, message: String },
    #[error("the ticket changed since it was read")]
    VersionConflict,
    #[error("too many submissions")]
    TooManySubmissions { retry_after: Duration },
    #[error("auth service unavailable: {0}")]
    AuthUnavailable(String),
    #[error("database")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<FieldViolation> for SupportError {
    fn from(violation: FieldViolation) -> Self {
        Self::InvalidArgument(vec![violation])
    }
}

impl SupportError {
    pub fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self::InvalidArgument(vec![FieldViolation::new(field, description)])
    }
}

fn with_reason(code: Code, message: &str, reason: Reason) -> Status {
    status::with_reason(code, message, ERROR_DOMAIN, reason.as_str())
}

impl From<SupportError> for Status {
    fn from(error: SupportError) -> Self {
        match error {
            SupportError::InvalidArgument(violations) => {
                status::invalid_argument(ERROR_DOMAIN, Reason::InvalidArgument.as_str(), violations)
            }
            SupportError::NotFound(what) => with_reason(
                Code::NotFound,
                &format!("No {what} matches."),
                Reason::NotFound,
            ),
            SupportError::Unauthenticated => portal_common::status::session_ended(with_reason(
                Code::Unauthenticated,
                "Please sign in again.",
                Reason::SessionInvalid,
            )),
            SupportError::NotAnAgent => with_reason(
                Code::PermissionDenied,
                "This needs a support agent.",
                Reason::NotASupportAgent,
            ),
            SupportError::FailedPrecondition { reason, message } => {
                with_reason(Code::FailedPrecondition, &message, reason)
            }
            SupportError::VersionConflict => with_reason(
                Code::Aborted,
                "The ticket was changed by someone else. Reload it and try again.",
                Reason::VersionConflict,
            ),
            SupportError::TooManySubmissions { retry_after } => status::with_retry(
                Code::ResourceExhausted,
                "Too many requests. Please try again later.",
                ERROR_DOMAIN,
                Reason::TooManySubmissions.as_str(),
                retry_after,
            ),
            SupportError::AuthUnavailable(detail) => {
                tracing::warn!(%detail, "auth service unavailable");
                with_reason(
                    Code::Unavailable,
                    "Sign-in checks are unavailable. Please try again shortly.",
                    Reason::AuthUnavailable,
                )
            }
            SupportError::Database(error) => {
                status::internal(&anyhow::Error::new(error).context("database"))
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
    fn reason_codes_are_distinct_and_shaped() {
        let codes: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(status::check_reason_codes(&codes), Ok(()));
    }

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
                    reason: Reason::IllegalTransition,
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
        for reason in Reason::ALL {
            let error = SupportError::FailedPrecondition {
                reason: *reason,
                message: "m".into(),
            };
            assert_eq!(
                Status::from(error)
                    .get_details_error_info()
                    .map(|i| i.reason),
                Some(reason.as_str().into())
            );
        }
        let database = Status::from(SupportError::Database(sqlx::Error::PoolTimedOut));
        assert_eq!(database.code(), Code::Internal);
        let internal = Status::from(SupportError::Internal(anyhow::anyhow!("secret")));
        assert_eq!(internal.code(), Code::Internal);
        assert!(!internal.message().contains("secret"));
    }
}
