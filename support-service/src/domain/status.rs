//! `GetTicketStatus`: what a requester may see of their own ticket.

use super::SupportDomain;
use super::model::{CallbackStatus, TicketKind, TicketRef, TicketStatus};
use crate::error::SupportError;
use crate::store::{events, tickets};
use portal_common::UtcTime;

/// The requester's view: no internal notes, no agent names.
#[derive(Debug, Clone)]
pub struct TicketStatusView {
    pub reference: TicketRef,
    pub kind: TicketKind,
    pub status: TicketStatus,
    pub callback_status: Option<CallbackStatus>,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
    /// (when, text) of each public reply.
    pub replies: Vec<(UtcTime, String)>,
}

impl SupportDomain {
    /// Needs the reference and the requester's email; any mismatch is the
    /// same `NOT_FOUND`, so references cannot be probed.
    pub async fn ticket_status(
        &self,
        reference: &str,
        email: &str,
    ) -> Result<TicketStatusView, SupportError> {
        let not_found = || SupportError::NotFound("ticket");
        let reference = TicketRef::parse(reference).ok_or_else(not_found)?;
        let email = super::intake::normalized_email(email);
        let mut conn = self.db.pool().acquire().await?;
        let ticket = tickets::find(&mut conn, &reference)
            .await?
            .filter(|t| !email.is_empty() && t.requester_email == email)
            .ok_or_else(not_found)?;
        let replies = events::for_ticket(&mut conn, &ticket.id)
            .await?
            .into_iter()
            .filter(|e| e.kind == "NOTE_ADDED" && e.visibility == "PUBLIC")
            .map(|e| (e.at.unwrap_or(ticket.updated_at), e.body))
            .collect();
        Ok(TicketStatusView {
            reference: ticket.reference,
            kind: ticket.kind,
            status: ticket.status,
            callback_status: ticket.callback_status,
            created_at: ticket.created_at,
            updated_at: ticket.updated_at,
            replies,
        })
    }
}
