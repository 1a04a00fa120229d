//! What the admin pages and the agent desk read: organisations, user
//! filters and the mail log.

use portal_common::UtcTime;

/// An organisation, as listed to the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationRecord {
    pub id: String,
    pub name: String,
    pub created_at: UtcTime,
}

/// Which accounts a page holds; `None` means "any".
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub organization_id: Option<String>,
    /// Lower-cased text found in the email or in "first last".
    pub query: Option<String>,
    /// `INVITED`, `ACTIVE` or `DISABLED`.
    pub state: Option<&'static str>,
    pub site_id: Option<String>,
    /// Leave out platform staff (for an organisation's administrators,
    /// who may not act on them).
    pub without_staff: bool,
}

/// One message of the mail log, without its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRecord {
    pub kind: String,
    pub subject: String,
    pub queued_at: UtcTime,
    pub sent_at: Option<UtcTime>,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub failed: bool,
}
