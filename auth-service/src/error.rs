//! The one error type of the auth service, and its mapping to `tonic::Status`
//! with rich details (`ErrorInfo`, `BadRequest`, `RetryInfo`).

use std::collections::HashMap;
use std::time::Duration;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::domain::messages;

/// `ErrorInfo.domain` of every error this service returns.
pub const ERROR_DOMAIN: &str = "auth.portal";

pub use portal_common::status::FieldViolation;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("invalid email and/or password")]
    InvalidCredentials,
    #[error("account locked")]
    AccountLocked { retry_after: Duration },
    #[error("temporary password expired")]
    TemporaryPasswordExpired,
    #[error("no sites granted")]
    NoSites,
    #[error("invalid request")]
    InvalidArgument(Vec<FieldViolation>),
    #[error("current password incorrect")]
    CurrentPasswordIncorrect,
    #[error("missing, expired or revoked session")]
    SessionInvalid,
    #[error("session scope does not allow this call")]
    RegistrationIncomplete,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0} already exists")]
    AlreadyExists(&'static str),
    /// No capacity to judge the request before the caller's deadline or
    /// `hashing.max_wait_ms`: `UNAVAILABLE`, to be tried after `retry_after`.
    #[error("password hashing queue is full")]
    Overloaded { retry_after: Duration },
    /// `INVALID_ARGUMENT` with a reason of its own and one field.
    #[error("{message}")]
    InvalidField {
        reason: &'static str,
        message: &'static str,
        field: &'static str,
        description: String,
    },
    #[error("{message}")]
    PermissionDenied {
        reason: &'static str,
        message: &'static str,
    },
    /// The call cannot run in the current state; `missing` names what is
    /// lacking as (type, subject, description).
    #[error("{message}")]
    FailedPrecondition {
        reason: &'static str,
        message: String,
        missing: Vec<(String, String, String)>,
    },
    #[error("{message}")]
    ResourceExhausted {
        reason: &'static str,
        message: &'static str,
        retry_after: Duration,
    },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AuthError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(anyhow::Error::new(error).context("database"))
    }
}

impl AuthError {
    pub fn invalid(field: &str, description: &str) -> Self {
        Self::InvalidArgument(vec![FieldViolation::new(field, description)])
    }
}

/// An id from a request (see `portal_common::ids`).
pub fn parse_id(field: &str, raw: &str) -> Result<String, AuthError> {
    portal_common::ids::parse(field, raw).map_err(|v| AuthError::InvalidArgument(vec![v]))
}

/// An optional id from a request: empty means none.
pub fn parse_optional_id(field: &str, raw: &str) -> Result<Option<String>, AuthError> {
    portal_common::ids::parse_optional(field, raw).map_err(|v| AuthError::InvalidArgument(vec![v]))
}

fn with_reason(code: Code, message: &str, reason: &str) -> Status {
    let details = ErrorDetails::with_error_info(reason, ERROR_DOMAIN, HashMap::new());
    Status::with_error_details(code, message, details)
}

