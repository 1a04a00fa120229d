//! Email addresses as both services accept them, parsed once at the edge
//! into [`Email`]: only what the mailer can deliver. The same parser (lettre's `Mailbox`) reads a recipient when the
//! outbox sends, so an address accepted here never turns into mail that
//! can never leave (a quoted local part such as `"a,b"@example.com`, or an
//! address literal, is refused up front).

use lettre::message::Mailbox;
use unicode_normalization::UnicodeNormalization;

use crate::status::FieldViolation;

/// A deliverable address: trimmed, Unicode NFC, lower case. The login name
/// of an account and the requester of a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// Parses `raw`; `field` names the request field in the violation.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldViolation> {
        parse(raw)
            .map(Self)
            .map_err(|description| FieldViolation::new(field, description))
    }

    /// An address read back from storage, which only ever holds parsed
    /// ones; not checked again.
    pub fn from_stored(address: String) -> Self {
        Self(address)
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The normalised address, owned.
    pub fn into_string(self) -> String {
        self.0
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

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Email {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

/// Longest address SMTP can carry (RFC 5321 path limit less the brackets).
pub const MAX_LEN: usize = 254;

/// Trimmed, Unicode NFC, lower case: how addresses are stored and compared.
fn normalize(raw: &str) -> String {
    raw.trim().nfc().collect::<String>().to_lowercase()
}

/// `raw` normalised, or the description of what is wrong with it (for a
/// field violation).
fn parse(raw: &str) -> Result<String, &'static str> {
    let address = normalize(raw);
    if address.is_empty() {
        return Err("must not be empty");
    }
    if address.chars().count() > MAX_LEN {
        return Err("must be at most 254 characters");
    }
    if address.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("must not contain spaces or control characters");
    }
    if !email_address::EmailAddress::is_valid(&address) || recipient(&address).is_err() {
        return Err("is not a valid email address");
    }
    Ok(address)
}

/// The mailer's reading of a recipient address.
pub fn recipient(address: &str) -> Result<Mailbox, lettre::address::AddressError> {
    address.parse()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_the_mailer_delivers_in_one_normal_form() {
        assert_eq!(
            parse("  Jane.Doe+x@Example.COM ").as_deref(),
            Ok("jane.doe+x@example.com")
        );
        for spelling in ["ren\u{e9}@example.com", "rene\u{301}@example.com"] {
            assert_eq!(parse(spelling).as_deref(), Ok("ren\u{e9}@example.com"));
        }
    }

    #[test]
    fn an_email_names_its_field_and_its_local_part() {
        let email = Email::parse(" Jane.Doe@Example.com", "email");
        assert_eq!(email.as_ref().map(Email::local_part), Ok("jane.doe"));
        let refused = Email::parse("no-at-sign", "requester.email");
        assert_eq!(
            refused.map_err(|v| v.field),
            Err("requester.email".to_owned())
        );
    }

    #[test]
    fn refuses_addresses_the_mailer_cannot_send_to() {
        for bad in [
            "\"a,b\"@example.com",
            "\"a b\"@example.com",
            "a@[127.0.0.1]",
            "Jane <jane@example.com>",
            "a@example.com, b@example.com",
            "plainaddress",
            "a@@example.com",
            "",
            "a\u{0}@example.com",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(parse(&format!("{}@example.com", "a".repeat(250))).is_err());
    }
}
