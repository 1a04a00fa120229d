//! The password policy (README, "Passwords"): 12–128 characters, not a common
//! password, not containing the email's local part, no composition rules.

use std::collections::HashSet;

use secrecy::{ExposeSecret, SecretString};

use crate::error::FieldViolation;
use portal_common::email::Email;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;
/// Local parts shorter than this are too common as substrings to forbid.
const MIN_LOCAL_PART_CHARS: usize = 3;

const COMMON_PASSWORDS: &str = include_str!("../../data/common-passwords.txt");

/// Checks new passwords; built once, shared by every request.
#[derive(Debug)]
pub struct PasswordPolicy {
    common: HashSet<&'static str>,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            common: COMMON_PASSWORDS
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect(),
        }
    }
}

impl PasswordPolicy {
    pub fn common_password_count(&self) -> usize {
        self.common.len()
    }

    /// Every rule `password` breaks, reported against `field`.
    pub fn violations(
        &self,
        password: &SecretString,
        email: &Email,
        field: &str,
    ) -> Vec<FieldViolation> {
        let password = password.expose_secret();
        let chars = password.chars().count();
        let mut violations = Vec::new();
        if chars < MIN_CHARS {
            violations.push(FieldViolation::new(
                field,
                format!("must be at least {MIN_CHARS} characters"),
            ));
        }
        if chars > MAX_CHARS {
            violations.push(FieldViolation::new(
                field,
                format!("must be at most {MAX_CHARS} characters"),
            ));
        }
        let folded = password.to_lowercase();
        if self.common.contains(folded.as_str()) {
            violations.push(FieldViolation::new(
                field,
                "is one of the most common passwords",
            ));
        }
        let local = email.local_part();
        if local.chars().count() >= MIN_LOCAL_PART_CHARS && folded.contains(local) {
            violations.push(FieldViolation::new(
                field,
                "must not contain the part of your email before the @",
            ));
        }
        violations
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(password: &str) -> Vec<FieldViolation> {
        let email = Email::parse("jane.doe@example.com", "email");
        let policy = PasswordPolicy::default();
        match email {
            Ok(email) => policy.violations(&SecretString::from(password), &email, "password"),
            Err(_) => vec![FieldViolation::new("email", "bad fixture")],
        }
    }

    #[test]
    fn ships_at_least_ten_thousand_common_passwords() {
        assert!(PasswordPolicy::default().common_password_count() >= 10_000);
    }

    #[test]
    fn accepts_a_long_unusual_passphrase_with_unicode() {
        assert!(check("correct horse battery stäple ✓").is_empty());
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(check(&"é".repeat(12)).is_empty());
        assert_eq!(check(&"é".repeat(11)).len(), 1);
        assert!(check(&"x1".repeat(64)).is_empty());
        assert_eq!(check(&"x1y".repeat(43)).len(), 1);
    }

    #[test]
    fn refuses_the_email_local_part_inside_the_password() {
        let with_local = check("my-Jane.Doe-secret-1");
        assert_eq!(with_local.len(), 1);
        assert!(with_local[0].description.contains("before the @"));
    }

    #[test]
    fn refuses_a_listed_password_whatever_its_case() {
        // "1qaz2wsx3edc" is on the shipped list and long enough to pass
        // the length rule, so only the list can refuse it.
        assert_eq!(check("1QAZ2WSX3EDC").len(), 1);
        assert_eq!(check("1qaz2wsx3edc").len(), 1);
    }
}
