//! Turning submitted forms into a valid new ticket, or every field
//! violation at once. Nothing is stored on the way.

use std::str::FromStr;
use std::time::Duration;

use portal_common::UtcTime;
use portal_common::email::Email;
use portal_common::status::FieldViolation;
use portal_common::text::{self, TextRule};

use super::model::tickets::{CallbackDetails, NewTicket};
use super::model::{Category, TicketKind};
use crate::error::SupportError;

pub const MAX_NAME: usize = 100;
pub const MAX_ORGANIZATION: usize = 200;
pub const MAX_SUBJECT: usize = 200;
pub const MAX_MESSAGE: usize = 5_000;
/// How far ahead a call back can be asked for, and how long its window.
const MAX_LEAD: Duration = Duration::from_secs(90 * 24 * 3600);
const MAX_WINDOW: Duration = Duration::from_secs(7 * 24 * 3600);

/// Who is asking, when a valid session says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedInRequester {
    pub user_id: String,
    pub name: String,
    pub email: String,
}

/// A contact form as submitted.
#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub name: String,
    pub email: String,
    pub organization: String,
    pub category: Option<Category>,
    pub subject: String,
    pub message: String,
}

/// A call-back request as submitted.
#[derive(Debug, Clone, Default)]
pub struct CallbackInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub window_start: Option<UtcTime>,
    pub window_end: Option<UtcTime>,
    pub time_zone: String,
    pub category: Option<Category>,
    pub message: String,
}

/// A requester's reply on their ticket, held to the rules of a form's
/// message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyMessage(String);

impl ReplyMessage {
    /// `raw` as a form's message: `INVALID_ARGUMENT` naming `message`
    /// when it is not one.
    pub fn parse(raw: &str) -> Result<Self, SupportError> {
        Ok(Self(text::parse(
            "message",
            raw,
            TextRule::message(MAX_MESSAGE),
        )?))
    }

    /// The message as read (see `portal_common::text`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Collects violations while parsing.
#[derive(Default)]
struct Checks(Vec<FieldViolation>);

impl Checks {
    fn fail(&mut self, field: &str, description: impl Into<String>) {
        self.0.push(FieldViolation::new(field, description));
    }

    /// The value, or a violation kept and an empty value (never stored:
    /// [`Self::finish`] refuses the whole form).
    fn keep(&mut self, parsed: Result<String, FieldViolation>) -> String {
        parsed.unwrap_or_else(|violation| {
            self.0.push(violation);
            String::new()
        })
    }

    /// Free text (see `portal_common::text`).
    fn text(&mut self, field: &str, raw: &str, rule: TextRule) -> String {
        self.keep(text::parse(field, raw, rule))
    }

    fn person_name(&mut self, field: &str, raw: &str) -> String {
        self.keep(text::person_name(field, raw, MAX_NAME))
    }

    fn email(&mut self, field: &str, raw: &str) -> String {
        self.keep(Email::parse(raw, field).map(Email::into_string))
    }

    fn category(&mut self, category: Option<Category>) -> Category {
        category.unwrap_or_else(|| {
            self.fail("category", "must be one of the listed categories");
            Category::Other
        })
    }

    fn finish<T>(self, value: T) -> Result<T, SupportError> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(SupportError::InvalidArgument(self.0))
        }
    }
}

/// The requester's name and email: from the session when signed in.
fn requester(
    checks: &mut Checks,
    name: &str,
    email: &str,
    signed_in: Option<&SignedInRequester>,
) -> (String, String, Option<String>) {
    match signed_in {
        Some(who) => (
            who.name.clone(),
            who.email.clone(),
            Some(who.user_id.clone()),
        ),
        None => (
            checks.person_name("name", name),
            checks.email("email", email),
            None,
        ),
    }
}

pub fn contact_form(
    input: &ContactInput,
    signed_in: Option<&SignedInRequester>,
) -> Result<NewTicket, SupportError> {
    let mut checks = Checks::default();
    let (requester_name, requester_email, requester_user_id) =
        requester(&mut checks, &input.name, &input.email, signed_in);
    let ticket = NewTicket {
        kind: TicketKind::ContactForm,
        category: checks.category(input.category),
        requester_name,
        requester_email,
        requester_user_id,
        organization: checks.text(
            "organization",
            &input.organization,
            TextRule::line(MAX_ORGANIZATION).optional(),
        ),
        subject: checks.text("subject", &input.subject, TextRule::line(MAX_SUBJECT)),
        message: checks.text("message", &input.message, TextRule::message(MAX_MESSAGE)),
        callback: None,
    };
    checks.finish(ticket)
}