impl From<AuthError> for Status {
    fn from(error: AuthError) -> Self {
        match error {
            AuthError::InvalidCredentials => with_reason(
                Code::Unauthenticated,
                messages::INVALID_CREDENTIALS,
                "INVALID_CREDENTIALS",
            ),
            AuthError::AccountLocked { retry_after } => {
                let mut details =
                    ErrorDetails::with_error_info("ACCOUNT_LOCKED", ERROR_DOMAIN, HashMap::new());
                details.set_retry_info(Some(retry_after));
                Status::with_error_details(Code::Unauthenticated, messages::ACCOUNT_LOCKED, details)
            }
            AuthError::TemporaryPasswordExpired => with_reason(
                Code::Unauthenticated,
                messages::TEMPORARY_PASSWORD_EXPIRED,
                "TEMPORARY_PASSWORD_EXPIRED",
            ),
            AuthError::NoSites => {
                with_reason(Code::PermissionDenied, messages::NO_SITES, "NO_SITES")
            }
            AuthError::InvalidArgument(violations) => {
                let violations = violations
                    .into_iter()
                    .map(|v| tonic_types::FieldViolation::new(v.field, v.description))
                    .collect::<Vec<_>>();
                let mut details = ErrorDetails::with_bad_request(violations);
                details.set_error_info("INVALID_ARGUMENT", ERROR_DOMAIN, HashMap::new());
                Status::with_error_details(
                    Code::InvalidArgument,
                    "The request has invalid fields.",
                    details,
                )
            }
            AuthError::CurrentPasswordIncorrect => {
                let mut details = ErrorDetails::with_bad_request_violation(
                    "current_password",
                    "does not match the account's password",
                );
                details.set_error_info("INVALID_CREDENTIALS", ERROR_DOMAIN, HashMap::new());
                Status::with_error_details(
                    Code::InvalidArgument,
                    messages::CURRENT_PASSWORD_INCORRECT,
                    details,
                )
            }
            AuthError::SessionInvalid => portal_common::status::session_ended(with_reason(
                Code::Unauthenticated,
                messages::SESSION_INVALID,
                "SESSION_INVALID",
            )),
            AuthError::RegistrationIncomplete => with_reason(
                Code::PermissionDenied,
                messages::REGISTRATION_INCOMPLETE,
                "REGISTRATION_INCOMPLETE",
            ),
            AuthError::NotFound(what) => {
                with_reason(Code::NotFound, &format!("{what} not found."), "NOT_FOUND")
            }
            AuthError::AlreadyExists(what) => with_reason(
                Code::AlreadyExists,
                &format!("{what} already exists."),
                "ALREADY_EXISTS",
            ),
            AuthError::Overloaded { retry_after } => {
                let mut details =
                    ErrorDetails::with_error_info("OVERLOADED", ERROR_DOMAIN, HashMap::new());
                details.set_retry_info(Some(retry_after));
                Status::with_error_details(Code::Unavailable, messages::OVERLOADED, details)
            }
            AuthError::InvalidField {
                reason,
                message,
                field,
                description,
            } => {
                let mut details = ErrorDetails::with_bad_request_violation(field, description);
                details.set_error_info(reason, ERROR_DOMAIN, HashMap::new());
                Status::with_error_details(Code::InvalidArgument, message, details)
            }
            AuthError::PermissionDenied { reason, message } => {
                with_reason(Code::PermissionDenied, message, reason)
            }
            AuthError::FailedPrecondition {
                reason,
                message,
                missing,
            } => {
                let mut details =
                    ErrorDetails::with_error_info(reason, ERROR_DOMAIN, HashMap::new());
                details.set_precondition_failure(
                    missing
                        .into_iter()
                        .map(|(kind, subject, description)| {
                            tonic_types::PreconditionViolation::new(kind, subject, description)
                        })
                        .collect::<Vec<_>>(),
                );
                Status::with_error_details(Code::FailedPrecondition, message, details)
            }
            AuthError::ResourceExhausted {
                reason,
                message,
                retry_after,
            } => {
                let mut details =
                    ErrorDetails::with_error_info(reason, ERROR_DOMAIN, HashMap::new());
                details.set_retry_info(Some(retry_after));
                Status::with_error_details(Code::ResourceExhausted, message, details)
            }
            AuthError::Internal(error) => {
                // The whole chain is logged once, here; the caller learns nothing.
                tracing::error!(error = %format!("{error:#}"), "internal error");
                Status::internal("Something went wrong. Please try again later.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(status: &Status) -> String {
        status
            .get_details_error_info()
            .map(|info| info.reason)
            .unwrap_or_default()
    }

    #[test]
    fn every_variant_maps_to_its_code_and_reason() {
        let cases: Vec<(AuthError, Code, &str)> = vec![
            (
                AuthError::InvalidCredentials,
                Code::Unauthenticated,
                "INVALID_CREDENTIALS",
            ),
            (
                AuthError::AccountLocked {
                    retry_after: Duration::from_secs(60),
                },
                Code::Unauthenticated,
                "ACCOUNT_LOCKED",
            ),
            (
                AuthError::TemporaryPasswordExpired,
                Code::Unauthenticated,
                "TEMPORARY_PASSWORD_EXPIRED",
            ),
            (AuthError::NoSites, Code::PermissionDenied, "NO_SITES"),
            (
                AuthError::invalid("email", "is empty"),
                Code::InvalidArgument,
                "INVALID_ARGUMENT",
            ),
            (
                AuthError::CurrentPasswordIncorrect,
                Code::InvalidArgument,
                "INVALID_CREDENTIALS",
            ),
            (
                AuthError::SessionInvalid,
                Code::Unauthenticated,
                "SESSION_INVALID",
            ),
            (
                AuthError::RegistrationIncomplete,
                Code::PermissionDenied,
                "REGISTRATION_INCOMPLETE",
            ),
            (AuthError::NotFound("session"), Code::NotFound, "NOT_FOUND"),
            (
                AuthError::AlreadyExists("user"),
                Code::AlreadyExists,
                "ALREADY_EXISTS",
            ),
            (
                AuthError::Overloaded {
                    retry_after: Duration::from_secs(1),
                },
                Code::Unavailable,
                "OVERLOADED",
            ),
            (
                AuthError::InvalidField {
                    reason: "VERIFICATION_CODE_INCORRECT",
                    message: "wrong",
                    field: "code",
                    description: "does not match".into(),
                },
                Code::InvalidArgument,
                "VERIFICATION_CODE_INCORRECT",
            ),
            (
                AuthError::PermissionDenied {
                    reason: "NOT_ADMIN",
                    message: "no",
                },
                Code::PermissionDenied,
                "NOT_ADMIN",
            ),
            (
                AuthError::FailedPrecondition {
                    reason: "REGISTRATION_INCOMPLETE",
                    message: "missing".into(),
                    missing: vec![(
                        "REGISTRATION_STEP".into(),
                        "TERMS".into(),
                        "not done".into(),
                    )],
                },
                Code::FailedPrecondition,
                "REGISTRATION_INCOMPLETE",
            ),
            (
                AuthError::ResourceExhausted {
                    reason: "VERIFICATION_CODE_RESEND_TOO_SOON",
                    message: "wait",
                    retry_after: Duration::from_secs(30),
                },
                Code::ResourceExhausted,
                "VERIFICATION_CODE_RESEND_TOO_SOON",
            ),
        ];
        for (error, code, expected_reason) in cases {
            let status = Status::from(error);
            assert_eq!(status.code(), code);
            assert_eq!(reason(&status), expected_reason);
        }
    }

    #[test]
    fn lock_carries_retry_info_and_the_exact_message() {
        let status = Status::from(AuthError::AccountLocked {
            retry_after: Duration::from_secs(1800),
        });
        assert_eq!(status.message(), messages::ACCOUNT_LOCKED);
        let retry = status.get_details_retry_info().and_then(|r| r.retry_delay);
        assert_eq!(retry, Some(Duration::from_secs(1800)));
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let status = Status::from(AuthError::Internal(anyhow::anyhow!("secret detail")));
        assert_eq!(status.code(), Code::Internal);
        assert!(!status.message().contains("secret"));
    }

    #[test]
    fn field_violations_are_listed() {
        let status = Status::from(AuthError::invalid("password", "must not be empty"));
        let bad = status
            .get_details_bad_request()
            .map(|b| b.field_violations)
            .unwrap_or_default();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].field, "password");
    }
}
