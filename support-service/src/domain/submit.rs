//! Accepting a contact form or call-back request: the honeypot, the per-IP
//! and per-email limits, the ticket and its confirmation email, all in one
//! transaction.

use std::time::Duration;

use uuid::Uuid;

use super::SupportDomain;
use super::intake::{self, CallbackInput, ContactInput, NewTicket, SignedInRequester};
use super::mail_templates;
use super::model::{TicketKind, TicketRef};
use crate::error::SupportError;
use crate::store::events::EventRecord;
use crate::store::{events, limits, tickets};
use portal_common::UtcTime;

const HOUR: Duration = Duration::from_secs(3600);

/// The reply to a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub reference: TicketRef,
}

impl SupportDomain {
    pub async fn submit_contact_form(
        &self,
        input: &ContactInput,
        honeypot: &str,
        token: Option<&str>,
        client_ip: &str,
    ) -> Result<Submitted, SupportError> {
        let signed_in = self.signed_in(token).await?;
        let ticket = intake::contact_form(input, signed_in.as_ref())?;
        self.accept(ticket, honeypot, client_ip).await
    }

    pub async fn request_callback(
        &self,
        input: &CallbackInput,
        honeypot: &str,
        token: Option<&str>,
        client_ip: &str,
    ) -> Result<Submitted, SupportError> {
        let signed_in = self.signed_in(token).await?;
        let ticket = intake::callback_request(input, signed_in.as_ref(), self.now())?;
        self.accept(ticket, honeypot, client_ip).await
    }

    /// The requester behind a valid FULL session; a missing or stale token
    /// just means an anonymous submission (help must stay reachable).
    async fn signed_in(
        &self,
        token: Option<&str>,
    ) -> Result<Option<SignedInRequester>, SupportError> {
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        match self.sessions.check(token).await {
            Ok(principal) if principal.full => Ok(Some(SignedInRequester {
                name: principal.display_name(),
                user_id: principal.user_id,
                email: principal.email,
            })),
            // Help must stay reachable: an unknown session, or an auth service
            // that cannot answer, just means an anonymous request.
            Ok(_) | Err(SupportError::Unauthenticated | SupportError::AuthUnavailable(_)) => {
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }

    async fn accept(
        &self,
        ticket: NewTicket,
        honeypot: &str,
        client_ip: &str,
    ) -> Result<Submitted, SupportError> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        // Each limit in force (a cap of 0 turns one off) is checked under
        // its key's lock and the submission recorded against it.
        let limited: Vec<(String, usize)> = [
            (format!("ip:{client_ip}"), self.limits.per_ip_per_hour),
            (
                format!("email:{}", ticket.requester_email),
                self.limits.per_email_per_hour,
            ),
        ]
        .into_iter()
        .map(|(key, cap)| (key, usize::try_from(cap).unwrap_or(usize::MAX)))
        .filter(|(_, cap)| *cap > 0)
        .collect();
        for (key, cap) in &limited {
            limits::lock_key(&mut tx, key, now).await?;
            let recent = limits::since(
                &mut tx,
                key,
                UtcTime::from_unix_millis(now.unix_millis() - 3_600_000),
            )
            .await?;
            if recent.len() >= *cap {
                let frees_at = recent[recent.len() - cap].plus(HOUR);
                return Err(SupportError::TooManySubmissions {
                    retry_after: now.until(frees_at),
                });
            }
        }
        for (key, _) in &limited {
            limits::record(&mut tx, key, now).await?;
        }
        // A filled honeypot is a bot: it gets the usual reply and counts
        // against the limits, but no ticket and no email exist.
        if !honeypot.trim().is_empty() {
            tx.commit().await?;
            tracing::info!("honeypot submission discarded");
            return Ok(Submitted {
                reference: TicketRef::generate(),
            });
        }
        let id = Uuid::now_v7().to_string();
        let mut reference = TicketRef::generate();
        while !tickets::insert(&mut tx, &id, &reference, &ticket, client_ip, now).await? {
            reference = TicketRef::generate();
        }
        events::insert(
            &mut tx,
            &id,
            &EventRecord {
                kind: "CREATED".into(),
                to_value: "NEW".into(),
                ..EventRecord::default()
            },
            now,
        )
        .await?;
        let mail = mail_templates::confirmation(
            &ticket.requester_email,
            &ticket.requester_name,
            &reference,
            ticket.kind == TicketKind::Callback,
        );
        portal_common::mail::enqueue(&mut tx, &mail, now).await?;
        tx.commit().await?;
        self.mail.wake();
        Ok(Submitted { reference })
    }
}
