//! The vocabulary shared by the domain, the store and the API: accounts,
//! sessions and what the admin pages read. It imports nothing from the
//! store or the API, so both can depend on it (ARCHITECTURE.md, "Layers").

pub mod admin;
pub mod audit;
pub mod credentials;
pub mod registration;
pub mod reset;
pub mod throttle;

use portal_common::UtcTime;
use portal_common::email::Email;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    PlatformAdmin,
    ProgramAdmin,
    LicenseOwner,
    SupportAgent,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::PlatformAdmin,
        Role::ProgramAdmin,
        Role::LicenseOwner,
        Role::SupportAgent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "PLATFORM_ADMIN",
            Role::ProgramAdmin => "PROGRAM_ADMIN",
            Role::LicenseOwner => "LICENSE_OWNER",
            Role::SupportAgent => "SUPPORT_AGENT",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|role| role.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountState {
    Invited,
    Active,
    Disabled,
}

impl AccountState {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountState::Invited => "INVITED",
            AccountState::Active => "ACTIVE",
            AccountState::Disabled => "DISABLED",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "INVITED" => Some(AccountState::Invited),
            "ACTIVE" => Some(AccountState::Active),
            "DISABLED" => Some(AccountState::Disabled),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionScope {
    Full,
    Registration,
}

impl SessionScope {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionScope::Full => "FULL",
            SessionScope::Registration => "REGISTRATION",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "FULL" => Some(SessionScope::Full),
            "REGISTRATION" => Some(SessionScope::Registration),
            _ => None,
        }
    }
}

/// A session as stored; its token is kept only as a SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id: String,
    pub user_id: String,
    pub scope: SessionScope,
    pub created_at: UtcTime,
    pub last_seen_at: UtcTime,
    pub idle_expires_at: UtcTime,
    pub absolute_expires_at: UtcTime,
    pub revoked: bool,
    pub client_ip: String,
    pub user_agent: String,
}

impl SessionRecord {
    /// When the session ends if it is not used again.
    pub fn expires_at(&self) -> UtcTime {
        self.idle_expires_at.min(self.absolute_expires_at)
    }

    pub fn is_live(&self, now: UtcTime) -> bool {
        !self.revoked && now < self.expires_at()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub id: String,
    pub organization_id: String,
    pub name: String,
}

/// An account as the domain sees it; password hashes stay in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub email: Email,
    pub organization_id: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub state: AccountState,
    pub roles: Vec<Role>,
    pub site_ids: Vec<String>,
}

impl Account {
    /// Platform staff (operators and support agents) may sign in without a
    /// site; everyone else, organisation administrators included, needs at
    /// least one (README, "Sign-in and lockout": the no-sites rule).
    pub fn may_sign_in_without_sites(&self) -> bool {
        self.roles
            .iter()
            .any(|role| matches!(role, Role::PlatformAdmin | Role::SupportAgent))
    }
}

/// Who is behind a valid session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub session_id: String,
    pub account: Account,
    pub scope: SessionScope,
    pub expires_at: UtcTime,
}

/// Where a request came from, for the audit trail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestContext {
    pub client_ip: String,
    pub user_agent: String,
    /// When the caller stops waiting (its `grpc-timeout`), if it said.
    pub deadline: Option<std::time::Instant>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("support_agent"), Some(Role::SupportAgent));
        assert_eq!(Role::parse("ROOT"), None);
    }
}
