//! The one error type of the auth service, its reason codes, and its
//! mapping to `tonic::Status` with rich details (`ErrorInfo`, `BadRequest`,
//! `RetryInfo`, `PreconditionFailure`), built by `portal_common::status`.

use std::time::Duration;

use portal_common::status;
use tonic::{Code, Status};

use crate::domain::messages;

/// `ErrorInfo.domain` of every error this service returns.
pub const ERROR_DOMAIN: &str = "auth.portal";

pub use portal_common::status::FieldViolation;

portal_common::reason_codes! {
    /// Every `ErrorInfo.reason` the auth service answers with
    /// (ARCHITECTURE.md, "Invariants": errors).
    pub enum Reason {
        InvalidCredentials => "INVALID_CREDENTIALS",
        AccountLocked => "ACCOUNT_LOCKED",
        TemporaryPasswordExpired => "TEMPORARY_PASSWORD_EXPIRED",
        NoSites => "NO_SITES",
        InvalidArgument => "INVALID_ARGUMENT",
        SessionInvalid => "SESSION_INVALID",
        /// A registration session called what needs a full one.
        FullSessionRequired => "FULL_SESSION_REQUIRED",
        /// A full session called a registration step.
        RegistrationSessionRequired => "REGISTRATION_SESSION_REQUIRED",
        /// `CompleteRegistration` with steps still to do.
        RegistrationIncomplete => "REGISTRATION_INCOMPLETE",
        TermsVersionOutdated => "TERMS_VERSION_OUTDATED",
        VerificationCodeIncorrect => "VERIFICATION_CODE_INCORRECT",
        VerificationCodeExpired => "VERIFICATION_CODE_EXPIRED",
        VerificationCodeResendTooSoon => "VERIFICATION_CODE_RESEND_TOO_SOON",
        VerificationCodeTooManySends => "VERIFICATION_CODE_TOO_MANY_SENDS",
        ResetFlowInvalid => "RESET_FLOW_INVALID",
        ResetTokenInvalid => "RESET_TOKEN_INVALID",
        SecurityQuestionsLocked => "SECURITY_QUESTIONS_LOCKED",
        SecurityAnswersIncorrect => "SECURITY_ANSWERS_INCORRECT",
        NotAnAdministrator => "NOT_AN_ADMINISTRATOR",
        NotASupportAgent => "NOT_A_SUPPORT_AGENT",
        /// The account or site belongs to another organisation.
        OtherOrganization => "OTHER_ORGANIZATION",
        /// Platform staff, out of an organisation administrator's reach.
        StaffAccount => "STAFF_ACCOUNT",
        RoleNotGrantable => "ROLE_NOT_GRANTABLE",
        UserInOtherOrganization => "USER_IN_OTHER_ORGANIZATION",
        AccountNotInvited => "ACCOUNT_NOT_INVITED",
        NotBootstrappable => "NOT_BOOTSTRAPPABLE",
        EmailLimitReached => "EMAIL_LIMIT_REACHED",
        NotFound => "NOT_FOUND",
        AlreadyExists => "ALREADY_EXISTS",
        Overloaded => "OVERLOADED",
    }
}

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
    /// A registration session called an RPC that needs a full one.
    #[error("session scope does not allow this call")]
    FullSessionRequired,
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
        reason: Reason,
        message: &'static str,
        field: &'static str,
        description: String,
    },
    #[error("{message}")]
    PermissionDenied {
        reason: Reason,
        message: &'static str,
    },
    /// The call cannot run in the current state; `missing` names what is
    /// lacking as (type, subject, description).
    #[error("{message}")]
    FailedPrecondition {
        reason: Reason,
        message: String,
        missing: Vec<(String, String, String)>,
    },
    #[error("{message}")]
    ResourceExhausted {
        reason: Reason,
        message: &'static str,
        retry_after: Duration,
    },
    #[error("database")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<FieldViolation> for AuthError {
    fn from(violation: FieldViolation) -> Self {
        Self::InvalidArgument(vec![violation])
    }
}

impl AuthError {
    pub fn invalid(field: &str, description: &str) -> Self {
        Self::InvalidArgument(vec![FieldViolation::new(field, description)])
    }
}

fn with_reason(code: Code, message: &str, reason: Reason) -> Status {
    status::with_reason(code, message, ERROR_DOMAIN, reason.as_str())
}