pub fn callback_request(
    input: &CallbackInput,
    signed_in: Option<&SignedInRequester>,
    now: UtcTime,
) -> Result<NewTicket, SupportError> {
    let mut checks = Checks::default();
    let (requester_name, requester_email, requester_user_id) =
        requester(&mut checks, &input.name, &input.email, signed_in);
    let phone = parse_phone(&mut checks, &input.phone);
    let time_zone = match chrono_tz::Tz::from_str(input.time_zone.trim()) {
        Ok(zone) => zone.name().to_owned(),
        Err(_) => {
            checks.fail(
                "time_zone",
                "must be an IANA time zone such as Europe/Paris",
            );
            String::new()
        }
    };
    let (window_start, window_end) = window(&mut checks, input, now);
    let category = checks.category(input.category);
    let message = checks.text(
        "message",
        &input.message,
        TextRule::message(MAX_MESSAGE).optional(),
    );
    let ticket = NewTicket {
        kind: TicketKind::Callback,
        category,
        subject: format!("Call back request ({})", category.as_str()),
        requester_name,
        requester_email,
        requester_user_id,
        organization: String::new(),
        message,
        callback: Some(CallbackDetails {
            phone,
            window_start,
            window_end,
            time_zone,
        }),
    };
    checks.finish(ticket)
}

/// Most digits an E.164 number has, country code included (ITU-T E.164 §6).
const E164_MAX_DIGITS: usize = 15;

/// Characters people type around the digits of a phone number.
fn is_phone_punctuation(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '(' | ')' | '/' | '+')
}

/// A real, dialable number in international form, stored as E.164: valid
/// by the phone library's own metadata, at most 15 digits, and nothing the
/// person typed left out — no letters, no extension, every digit kept.
fn parse_phone(checks: &mut Checks, raw: &str) -> String {
    let raw = raw.trim();
    if raw.is_empty() {
        checks.fail("phone", "must not be empty");
        return String::new();
    }
    let typed_digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let only_number = raw
        .chars()
        .all(|c| c.is_ascii_digit() || is_phone_punctuation(c))
        && !raw.chars().skip(1).any(|c| c == '+');
    let e164 = phonenumber::parse(None, raw)
        .ok()
        .filter(|number| phonenumber::is_valid(number) && number.extension().is_none())
        .map(|number| number.format().mode(phonenumber::Mode::E164).to_string())
        .filter(|e164| {
            let digits = &e164[1..];
            digits.len() <= E164_MAX_DIGITS && *digits == typed_digits
        });
    match e164 {
        Some(e164) if only_number && raw.starts_with('+') => e164,
        _ => {
            checks.fail(
                "phone",
                "must be a valid phone number with its country code, e.g. +44 20 7946 0018",
            );
            String::new()
        }
    }
}

