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

/// "`field` `description`", as the command line reports it.
impl std::fmt::Display for FieldViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.field, self.description)
    }
}

impl std::error::Error for FieldViolation {}

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

/// `INVALID_ARGUMENT` with `reason`, listing every violation in
/// `BadRequest`.
pub fn invalid_argument(domain: &str, reason: &str, violations: Vec<FieldViolation>) -> Status {
    let violations = violations
        .into_iter()
        .map(|v| tonic_types::FieldViolation::new(v.field, v.description))
        .collect::<Vec<_>>();
    let mut details = ErrorDetails::with_bad_request(violations);
    details.set_error_info(reason, domain, HashMap::new());
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

/// Declares a service's reason codes (`ErrorInfo.reason`) as one enum, with
/// `ALL` and `as_str`, so every reason a service can answer is a named
/// variant its error map and tests can go through:
///
/// ```
/// portal_common::reason_codes! {
///     /// Why a call failed.
///     pub enum Reason {
///         /// The email and password do not match an account.
///         InvalidCredentials => "INVALID_CREDENTIALS",
///     }
/// }
/// assert_eq!(Reason::InvalidCredentials.as_str(), "INVALID_CREDENTIALS");
/// assert_eq!(Reason::ALL.len(), 1);
/// ```
#[macro_export]
macro_rules! reason_codes {
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $($(#[$doc:meta])* $variant:ident => $code:literal,)*
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$doc])* $variant,)*
        }

        impl $name {
            /// Every reason, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The code sent as `ErrorInfo.reason`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Checks what a reason-code table must hold: codes in
/// `SCREAMING_SNAKE_CASE`, none twice. For each service's error tests.
pub fn check_reason_codes(codes: &[&str]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for code in codes {
        if code.is_empty()
            || !code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(format!("{code:?} is not SCREAMING_SNAKE_CASE"));
        }
        if !seen.insert(*code) {
            return Err(format!("{code} is declared twice"));
        }
    }
    Ok(())
}

/// `INVALID_ARGUMENT` with its own `reason`, one field violation and
/// `message`.
pub fn invalid_field(
    message: &str,
    domain: &str,
    reason: &str,
    field: &str,
    description: &str,
) -> Status {
    let mut details = ErrorDetails::with_bad_request_violation(field, description);
    details.set_error_info(reason, domain, HashMap::new());
    Status::with_error_details(Code::InvalidArgument, message, details)
}

/// `FAILED_PRECONDITION` with `reason` and a `PreconditionFailure` listing
/// what is missing as (type, subject, description).
pub fn failed_precondition(
    message: &str,
    domain: &str,
    reason: &str,
    missing: Vec<(String, String, String)>,
) -> Status {
    let mut details = ErrorDetails::with_error_info(reason, domain, HashMap::new());
    if !missing.is_empty() {
        details.set_precondition_failure(
            missing
                .into_iter()
                .map(|(kind, subject, description)| {
                    tonic_types::PreconditionViolation::new(kind, subject, description)
                })
                .collect::<Vec<_>>(),
        );
    }
    Status::with_error_details(Code::FailedPrecondition, message, details)
}
