//! `ReplyToTicket`: the requester answers on their own ticket.

use super::SupportDomain;
use super::intake;
use super::limits;
use super::mail_templates;
use super::model::{TicketRef, TicketStatus};
use crate::error::SupportError;
use crate::store::events;
use crate::store::events::EventRecord;
use crate::store::tickets::{self, TicketChange};

/// Where the ticket stands after the reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replied {
    pub reference: TicketRef,
    pub status: TicketStatus,
}

impl SupportDomain {
    /// Needs the reference and the requester's email, like
    /// `ticket_status`: any mismatch is the same `NOT_FOUND` and changes
    /// nothing. A reply brings a RESOLVED or PENDING_REQUESTER ticket back
    /// to OPEN; the assigned agent, if any, is told by email, in the same
    /// transaction.
    pub async fn reply_to_ticket(
        &self,
        reference: &str,
        email: &str,
        message: &str,
        client_ip: &str,
    ) -> Result<Replied, SupportError> {
        let message = intake::reply_message(message)?;
        let not_found = || SupportError::NotFound("ticket");
        let reference = TicketRef::parse(reference).ok_or_else(not_found)?;
        let email = email.trim().to_lowercase();
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let ticket = tickets::find(&mut tx, &reference)
            .await?
            .filter(|t| !email.is_empty() && t.requester_email == email)
            .ok_or_else(not_found)?;
        if matches!(ticket.status, TicketStatus::Closed | TicketStatus::Spam) {
            return Err(SupportError::FailedPrecondition {
                reason: "TICKET_CLOSED",
                message: "This request is closed. Please submit a new one.".into(),
            });
        }
        limits::admit(&mut tx, &self.limits, client_ip, &email, now).await??;

        let reopened = matches!(
            ticket.status,
            TicketStatus::Resolved | TicketStatus::PendingRequester
        )
        .then_some(TicketStatus::Open);
        let change = TicketChange {
            status: reopened,
            ..TicketChange::default()
        };
        // The ticket row was read in this write transaction: nobody else
        // can have changed its version meanwhile.
        if !tickets::update(&mut tx, &ticket.id, ticket.version, &change, now).await? {
            return Err(SupportError::VersionConflict);
        }
        events::insert(
            &mut tx,
            &ticket.id,
            &EventRecord {
                kind: "REQUESTER_REPLIED".into(),
                body: message.clone(),
                ..EventRecord::default()
            },
            now,
        )
        .await?;
        if let Some(status) = reopened {
            events::insert(
                &mut tx,
                &ticket.id,
                &EventRecord {
                    kind: "STATUS_CHANGED".into(),
                    from_value: ticket.status.as_str().into(),
                    to_value: status.as_str().into(),
                    ..EventRecord::default()
                },
                now,
            )
            .await?;
        }
        let notice = ticket
            .assignee_email
            .as_deref()
            .map(|agent| mail_templates::requester_replied(agent, &ticket.reference, &message));
        if let Some(mail) = &notice {
            portal_common::mail::enqueue(&mut tx, mail, now).await?;
        }
        tx.commit().await?;
        if notice.is_some() {
            self.mail.wake();
        }
        Ok(Replied {
            reference: ticket.reference,
            status: reopened.unwrap_or(ticket.status),
        })
    }
}
