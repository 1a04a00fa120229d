//! `GetTicketStatus`: what a requester may see of their own ticket.

use super::SupportDomain;
use super::model::{CallbackStatus, TicketKind, TicketRef, TicketStatus};
use crate::error::SupportError;
use crate::store::{events, tickets};
use portal_common::UtcTime;
use portal_common::email::Email;
use tracing::instrument;

/// The requester's view: no internal notes, no agent names.
#[derive(Debug, Clone)]
pub struct TicketStatusView {
    pub reference: TicketRef,
    pub kind: TicketKind,
    pub status: TicketStatus,
    pub callback_status: Option<CallbackStatus>,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
    /// The conversation the requester may see, oldest first.
    pub replies: Vec<PublicReply>,
    pub subject: String,
    pub message: String,
    /// Call backs: the requested window, the requester's zone, and the
    /// time an agent scheduled.
    pub window_start: Option<UtcTime>,
    pub window_end: Option<UtcTime>,
    pub time_zone: Option<String>,
    pub callback_scheduled_at: Option<UtcTime>,
}

/// One message of the conversation a requester sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicReply {
    pub at: UtcTime,
    pub body: String,
    /// The requester's own reply, not the support team's.
    pub from_requester: bool,
}

impl SupportDomain {
    /// Needs the reference and the requester's email; any mismatch is the
    /// same `NOT_FOUND`, so references cannot be probed.
    #[instrument(skip_all)]
    pub async fn ticket_status(
        &self,
        reference: &TicketRef,
        email: &Email,
    ) -> Result<TicketStatusView, SupportError> {
        let mut conn = self.db.pool().acquire().await?;
        let ticket = tickets::find(&mut conn, reference)
            .await?
            .filter(|t| t.requester_email == email.as_str())
            .ok_or(SupportError::NotFound("ticket"))?;
        let replies = events::for_ticket(&mut conn, &ticket.id)
            .await?
            .into_iter()
            .filter_map(|e| {
                let from_requester = match (e.kind.as_str(), e.visibility.as_str()) {
                    ("NOTE_ADDED", "PUBLIC") => false,
                    ("REQUESTER_REPLIED", _) => true,
                    // Internal notes and the desk's own bookkeeping.
                    _ => return None,
                };
                Some(PublicReply {
                    at: e.at.unwrap_or(ticket.updated_at),
                    body: e.body,
                    from_requester,
                })
            })
            .collect();
        Ok(TicketStatusView {
            reference: ticket.reference,
            kind: ticket.kind,
            status: ticket.status,
            callback_status: ticket.callback_status,
            created_at: ticket.created_at,
            updated_at: ticket.updated_at,
            replies,
            subject: ticket.subject,
            message: ticket.message,
            window_start: ticket.window_start,
            window_end: ticket.window_end,
            time_zone: ticket.time_zone,
            callback_scheduled_at: ticket.callback_scheduled_at,
        })
    }
}
