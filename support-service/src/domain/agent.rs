//! The agent desk: finding tickets and working them. Every change checks
//! the ticket's version (optimistic locking), follows the state machines of
//! `model`, and lands in the ticket's history.

use portal_common::UtcTime;
use portal_common::ids::UserId;
use portal_common::mail::OutgoingMail;
use portal_common::paging::{self, Page};
use portal_common::text::{self, TextRule};
use tracing::instrument;

use super::SupportDomain;
use super::mail_templates;
use super::model::{
    CallbackOutcome, CallbackStatus, NoteVisibility, TicketKind, TicketRef, TicketStatus,
};
use crate::domain::model::tickets::{EventRecord, TicketChange, TicketQuery, TicketRecord};
use crate::error::{Reason, SupportError};
use crate::store::{events, tickets};

const MAX_NOTE: usize = 10_000;

/// A confirmed support agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub id: String,
    pub email: String,
}

/// Whom to assign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignee {
    Me,
    Nobody,
    /// Another agent of the desk's roster, by user id.
    Agent {
        id: UserId,
    },
}

/// What one change does: the columns, the history entry, maybe an email.
struct Planned {
    change: TicketChange,
    event: EventRecord,
    mail: Option<OutgoingMail>,
}

fn illegal(message: String) -> SupportError {
    SupportError::FailedPrecondition {
        reason: Reason::IllegalTransition,
        message,
    }
}

impl SupportDomain {
    /// The agent behind `token`: a FULL session with SUPPORT_AGENT.
    pub async fn require_agent(&self, token: Option<&str>) -> Result<Agent, SupportError> {
        let token = token
            .filter(|t| !t.is_empty())
            .ok_or(SupportError::Unauthenticated)?;
        let principal = self.sessions.check(token).await?;
        if !principal.full || !principal.is_agent {
            if principal.full {
                // Signed in, but no longer (or never) an agent.
                self.forget_agent(&principal.user_id).await;
            }
            return Err(SupportError::NotAnAgent);
        }
        let agent = Agent {
            id: principal.user_id,
            email: principal.email,
        };
        self.note_agent(&agent).await;
        Ok(agent)
    }

    #[instrument(skip_all)]
    pub async fn list_tickets(
        &self,
        query: &TicketQuery,
        requested_size: i32,
        page_token: &str,
    ) -> Result<Page<TicketRecord>, SupportError> {
        let size = paging::page_size(requested_size)
            .map_err(|v| SupportError::InvalidArgument(vec![v]))?;
        let before =
            paging::decode_token(page_token).map_err(|v| SupportError::InvalidArgument(vec![v]))?;
        let rows = tickets::page(self.db.pool(), query, &before, size + 1).await?;
        Ok(paging::paginate(rows, size, |ticket| ticket.id.clone()))
    }

    /// How many tickets of each status match `query`, its statuses aside.
    #[instrument(skip_all)]
    pub async fn status_counts(
        &self,
        query: &TicketQuery,
    ) -> Result<Vec<(TicketStatus, i64)>, SupportError> {
        Ok(tickets::status_counts(self.db.pool(), query)
            .await?
            .into_iter()
            .filter_map(|(status, count)| TicketStatus::parse(&status).map(|s| (s, count)))
            .collect())
    }

    #[instrument(skip_all, fields(ticket = %reference))]
    pub async fn ticket_with_history(
        &self,
        reference: &TicketRef,
    ) -> Result<(TicketRecord, Vec<EventRecord>), SupportError> {
        let mut conn = self.db.pool().acquire().await?;
        let ticket = tickets::find(&mut conn, reference)
            .await?
            .ok_or(SupportError::NotFound("ticket"))?;
        let history = events::for_ticket(&mut conn, &ticket.id).await?;
        Ok((ticket, history))
    }

    #[instrument(skip_all, fields(ticket = %reference))]
    pub async fn assign(
        &self,
        agent: &Agent,
        reference: &TicketRef,
        assignee: Assignee,
        version: i64,
    ) -> Result<(TicketRecord, Vec<EventRecord>), SupportError> {
        let target = match assignee {
            Assignee::Me => Some((agent.id.clone(), agent.email.clone())),
            Assignee::Nobody => None,
            Assignee::Agent { id } => {
                let other = self.rostered_agent(id.as_str()).await?;
                Some((other.id, other.email))
            }
        };
        self.change(agent, reference, version, |ticket| {
            Ok(Planned {
                event: EventRecord {
                    kind: "ASSIGNED".into(),
                    from_value: ticket.assignee_email.clone().unwrap_or_default(),
                    to_value: target
                        .as_ref()
                        .map(|(_, email)| email.clone())
                        .unwrap_or_default(),
                    ..EventRecord::default()
                },
                change: TicketChange {
                    assignee: Some(target),
                    ..TicketChange::default()
                },
                mail: None,
            })
        })
        .await
    }

