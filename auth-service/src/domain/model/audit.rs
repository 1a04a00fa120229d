//! The audit trail's vocabulary: the kinds of event, a row to write, and
//! a row as the admin pages and the agent desk read it.

use portal_common::UtcTime;

use super::RequestContext;

/// Declares [`EventKind`], its stored names and the list of every kind
/// from one table, so a new kind cannot miss its name or the filter list.
macro_rules! event_kinds {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum EventKind {
            $($(#[$doc])* $variant,)*
        }

        impl EventKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant,)*];

            /// The name stored in `auth_events.kind` and shown by the API.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(EventKind::$variant => $name,)*
                }
            }
        }
    };
}

event_kinds! {
    LoginSucceeded => "LOGIN_SUCCEEDED",
    LoginFailed => "LOGIN_FAILED",
    /// An attempt refused without verification because the account is locked.
    LoginRefusedLocked => "LOGIN_REFUSED_LOCKED",
    AccountLocked => "ACCOUNT_LOCKED",
    LoginNoSites => "LOGIN_NO_SITES",
    Logout => "LOGOUT",
    SessionRevoked => "SESSION_REVOKED",
    PasswordChanged => "PASSWORD_CHANGED",
    UserCreated => "USER_CREATED",
    RegistrationProfile => "REGISTRATION_PROFILE",
    RegistrationSecurityQuestions => "REGISTRATION_SECURITY_QUESTIONS",
    RegistrationPassword => "REGISTRATION_PASSWORD",
    RegistrationEmailVerified => "REGISTRATION_EMAIL_VERIFIED",
    RegistrationTerms => "REGISTRATION_TERMS",
    RegistrationCompleted => "REGISTRATION_COMPLETED",
    VerificationCodeSent => "VERIFICATION_CODE_SENT",
    VerificationCodeRejected => "VERIFICATION_CODE_REJECTED",
    UserProvisioned => "USER_PROVISIONED",
    AccessEmailSent => "ACCESS_EMAIL_SENT",
    OrganizationCreated => "ORGANIZATION_CREATED",
    SiteCreated => "SITE_CREATED",
    SiteAccessGranted => "SITE_ACCESS_GRANTED",
    SiteAccessRevoked => "SITE_ACCESS_REVOKED",
    AccountUnlocked => "ACCOUNT_UNLOCKED",
    UserDisabled => "USER_DISABLED",
    ResetAnswersRejected => "RESET_ANSWERS_REJECTED",
    ResetTokenIssued => "RESET_TOKEN_ISSUED",
    PasswordReset => "PASSWORD_RESET",
    /// A support agent looked the account (or the email) up.
    AccountLookedUp => "ACCOUNT_LOOKED_UP",
}

impl EventKind {
    /// The kind stored as `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.as_str() == name)
    }
}

/// One row of the trail.
#[derive(Debug)]
pub struct AuditEvent<'a> {
    pub at: UtcTime,
    pub kind: EventKind,
    pub user_id: Option<&'a str>,
    /// The email as typed and normalised; empty when not relevant.
    pub email: &'a str,
    pub context: &'a RequestContext,
    pub detail: &'a str,
}

/// One row of the trail as the admin pages and the agent desk show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub id: String,
    pub occurred_at: UtcTime,
    pub kind: String,
    pub user_id: Option<String>,
    pub email: String,
    pub client_ip: String,
    pub user_agent: String,
    pub detail: String,
    /// The administrator or agent who acted, with their name and email.
    pub actor: Option<Actor>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    /// "First Last", trimmed; empty before the actor registered.
    pub name: String,
    pub email: String,
}

/// Which events a page holds; empty strings and `None` mean "any".
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub user_id: Option<String>,
    /// Only events of the accounts of this organisation, platform staff
    /// listed in it left out (an organisation's administrators may not
    /// act on them, nor read their trail).
    pub organization_id: Option<String>,
    pub kind: Option<String>,
    pub email: Option<String>,
    pub since: Option<UtcTime>,
    pub until: Option<UtcTime>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_name_and_parses_back() {
        let mut names: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        for kind in EventKind::ALL {
            assert_eq!(EventKind::from_name(kind.as_str()), Some(*kind));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), EventKind::ALL.len());
        assert_eq!(EventKind::from_name("login_succeeded"), None);
    }
}
