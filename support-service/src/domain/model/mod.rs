//! The support desk's vocabulary, stored as text in both databases. It
//! imports nothing from the store or the API, so both can depend on it
//! (ARCHITECTURE.md, "Layers").

pub mod tickets;

use portal_common::UtcTime;
use rand::Rng;

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }
    };
}

text_enum!(
    /// The login-help topics a ticket is about.
    Category {
        FirstTimeLogin => "FIRST_TIME_LOGIN",
        VerificationCode => "VERIFICATION_CODE",
        ForgotPassword => "FORGOT_PASSWORD",
        ResetEmail => "RESET_EMAIL",
        InvalidCredentials => "INVALID_CREDENTIALS",
        NoSites => "NO_SITES",
        AccountLocked => "ACCOUNT_LOCKED",
        Other => "OTHER",
    }
);

text_enum!(TicketKind {
    ContactForm => "CONTACT_FORM",
    Callback => "CALLBACK",
});

text_enum!(TicketStatus {
    New => "NEW",
    Open => "OPEN",
    PendingRequester => "PENDING_REQUESTER",
    Resolved => "RESOLVED",
    Closed => "CLOSED",
    Spam => "SPAM",
});

text_enum!(CallbackStatus {
    Requested => "REQUESTED",
    Scheduled => "SCHEDULED",
    Completed => "COMPLETED",
    Failed => "FAILED",
    Cancelled => "CANCELLED",
});

text_enum!(NoteVisibility {
    Internal => "INTERNAL",
    Public => "PUBLIC",
});

text_enum!(CallbackOutcome {
    NoAnswer => "NO_ANSWER",
    Voicemail => "VOICEMAIL",
    Reached => "REACHED",
    WrongNumber => "WRONG_NUMBER",
});

impl TicketStatus {
    /// `NEW → OPEN → PENDING_REQUESTER ⇄ OPEN → RESOLVED → CLOSED`,
    /// `RESOLVED → OPEN` (the requester came back), `NEW → SPAM`.
    pub fn can_become(self, next: TicketStatus) -> bool {
        use TicketStatus::*;
        matches!(
            (self, next),
            (New, Open)
                | (New, Spam)
                | (Open, PendingRequester)
                | (PendingRequester, Open)
                | (Open, Resolved)
                | (Resolved, Closed)
                | (Resolved, Open)
        )
    }
}

impl CallbackStatus {
    /// `REQUESTED → SCHEDULED → COMPLETED | FAILED | CANCELLED`; a request
    /// can also be cancelled before it is scheduled, and a scheduled call
    /// moved to another time.
    pub fn can_become(self, next: CallbackStatus) -> bool {
        use CallbackStatus::*;
        matches!(
            (self, next),
            (Requested, Scheduled)
                | (Requested, Cancelled)
                | (Scheduled, Scheduled)
                | (Scheduled, Completed)
                | (Scheduled, Failed)
                | (Scheduled, Cancelled)
        )
    }
}

impl CallbackOutcome {
    /// Where an attempt leaves the call back: reached is done, a wrong
    /// number has failed, anything else stays scheduled for another try.
    pub fn resulting_status(self) -> CallbackStatus {
        match self {
            CallbackOutcome::Reached => CallbackStatus::Completed,
            CallbackOutcome::WrongNumber => CallbackStatus::Failed,
            CallbackOutcome::NoAnswer | CallbackOutcome::Voicemail => CallbackStatus::Scheduled,
        }
    }
}

/// Crockford's base32: no I, L, O or U to misread.
const REF_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const REF_PREFIX: &str = "SUP-";
const REF_LEN: usize = 8;

/// A public ticket reference like `SUP-7K2M9QXD`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TicketRef(String);

impl TicketRef {
    /// 8 random symbols (40 bits): unguessable, not sequential.
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        let body: String = (0..REF_LEN)
            .map(|_| char::from(REF_ALPHABET[rng.random_range(0..REF_ALPHABET.len())]))
            .collect();
        Self(format!("{REF_PREFIX}{body}"))
    }

    /// Accepts any case and surrounding space.
    pub fn parse(raw: &str) -> Option<Self> {
        let upper = raw.trim().to_ascii_uppercase();
        let body = upper.strip_prefix(REF_PREFIX)?;
        (body.len() == REF_LEN && body.bytes().all(|b| REF_ALPHABET.contains(&b)))
            .then_some(Self(upper))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TicketRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One agent the desk has seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub user_id: String,
    pub email: String,
    pub last_seen_at: UtcTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_random_and_parse_back() {
        let first = TicketRef::generate();
        assert!(first.as_str().starts_with("SUP-"));
        assert_eq!(first.as_str().len(), 12);
        assert_eq!(
            TicketRef::parse(&first.as_str().to_lowercase()),
            Some(first.clone())
        );
        assert_ne!(first, TicketRef::generate());
        for bad in [
            "",
            "SUP-",
            "SUP-1234567",
            "SUP-123456789",
            "SUP-ILOU0000",
            "XYZ-7K2M9QXD",
        ] {
            assert_eq!(TicketRef::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ticket_transitions_follow_the_design() {
        use TicketStatus::*;
        assert!(New.can_become(Open));
        assert!(New.can_become(Spam));
        assert!(Open.can_become(PendingRequester));
        assert!(PendingRequester.can_become(Open));
        assert!(Resolved.can_become(Open));
        assert!(Resolved.can_become(Closed));
        assert!(!New.can_become(Closed));
        assert!(!Closed.can_become(Open));
        assert!(!Spam.can_become(Open));
        assert!(!PendingRequester.can_become(Closed));
    }

    #[test]
    fn callback_transitions_follow_the_design() {
        use CallbackStatus::*;
        assert!(Requested.can_become(Scheduled));
        assert!(Scheduled.can_become(Completed));
        assert!(!Requested.can_become(Completed));
        assert!(!Completed.can_become(Scheduled));
        assert_eq!(CallbackOutcome::Reached.resulting_status(), Completed);
        assert_eq!(CallbackOutcome::NoAnswer.resulting_status(), Scheduled);
    }

    #[test]
    fn enums_round_trip_through_text() {
        for category in Category::ALL {
            assert_eq!(Category::parse(category.as_str()), Some(*category));
        }
        assert_eq!(Category::parse("BOGUS"), None);
    }
}