    #[instrument(skip_all, fields(ticket = %reference))]
    pub async fn change_status(
        &self,
        agent: &Agent,
        reference: &TicketRef,
        status: TicketStatus,
        version: i64,
    ) -> Result<(TicketRecord, Vec<EventRecord>), SupportError> {
        if version < 1 {
            return Err(SupportError::invalid(
                "version",
                "a status change needs the ticket's current version",
            ));
        }
        self.change(agent, reference, version, |ticket| {
            if !ticket.status.can_become(status) {
                return Err(illegal(format!(
                    "A {} ticket cannot become {}.",
                    ticket.status.as_str(),
                    status.as_str()
                )));
            }
            Ok(Planned {
                event: EventRecord {
                    kind: "STATUS_CHANGED".into(),
                    from_value: ticket.status.as_str().into(),
                    to_value: status.as_str().into(),
                    ..EventRecord::default()
                },
                change: TicketChange {
                    status: Some(status),
                    ..TicketChange::default()
                },
                mail: None,
            })
        })
        .await
    }

    /// A PUBLIC note is emailed to the requester (in the same transaction);
    /// an INTERNAL one never leaves the desk.
    #[instrument(skip_all, fields(ticket = %reference))]
    pub async fn add_note(
        &self,
        agent: &Agent,
        reference: &TicketRef,
        body: &str,
        visibility: NoteVisibility,
        version: i64,
    ) -> Result<(TicketRecord, Vec<EventRecord>), SupportError> {
        let body = agent_text("body", body, true)?;
        let body = body.as_str();
        self.change(agent, reference, version, |ticket| {
            let closed = matches!(ticket.status, TicketStatus::Closed | TicketStatus::Spam);
            if visibility == NoteVisibility::Public && closed {
                return Err(illegal(format!(
                    "A {} ticket gets no public replies.",
                    ticket.status.as_str()
                )));
            }
            let mail = (visibility == NoteVisibility::Public).then(|| {
                mail_templates::public_reply(&ticket.requester_email, &ticket.reference, body)
            });
            Ok(Planned {
                event: EventRecord {
                    kind: "NOTE_ADDED".into(),
                    visibility: visibility.as_str().into(),
                    body: body.into(),
                    ..EventRecord::default()
                },
                change: TicketChange::default(),
                mail,
            })
        })
        .await
    }

    #[instrument(skip_all, fields(ticket = %reference))]
    pub async fn schedule_callback(
        &self,
        agent: &Agent,
        reference: &TicketRef,
        at: UtcTime,
        version: i64,
    ) -> Result<(TicketRecord, Vec<EventRecord>), SupportError> {
        let now = self.now();
        if at <= now {
            return Err(SupportError::invalid(
                "scheduled_at",
                "must be in the future",
            ));
        }
        self.change(agent, reference, version, |ticket| {
            let current = callback_status(ticket)?;
            if !current.can_become(CallbackStatus::Scheduled) {
                return Err(illegal(format!(
                    "A {} call back cannot be scheduled.",
                    current.as_str()
                )));
            }
            Ok(Planned {
                event: EventRecord {
                    kind: "CALLBACK_SCHEDULED".into(),
                    from_value: current.as_str().into(),
                    to_value: CallbackStatus::Scheduled.as_str().into(),
                    ..EventRecord::default()
                },
                change: TicketChange {
                    callback_status: Some(CallbackStatus::Scheduled),
                    callback_scheduled_at: Some(at),
                    ..TicketChange::default()
                },
                mail: None,
            })
        })
        .await
    }