fn window(checks: &mut Checks, input: &CallbackInput, now: UtcTime) -> (UtcTime, UtcTime) {
    let zero = UtcTime::from_unix_millis(0);
    let (Some(start), Some(end)) = (input.window_start, input.window_end) else {
        if input.window_start.is_none() {
            checks.fail("window_start", "is required");
        }
        if input.window_end.is_none() {
            checks.fail("window_end", "is required");
        }
        return (zero, zero);
    };
    if start <= now {
        checks.fail("window_start", "must be in the future");
    } else if start > now.plus(MAX_LEAD) {
        checks.fail("window_start", "must be within the next 90 days");
    }
    if end <= start {
        checks.fail("window_end", "must be after window_start");
    } else if end > start.plus(MAX_WINDOW) {
        checks.fail("window_end", "must be at most 7 days after window_start");
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(result: Result<NewTicket, SupportError>) -> Vec<String> {
        match result {
            Err(SupportError::InvalidArgument(v)) => v.into_iter().map(|v| v.field).collect(),
            other => panic!("expected violations, got {other:?}"),
        }
    }

    fn valid_callback(now: UtcTime) -> CallbackInput {
        CallbackInput {
            name: "Jane Doe".into(),
            email: "Jane@Example.com".into(),
            phone: "+44 20 7946 0018".into(),
            window_start: Some(now.plus(Duration::from_secs(3600))),
            window_end: Some(now.plus(Duration::from_secs(7200))),
            time_zone: "Europe/London".into(),
            category: Some(Category::AccountLocked),
            message: String::new(),
        }
    }

    #[test]
    fn a_valid_callback_is_normalised() -> Result<(), SupportError> {
        let now = UtcTime::from_unix_millis(1_800_000_000_000);
        let ticket = callback_request(&valid_callback(now), None, now)?;
        let callback = ticket
            .callback
            .clone()
            .unwrap_or_else(|| panic!("callback"));
        assert_eq!(callback.phone, "+442079460018");
        assert_eq!(callback.time_zone, "Europe/London");
        assert_eq!(ticket.requester_email, "jane@example.com");
        Ok(())
    }

    #[test]
    fn bad_phones_zones_and_windows_are_refused() {
        let now = UtcTime::from_unix_millis(1_800_000_000_000);
        for phone in [
            "+1 555",
            "call me",
            "12345",
            "+4930123456789012",
            "+44 20 7946 0018 ext. 12",
            "+44 (0) 20 7946 0018",
            "+1-800-FLOWERS",
            "+44 20 7946 0018 call after 5",
            "+1 202 555 0143+",
            "é+44 20 7946 0018",
        ] {
            let input = CallbackInput {
                phone: phone.into(),
                ..valid_callback(now)
            };
            assert_eq!(
                fields(callback_request(&input, None, now)),
                vec!["phone"],
                "{phone}"
            );
        }
        let zone = CallbackInput {
            time_zone: "Mars/Olympus".into(),
            ..valid_callback(now)
        };
        assert_eq!(
            fields(callback_request(&zone, None, now)),
            vec!["time_zone"]
        );
        let past = CallbackInput {
            window_start: Some(UtcTime::from_unix_millis(now.unix_millis() - 1000)),
            ..valid_callback(now)
        };
        assert_eq!(
            fields(callback_request(&past, None, now)),
            vec!["window_start"]
        );
        let reversed = CallbackInput {
            window_end: Some(now.plus(Duration::from_secs(60))),
            ..valid_callback(now)
        };
        assert_eq!(
            fields(callback_request(&reversed, None, now)),
            vec!["window_end"]
        );
    }

    #[test]
    fn contact_forms_report_every_violation() {
        let input = ContactInput {
            name: String::new(),
            email: "not-an-email".into(),
            subject: "x".repeat(201),
            message: "m".repeat(100_000),
            ..ContactInput::default()
        };
        assert_eq!(
            fields(contact_form(&input, None)),
            vec!["name", "email", "category", "subject", "message"]
        );
    }

    #[test]
    fn a_name_needs_a_letter_in_any_script() {
        let named = |name: &str| ContactInput {
            name: name.into(),
            email: "jane@example.com".into(),
            category: Some(Category::Other),
            subject: "Help".into(),
            message: "Please".into(),
            ..ContactInput::default()
        };
        for refused in ["😀😀😀", "...", "42"] {
            assert_eq!(
                fields(contact_form(&named(refused), None)),
                vec!["name"],
                "{refused}"
            );
        }
        for accepted in ["Zoë", "李雷", "O'Brien 😀"] {
            assert!(contact_form(&named(accepted), None).is_ok(), "{accepted}");
        }
    }

    #[test]
    fn a_signed_in_requester_replaces_the_form_fields() -> Result<(), SupportError> {
        let who = SignedInRequester {
            user_id: "u1".into(),
            name: "Jane Doe".into(),
            email: "jane@example.com".into(),
        };
        let input = ContactInput {
            category: Some(Category::NoSites),
            subject: "Help".into(),
            message: "No sites".into(),
            ..ContactInput::default()
        };
        let ticket = contact_form(&input, Some(&who))?;
        assert_eq!(ticket.requester_email, "jane@example.com");
        assert_eq!(ticket.requester_user_id.as_deref(), Some("u1"));
        Ok(())
    }
}
