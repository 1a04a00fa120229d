//! The numbers behind the sign-in and recovery rules, as configured, for
//! pages that explain them (`GetAccessPolicy`): the help page and the
//! password rules never quote a number the server does not enforce.

use super::AuthDomain;
use super::password::{MAX_CHARS, MIN_CHARS};
use super::reset::TOKEN_LIFE;

/// The running configuration of the rules a person meets (README, "Sign-in
/// and lockout", "First-time access", "Forgot password").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessPolicy {
    /// New passwords, in Unicode characters (README, "Passwords").
    pub password_min_length: u32,
    pub password_max_length: u32,
    pub max_failed_logins: u32,
    pub lock_minutes: u64,
    pub temporary_password_minutes: u64,
    pub verification_code_minutes: u64,
    pub verification_resend_seconds: u64,
    pub verification_sends_per_hour: u32,
    pub reset_link_minutes: u64,
    /// Where the portal's mail comes from, for "allow this sender" advice.
    pub mail_from_domain: String,
}

impl AuthDomain {
    pub fn access_policy(&self) -> AccessPolicy {
        let as_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        AccessPolicy {
            password_min_length: as_u32(MIN_CHARS),
            password_max_length: as_u32(MAX_CHARS),
            max_failed_logins: self.lockout.max_failures,
            lock_minutes: self.lockout.lock_minutes,
            temporary_password_minutes: self.verification.temporary_password_minutes,
            verification_code_minutes: self.verification.code_minutes,
            verification_resend_seconds: self.verification.resend_after_seconds,
            verification_sends_per_hour: self.verification.max_sends_per_hour,
            reset_link_minutes: TOKEN_LIFE.as_secs() / 60,
            mail_from_domain: self.mail_from_domain.clone(),
        }
    }
}