    #[instrument(skip_all, fields(ticket = %reference))]
    pub async fn record_attempt(
        &self,
        agent: &Agent,
        reference: &TicketRef,
        outcome: CallbackOutcome,
        notes: &str,
        version: i64,
    ) -> Result<(TicketRecord, Vec<EventRecord>), SupportError> {
        let notes = agent_text("notes", notes, false)?;
        let notes = notes.as_str();
        self.change(agent, reference, version, |ticket| {
            let current = callback_status(ticket)?;
            if current != CallbackStatus::Scheduled {
                return Err(illegal(format!(
                    "Attempts are recorded on scheduled call backs; this one is {}.",
                    current.as_str()
                )));
            }
            let next = outcome.resulting_status();
            Ok(Planned {
                event: EventRecord {
                    kind: "CALLBACK_ATTEMPT".into(),
                    from_value: current.as_str().into(),
                    to_value: next.as_str().into(),
                    outcome: outcome.as_str().into(),
                    body: notes.trim().into(),
                    visibility: NoteVisibility::Internal.as_str().into(),
                    ..EventRecord::default()
                },
                change: TicketChange {
                    callback_status: Some(next),
                    ..TicketChange::default()
                },
                mail: None,
            })
        })
        .await
    }

    #[instrument(skip_all, fields(ticket = %reference))]
    pub async fn cancel_callback(
        &self,
        agent: &Agent,
        reference: &TicketRef,
        reason: &str,
        version: i64,
    ) -> Result<(TicketRecord, Vec<EventRecord>), SupportError> {
        let reason = agent_text("reason", reason, false)?;
        let reason = reason.as_str();
        self.change(agent, reference, version, |ticket| {
            let current = callback_status(ticket)?;
            if !current.can_become(CallbackStatus::Cancelled) {
                return Err(illegal(format!(
                    "A {} call back cannot be cancelled.",
                    current.as_str()
                )));
            }
            Ok(Planned {
                event: EventRecord {
                    kind: "CALLBACK_CANCELLED".into(),
                    from_value: current.as_str().into(),
                    to_value: CallbackStatus::Cancelled.as_str().into(),
                    body: reason.trim().into(),
                    visibility: NoteVisibility::Internal.as_str().into(),
                    ..EventRecord::default()
                },
                change: TicketChange {
                    callback_status: Some(CallbackStatus::Cancelled),
                    ..TicketChange::default()
                },
                mail: None,
            })
        })
        .await
    }

    /// Reads the ticket, plans the change, and applies it only if the
    /// ticket is still at `version` (else `ABORTED`), with its history row
    /// and email in the same transaction.
    async fn change(
        &self,
        agent: &Agent,
        reference: &TicketRef,
        version: i64,
        plan: impl FnOnce(&TicketRecord) -> Result<Planned, SupportError>,
    ) -> Result<(TicketRecord, Vec<EventRecord>), SupportError> {
        if version < 0 {
            return Err(SupportError::invalid(
                "version",
                "must be the ticket's current version",
            ));
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let ticket = tickets::find(&mut tx, reference)
            .await?
            .ok_or(SupportError::NotFound("ticket"))?;
        // 0 means "whatever is current" (a note, an assignment or a call-back
        // call may be sent without the version the agent read); any other
        // value must match.
        if version != 0 && ticket.version != version {
            return Err(SupportError::VersionConflict);
        }
        let version = ticket.version;
        let Planned {
            change,
            event,
            mail,
        } = plan(&ticket)?;
        if !tickets::update(&mut tx, &ticket.id, version, &change, now).await? {
            return Err(SupportError::VersionConflict);
        }
        let event = EventRecord {
            agent_id: agent.id.clone(),
            agent_email: agent.email.clone(),
            ..event
        };
        events::insert(&mut tx, &ticket.id, &event, now).await?;
        if let Some(mail) = &mail {
            portal_common::mail::enqueue(&mut tx, mail, now).await?;
        }
        let updated = tickets::find(&mut tx, reference)
            .await?
            .ok_or(SupportError::NotFound("ticket"))?;
        let history = events::for_ticket(&mut tx, &ticket.id).await?;
        tx.commit().await?;
        if mail.is_some() {
            self.mail.wake();
        }
        Ok((updated, history))
    }
}

/// Free text of an agent (note, attempt notes, reason): a message of at
/// most [`MAX_NOTE`] characters (see `portal_common::text`).
fn agent_text(field: &str, raw: &str, required: bool) -> Result<String, SupportError> {
    let rule = TextRule::message(MAX_NOTE);
    let rule = if required { rule } else { rule.optional() };
    text::parse(field, raw, rule)
        .map_err(|violation| SupportError::InvalidArgument(vec![violation]))
}

fn callback_status(ticket: &TicketRecord) -> Result<CallbackStatus, SupportError> {
    match (ticket.kind, ticket.callback_status) {
        (TicketKind::Callback, Some(status)) => Ok(status),
        _ => Err(SupportError::FailedPrecondition {
            reason: Reason::NotACallback,
            message: "This ticket is not a call-back request.".into(),
        }),
    }
}
