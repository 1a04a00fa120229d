//! `Email`: the login name, normalised once at the edge.

use crate::error::AuthError;

/// A deliverable email (see `portal_common::email`): trimmed, Unicode NFC,
/// lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses `raw`; `field` names the request field in the violation.
    pub fn parse(raw: &str, field: &str) -> Result<Self, AuthError> {
        portal_common::email::parse(raw)
            .map(Self)
            .map_err(|description| AuthError::invalid(field, description))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`, which a password must not contain.
    pub fn local_part(&self) -> &str {
        self.0.split('@').next().unwrap_or_default()
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_space_and_unicode() {
        let composed = Email::parse("  Ren\u{e9}@Example.COM ", "email").map(|e| e.0);
        let decomposed = Email::parse("rene\u{301}@example.com", "email").map(|e| e.0);
        assert_eq!(composed.ok(), Some("ren\u{e9}@example.com".to_string()));
        assert_eq!(decomposed.ok(), Some("ren\u{e9}@example.com".to_string()));
    }

    #[test]
    fn refuses_what_cannot_be_an_address() {
        for bad in [
            "",
            "   ",
            "no-at-sign",
            "a@b\u{0}c.com",
            "a b@c.com",
            "@example.com",
        ] {
            assert!(Email::parse(bad, "email").is_err(), "{bad:?} accepted");
        }
        let long = format!("{}@example.com", "a".repeat(10_000));
        assert!(Email::parse(&long, "email").is_err());
    }

    #[test]
    fn local_part_is_before_the_at() {
        let email = Email::parse("jane.doe@example.com", "email").ok();
        assert_eq!(email.as_ref().map(Email::local_part), Some("jane.doe"));
    }
}
