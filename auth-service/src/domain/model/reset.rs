//! A security-question reset as stored.

use portal_common::UtcTime;

/// A started security-question reset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowRecord {
    pub user_id: Option<String>,
    pub email_key: String,
    pub question_ids: Vec<String>,
    pub expires_at: UtcTime,
    pub used: bool,
}
