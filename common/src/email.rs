//! Email addresses as both services accept them: only what the mailer can
//! deliver. The same parser (lettre's `Mailbox`) reads a recipient when the
//! outbox sends, so an address accepted here never turns into mail that
//! can never leave (a quoted local part such as `"a,b"@example.com`, or an
//! address literal, is refused up front).

use lettre::message::Mailbox;
use unicode_normalization::UnicodeNormalization;

/// Longest address SMTP can carry (RFC 5321 path limit less the brackets).
pub const MAX_LEN: usize = 254;

/// Trimmed, Unicode NFC, lower case: how addresses are stored and compared.
pub fn normalize(raw: &str) -> String {
    raw.trim().nfc().collect::<String>().to_lowercase()
}

/// `raw` normalised, or the description of what is wrong with it (for a
/// field violation).
pub fn parse(raw: &str) -> Result<String, &'static str> {
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
