//! Accepting a contact form or call-back request: the honeypot, the per-IP
//! and per-email limits, the ticket and its confirmation email, all in one
//! transaction, shared by whatever submissions arrived together.

use std::sync::Arc;
use tracing::instrument;

use portal_common::db::Connection;
use portal_common::mail::MailSender;
use portal_common::{Clock, Database};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::SupportDomain;
use super::intake::{self, CallbackInput, ContactInput, SignedInRequester};
use super::limits::{self, Limit};
use super::mail_templates;
use super::model::tickets::NewTicket;
use super::model::{TicketKind, TicketRef};
use crate::domain::model::tickets::EventRecord;
use crate::error::SupportError;
use crate::settings::LimitSettings;
use crate::store::{events, tickets};
use portal_common::UtcTime;

/// The reply to a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub reference: TicketRef,
}

impl SupportDomain {
    #[instrument(skip_all)]
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

    #[instrument(skip_all)]
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

    /// Queues the submission for the next group commit and waits for it.
    async fn accept(
        &self,
        ticket: NewTicket,
        honeypot: &str,
        client_ip: &str,
    ) -> Result<Submitted, SupportError> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            ticket,
            honeypot: !honeypot.trim().is_empty(),
            client_ip: client_ip.to_owned(),
            reply,
        };
        self.intake
            .send(job)
            .await
            .map_err(|_| SupportError::Internal(anyhow::anyhow!("intake writer stopped")))?;
        answer
            .await
            .map_err(|_| SupportError::Internal(anyhow::anyhow!("intake writer dropped a job")))?
    }
}

/// How many waiting submissions one transaction takes at most.
const GROUP_LIMIT: usize = 64;

/// One submission waiting for the writer.
#[derive(Debug)]
pub(crate) struct Job {
    ticket: NewTicket,
    honeypot: bool,
    client_ip: String,
    reply: oneshot::Sender<Result<Submitted, SupportError>>,
}

/// Writes submissions with group commit: whatever is waiting when the
/// writer is free goes into one transaction (limits still checked one by
/// one, in order, inside it), so a busy desk pays for one commit per group
/// instead of one per ticket.
#[derive(Debug)]
pub(crate) struct IntakeWriter {
    pub db: Database,
    pub clock: Arc<dyn Clock>,
    pub limits: LimitSettings,
    pub mail: MailSender,
}

impl IntakeWriter {
    /// Starts the writer; it ends when every sender is gone.
    pub fn spawn(self) -> mpsc::Sender<Job> {
        let (jobs, mut queue) = mpsc::channel::<Job>(1024);
        tokio::spawn(async move {
            while let Some(first) = queue.recv().await {
                let mut group = vec![first];
                while group.len() < GROUP_LIMIT {
                    match queue.try_recv() {
                        Ok(job) => group.push(job),
                        Err(_) => break,
                    }
                }
                self.write_group(group).await;
            }
        });
        jobs
    }

    async fn write_group(&self, group: Vec<Job>) {
        let (jobs, replies): (Vec<_>, Vec<_>) = group
            .into_iter()
            .map(|job| ((job.ticket, job.honeypot, job.client_ip), job.reply))
            .unzip();
        match self.write(&jobs).await {
            Ok(results) => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
                self.mail.wake();
            }
            Err(error) => {
                let text = format!("{error:#}");
                for reply in replies {
                    let _ = reply.send(Err(SupportError::Internal(anyhow::anyhow!("{text}"))));
                }
            }
        }
    }

    /// One transaction for the group; a submission over its limit is
    /// refused on its own, a database error fails the whole group.
    async fn write(
        &self,
        jobs: &[(NewTicket, bool, String)],
    ) -> Result<Vec<Result<Submitted, SupportError>>, SupportError> {
        let now = self.clock.now();
        let applying: Vec<Vec<Limit>> = jobs
            .iter()
            .map(|(ticket, _, client_ip)| {
                limits::applying(&self.limits, client_ip, &ticket.requester_email)
            })
            .collect();
        let mut tx = self.db.begin().await?;
        limits::lock(&mut tx, applying.iter().flatten(), now).await?;
        let mut results = Vec::with_capacity(jobs.len());
        for ((ticket, honeypot, client_ip), limits) in jobs.iter().zip(&applying) {
            results.push(
                self.write_one(&mut tx, ticket, *honeypot, client_ip, limits, now)
                    .await?,
            );
        }
        tx.commit().await?;
        Ok(results)
    }

    async fn write_one(
        &self,
        tx: &mut Connection,
        ticket: &NewTicket,
        honeypot: bool,
        client_ip: &str,
        limits: &[Limit],
        now: UtcTime,
    ) -> Result<Result<Submitted, SupportError>, SupportError> {
        if let Err(refused) = limits::admit(tx, limits, now).await? {
            return Ok(Err(refused));
        }
        // A filled honeypot is a bot: it gets the usual reply and counts
        // against the limits, but no ticket and no email exist.
        if honeypot {
            tracing::info!("honeypot submission discarded");
            return Ok(Ok(Submitted {
                reference: TicketRef::generate(),
            }));
        }
        let id = Uuid::now_v7().to_string();
        let mut reference = TicketRef::generate();
        while !tickets::insert(tx, &id, &reference, ticket, client_ip, now).await? {
            reference = TicketRef::generate();
        }
        events::insert(
            tx,
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
        portal_common::mail::enqueue(tx, &mail, now).await?;
        Ok(Ok(Submitted { reference }))
    }
}
