//! `ReplyToTicket`: the requester answers on their own ticket.

use super::SupportDomain;
use super::intake::ReplyMessage;
use super::limits;
use super::mail_templates;
use super::model::{TicketRef, TicketStatus};
use crate::domain::model::tickets::{EventRecord, TicketChange, TicketRecord};
use crate::error::{Reason, SupportError};
use crate::store::agents;
use crate::store::{events, tickets};
use portal_common::db::Connection;
use portal_common::email::Email;
use tracing::instrument;

/// Where the ticket stands after the reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replied {
    pub reference: TicketRef,
    pub status: TicketStatus,
}

/// How often a reply is retried when an agent changed the ticket between
/// its read and its write (the requester has no version to reload).
const ATTEMPTS: usize = 3;

impl SupportDomain {
    /// Needs the reference and the requester's email, like
    /// `ticket_status`: any mismatch is the same `NOT_FOUND`, found on a
    /// reader connection, and changes nothing. A reply brings a RESOLVED or
    /// PENDING_REQUESTER ticket back to OPEN; the assigned agent, if on the
    /// roster, is told by email, in the same transaction.
    #[instrument(skip_all)]
    pub async fn reply_to_ticket(
        &self,
        reference: &TicketRef,
        email: &Email,
        message: &ReplyMessage,
        client_ip: &str,
    ) -> Result<Replied, SupportError> {
        let message = message.as_str();
        let limits = limits::applying(&self.limits, client_ip, email.as_str());
        for _ in 0..ATTEMPTS {
            let mut conn = self.db.pool().acquire().await?;
            let ticket = requesters_ticket(&mut conn, reference, email.as_str()).await?;
            drop(conn);
            if matches!(ticket.status, TicketStatus::Closed | TicketStatus::Spam) {
                return Err(SupportError::FailedPrecondition {
                    reason: Reason::TicketClosed,
                    message: "This request is closed. Please submit a new one.".into(),
                });
            }
            if let Some(replied) = self.apply_reply(&ticket, message, &limits).await? {
                return Ok(replied);
            }
        }
        Err(SupportError::VersionConflict)
    }

    /// Records the reply if the ticket is still as read; `None` when an
    /// agent changed it first.
    async fn apply_reply(
        &self,
        ticket: &TicketRecord,
        message: &str,
        limits: &[limits::Limit],
    ) -> Result<Option<Replied>, SupportError> {
        let now = self.now();
        let assignee = match &ticket.assignee_id {
            Some(id) => agents::find(self.db.pool(), id).await?,
            None => None,
        };
        let mut tx = self.db.begin().await?;
        limits::lock(&mut tx, limits, now).await?;
        limits::admit(&mut tx, limits, now).await??;
        let reopened = matches!(
            ticket.status,
            TicketStatus::Resolved | TicketStatus::PendingRequester
        )
        .then_some(TicketStatus::Open);
        let change = TicketChange {
            status: reopened,
            ..TicketChange::default()
        };
        if !tickets::update(&mut tx, &ticket.id, ticket.version, &change, now).await? {
            return Ok(None);
        }
        let mut history = vec![EventRecord {
            kind: "REQUESTER_REPLIED".into(),
            body: message.into(),
            ..EventRecord::default()
        }];
        if let Some(status) = reopened {
            history.push(EventRecord {
                kind: "STATUS_CHANGED".into(),
                from_value: ticket.status.as_str().into(),
                to_value: status.as_str().into(),
                ..EventRecord::default()
            });
        }
        for event in &history {
            events::insert(&mut tx, &ticket.id, event, now).await?;
        }
        // The roster's address, never one typed at assignment.
        let notice = assignee.map(|agent| {
            mail_templates::requester_replied(&agent.email, &ticket.reference, message)
        });
        if let Some(mail) = &notice {
            portal_common::mail::enqueue(&mut tx, mail, now).await?;
        }
        tx.commit().await?;
        if notice.is_some() {
            self.mail.wake();
        }
        Ok(Some(Replied {
            reference: ticket.reference.clone(),
            status: reopened.unwrap_or(ticket.status),
        }))
    }
}

/// The ticket `reference` if `email` is its requester's, else `NOT_FOUND`.
async fn requesters_ticket(
    conn: &mut Connection,
    reference: &TicketRef,
    email: &str,
) -> Result<TicketRecord, SupportError> {
    tickets::find(conn, reference)
        .await?
        .filter(|t| !email.is_empty() && t.requester_email == email)
        .ok_or(SupportError::NotFound("ticket"))
}