impl From<AuthError> for Status {
    fn from(error: AuthError) -> Self {
        match error {
            AuthError::InvalidCredentials => with_reason(
                Code::Unauthenticated,
                messages::INVALID_CREDENTIALS,
                Reason::InvalidCredentials,
            ),
            AuthError::AccountLocked { retry_after } => status::with_retry(
                Code::Unauthenticated,
                messages::ACCOUNT_LOCKED,
                ERROR_DOMAIN,
                Reason::AccountLocked.as_str(),
                retry_after,
            ),
            AuthError::TemporaryPasswordExpired => with_reason(
                Code::Unauthenticated,
                messages::TEMPORARY_PASSWORD_EXPIRED,
                Reason::TemporaryPasswordExpired,
            ),
            AuthError::NoSites => {
                with_reason(Code::PermissionDenied, messages::NO_SITES, Reason::NoSites)
            }
            AuthError::InvalidArgument(violations) => {
                status::invalid_argument(ERROR_DOMAIN, Reason::InvalidArgument.as_str(), violations)
            }
            AuthError::CurrentPasswordIncorrect => status::invalid_field(
                messages::CURRENT_PASSWORD_INCORRECT,
                ERROR_DOMAIN,
                Reason::InvalidCredentials.as_str(),
                "current_password",
                "does not match the account's password",
            ),
            AuthError::SessionInvalid => status::session_ended(with_reason(
                Code::Unauthenticated,
                messages::SESSION_INVALID,
                Reason::SessionInvalid,
            )),
            AuthError::FullSessionRequired => with_reason(
                Code::PermissionDenied,
                messages::FULL_SESSION_REQUIRED,
                Reason::FullSessionRequired,
            ),
            AuthError::NotFound(what) => with_reason(
                Code::NotFound,
                &format!("{what} not found."),
                Reason::NotFound,
            ),
            AuthError::AlreadyExists(what) => with_reason(
                Code::AlreadyExists,
                &format!("{what} already exists."),
                Reason::AlreadyExists,
            ),
            AuthError::Overloaded { retry_after } => status::with_retry(
                Code::Unavailable,
                messages::OVERLOADED,
                ERROR_DOMAIN,
                Reason::Overloaded.as_str(),
                retry_after,
            ),
            AuthError::InvalidField {
                reason,
                message,
                field,
                description,
            } => status::invalid_field(message, ERROR_DOMAIN, reason.as_str(), field, &description),
            AuthError::PermissionDenied { reason, message } => {
                with_reason(Code::PermissionDenied, message, reason)
            }
            AuthError::FailedPrecondition {
                reason,
                message,
                missing,
            } => status::failed_precondition(&message, ERROR_DOMAIN, reason.as_str(), missing),
            AuthError::ResourceExhausted {
                reason,
                message,
                retry_after,
            } => status::with_retry(
                Code::ResourceExhausted,
                message,
                ERROR_DOMAIN,
                reason.as_str(),
                retry_after,
            ),
            AuthError::Database(error) => {
                status::internal(&anyhow::Error::new(error).context("database"))
            }
            AuthError::Internal(error) => status::internal(&error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonic_types::StatusExt;

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
                AuthError::FullSessionRequired,
                Code::PermissionDenied,
                "FULL_SESSION_REQUIRED",
            ),
            (AuthError::NotFound("session"), Code::NotFound, "NOT_FOUND"),
            (
                AuthError::Database(sqlx::Error::PoolTimedOut),
                Code::Internal,
                "",
            ),
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
                    reason: Reason::VerificationCodeIncorrect,
                    message: "wrong",
                    field: "code",
                    description: "does not match".into(),
                },
                Code::InvalidArgument,
                "VERIFICATION_CODE_INCORRECT",
            ),
            (
                AuthError::PermissionDenied {
                    reason: Reason::NotAnAdministrator,
                    message: "no",
                },
                Code::PermissionDenied,
                "NOT_AN_ADMINISTRATOR",
            ),
            (
                AuthError::FailedPrecondition {
                    reason: Reason::RegistrationIncomplete,
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
                    reason: Reason::VerificationCodeResendTooSoon,
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
    fn reason_codes_are_distinct_and_shaped() {
        let codes: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(status::check_reason_codes(&codes), Ok(()));
    }

    #[test]
    fn every_reason_reaches_the_caller_as_declared() {
        for reason in Reason::ALL {
            let error = AuthError::PermissionDenied {
                reason: *reason,
                message: "m",
            };
            assert_eq!(self::reason(&Status::from(error)), reason.as_str());
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
