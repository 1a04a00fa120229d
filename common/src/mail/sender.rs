//! The background task that drains the outbox. Several replicas may run it
//! against one database: a message is claimed by moving its next attempt
//! past a lease in one statement, so only one sender holds it at a time,
//! and the lease is longer than any delivery can take (every SMTP exchange
//! is bounded by `send_deadline`), so no other replica sends it again while
//! it is on its way.
//!
//! Over SMTP each message is its own task, up to [`MAX_IN_FLIGHT`] at once:
//! a server that stalls on one message holds up that message alone, and
//! each outcome is recorded as soon as it is known. `.eml` files are
//! written a batch at a time. A permanent refusal (an SMTP 5xx, or a
//! message that cannot be built) ends in the `failed` state after
//! [`MAX_ATTEMPTS_WHEN_REFUSED`] attempts instead of being retried forever;
//! other failures are retried with backoff, so an outage delays mail but
//! never loses it.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use sqlx::{AnyConnection, Row};
use tokio::sync::{Notify, mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use super::in_flight::InFlight;
use super::transport::DeliveryError;
use super::{MailTransport, OutgoingMail};
use crate::{Clock, Database, UtcTime};

/// How the sender paces itself.
#[derive(Debug, Clone)]
pub struct MailSenderSettings {
    pub from: Mailbox,
    /// How often the outbox is looked at when nobody wakes the sender.
    pub poll_interval: Duration,
    /// The first retry delay; it doubles with every failure up to `retry_max`.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// The longest one SMTP delivery may take, every step included.
    pub send_deadline: Duration,
}

impl MailSenderSettings {
    /// How long a claimed message stays reserved for one delivery attempt:
    /// well past the longest a delivery can take, so only a sender that
    /// died lets a claim lapse.
    pub fn claim_lease(&self) -> Duration {
        self.send_deadline
            .saturating_mul(4)
            .max(Duration::from_secs(60))
    }
}

/// Handle to the running sender.
#[derive(Debug, Clone)]
pub struct MailSender {
    wake: Arc<Notify>,
    flushes: mpsc::Sender<oneshot::Sender<()>>,
}

/// `.eml` files written per batch.
const BATCH_SIZE: usize = 50;

/// SMTP deliveries under way at once, each on a connection of its own.
pub const MAX_IN_FLIGHT: usize = 8;

/// Attempts after which a permanently refused message is given up.
pub const MAX_ATTEMPTS_WHEN_REFUSED: i64 = 3;

impl MailSender {
    /// Starts the sender; it stops when `stop` is cancelled.
    pub fn spawn(
        db: Database,
        transport: MailTransport,
        settings: MailSenderSettings,
        clock: Arc<dyn Clock>,
        stop: CancellationToken,
    ) -> Self {
        let wake = Arc::new(Notify::new());
        let (flushes, flush_requests) = mpsc::channel(8);
        let worker = Worker {
            db,
            transport,
            settings,
            clock,
            wake: wake.clone(),
        };
        tokio::spawn(worker.run(flush_requests, stop));
        Self { wake, flushes }
    }

    /// Asks the sender to look at the outbox now (after a commit that queued
    /// mail), instead of at its next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Returns once every message due by the service's clock, those
    /// already on their way included, has been tried and its outcome
    /// recorded; a failed one is tried again once the clock passes its
    /// backoff. Tests call it instead of waiting for mail that should not
    /// come. Errors when the sender has stopped.
    pub async fn flush(&self) -> anyhow::Result<()> {
        let (done, drained) = oneshot::channel();
        self.flushes
            .send(done)
            .await
            .map_err(|_| anyhow::anyhow!("the mail sender has stopped"))?;
        drained
            .await
            .map_err(|_| anyhow::anyhow!("the mail sender stopped while flushing"))
    }
}

struct Worker {
    db: Database,
    transport: MailTransport,
    settings: MailSenderSettings,
    /// The service's clock: what it queues is due at its "now", and retries
    /// come due as it moves.
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
}

pub(super) struct Claimed {
    id: String,
    attempts: i64,
    mail: OutgoingMail,
}

/// One delivery attempt's result.
pub(super) type Outcome = (Claimed, Result<(), DeliveryError>);

impl Worker {
    async fn run(
        self,
        mut flush_requests: mpsc::Receiver<oneshot::Sender<()>>,
        stop: CancellationToken,
    ) {
        let worker = Arc::new(self);
        let mut in_flight = InFlight::default();
        loop {
            let more_waiting = match worker
                .dispatch_due(&mut in_flight, &mut HashSet::new())
                .await
            {
                Ok(more_waiting) => more_waiting,
                Err(error) => {
                    tracing::warn!(error = %format!("{error:#}"), "mail outbox unavailable");
                    false
                }
            };
            if more_waiting && in_flight.is_empty() {
                continue;
            }
            tokio::select! {
                () = stop.cancelled() => return,
                Some(done) = in_flight.next(), if !in_flight.is_empty() => {
                    let mut outcomes = vec![done];
                    outcomes.extend(in_flight.finished());
                    if let Err(error) = worker.record(outcomes).await {
                        tracing::warn!(error = %format!("{error:#}"), "mail outcomes not recorded; the claims will lapse");
                    }
                }
                () = worker.wake.notified(), if in_flight.len() < MAX_IN_FLIGHT => {},
                Some(done) = flush_requests.recv() => {
                    worker.drain(&mut in_flight).await;
                    let _ = done.send(());
                }
                () = tokio::time::sleep(worker.settings.poll_interval) => {},
            }
        }
    }

    fn now(&self) -> UtcTime {
        self.clock.now()
    }

    /// Tries every message due, and those under way, once; records every
    /// outcome. A message that fails comes due again only later (even
    /// with no backoff configured it is not tried twice here), so this
    /// ends.
    async fn drain(self: &Arc<Self>, in_flight: &mut InFlight) {
        let mut tried: HashSet<String> = in_flight.rows().cloned().collect();
        loop {
            let more = match self.dispatch_due(in_flight, &mut tried).await {
                Ok(more) => more,
                Err(error) => {
                    tracing::warn!(error = %format!("{error:#}"), "mail outbox unavailable");
                    false
                }
            };
            if in_flight.is_empty() && !more {
                return;
            }
            let mut outcomes = Vec::new();
            while let Some(done) = in_flight.next().await {
                outcomes.push(done);
            }
            if let Err(error) = self.record(outcomes).await {
                tracing::warn!(error = %format!("{error:#}"), "mail outcomes not recorded; the claims will lapse");
                return;
            }
        }
    }

    /// Claims what is due, but `tried` and what is under way, adds it to
    /// `tried` and sets it on its way: over SMTP as one task per message
    /// into `in_flight`, files at once (their outcomes recorded here). True
    /// when more may be waiting than was claimed.
    async fn dispatch_due(
        self: &Arc<Self>,
        in_flight: &mut InFlight,
        tried: &mut HashSet<String>,
    ) -> anyhow::Result<bool> {
        // Never a row this sender is still sending, even when its clock has
        // moved past the row's lease (tests move it in jumps): the lease
        // guards against a sender that died.
        let skip: Vec<String> = in_flight.rows().chain(tried.iter()).cloned().collect();
        if !self.transport.is_smtp() {
            let claimed = self.claim_due(BATCH_SIZE, &skip).await?;
            tried.extend(claimed.iter().map(|message| message.id.clone()));
            let count = claimed.len();
            if count > 0 {
                let batch: Vec<(String, OutgoingMail)> = claimed
                    .iter()
                    .map(|message| (message.id.clone(), message.mail.clone()))
                    .collect();
                let outcomes = self
                    .transport
                    .send_batch(&self.settings.from, &batch, self.settings.send_deadline)
                    .await;
                self.record(claimed.into_iter().zip(outcomes).collect())
                    .await?;
            }
            return Ok(count >= BATCH_SIZE);
        }
        let free = MAX_IN_FLIGHT.saturating_sub(in_flight.len());
        if free == 0 {
            return Ok(true);
        }
        let claimed = self.claim_due(free, &skip).await?;
        let full = claimed.len() >= free;
        tried.extend(claimed.iter().map(|message| message.id.clone()));
        for message in claimed {
            let worker = self.clone();
            in_flight.spawn(message.id.clone(), async move {
                let outcome = worker
                    .transport
                    .send_one(
                        &worker.settings.from,
                        &message.id,
                        &message.mail,
                        worker.settings.send_deadline,
                    )
                    .await;
                (message, outcome)
            });
        }
        Ok(full)
    }

    /// Every outcome in one write transaction (in the writer queue, like
    /// every other change), the deliveries in one statement.
    async fn record(&self, outcomes: Vec<Outcome>) -> anyhow::Result<()> {
        let now = self.now();
        let mut delivered = Vec::new();
        let mut tx = self.db.begin().await?;
        for (message, outcome) in &outcomes {
            let error = match outcome {
                Ok(()) => {
                    delivered.push(message);
                    continue;
                }
                Err(error) => error,
            };
            let text = format!("{:#}", error.error);
            if error.permanent && message.attempts >= MAX_ATTEMPTS_WHEN_REFUSED {
                tracing::error!(
                    mail_id = %message.id,
                    attempts = message.attempts,
                    error = %text,
                    "mail refused for good; giving up"
                );
                mark_failed(&mut tx, message, &text, now).await?;
            } else {
                tracing::warn!(
                    mail_id = %message.id,
                    attempts = message.attempts,
                    permanent = error.permanent,
                    error = %text,
                    "mail delivery failed; will retry"
                );
                let retry_at = now.plus(self.backoff(message.attempts));
                mark_retry(&mut tx, message, &text, retry_at).await?;
            }
        }
        mark_sent(&mut tx, &delivered, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Claims up to `limit` due messages, none of `skip`.
    async fn claim_due(&self, limit: usize, skip: &[String]) -> Result<Vec<Claimed>, sqlx::Error> {
        let now = self.now();
        let lease_until = now.plus(self.settings.claim_lease());
        let not_skipped: String = (0..skip.len())
            .map(|i| format!(" AND id <> ${}", i + 4))
            .collect();
        // The outer `next_attempt_at <= $2` is re-checked by PostgreSQL on a
        // row another replica just claimed, so no message is claimed twice.
        let sql = format!(
            "UPDATE mail_outbox SET next_attempt_at = $1, attempts = attempts + 1
             WHERE id IN (SELECT id FROM mail_outbox
                          WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2{not_skipped}
                          ORDER BY next_attempt_at, id LIMIT $3)
               AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2
             RETURNING id, kind, recipient, subject, body, attempts"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(lease_until.unix_millis())
            .bind(now.unix_millis())
            .bind(i64::try_from(limit).unwrap_or(i64::MAX));
        for id in skip {
            query = query.bind(id.as_str());
        }
        let mut tx = self.db.begin().await?;
        let rows = query.fetch_all(&mut *tx).await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|row| {
                Ok(Claimed {
                    id: row.try_get("id")?,
                    attempts: row.try_get("attempts")?,
                    mail: OutgoingMail {
                        kind: row.try_get("kind")?,
                        to: row.try_get("recipient")?,
                        subject: row.try_get("subject")?,
                        body: row.try_get("body")?,
                    },
                })
            })
            .collect()
    }
    fn backoff(&self, attempts: i64) -> Duration {
        let exponent = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
        self.settings
            .retry_base
            .saturating_mul(2u32.saturating_pow(exponent))
            .min(self.settings.retry_max)
    }
}

/// A failed attempt, to be tried again at `retry_at`. Fenced on
/// `attempts`, like [`mark_sent`].
async fn mark_retry(
    conn: &mut AnyConnection,
    message: &Claimed,
    error: &str,
    retry_at: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_outbox SET next_attempt_at = $1, last_error = $2
         WHERE id = $3 AND attempts = $4",
    )
    .bind(retry_at.unix_millis())
    .bind(error)
    .bind(&message.id)
    .bind(message.attempts)
    .execute(conn)
    .await?;
    Ok(())
}

/// Gives a message up for good: it stays, with its last error, for the
/// record and the metrics (its body blanked: it may hold a reset link or a
/// temporary password), but is never claimed again.
async fn mark_failed(
    conn: &mut AnyConnection,
    message: &Claimed,
    error: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_outbox SET failed_at = $1, last_error = $2, body = ''
         WHERE id = $3 AND attempts = $4",
    )
    .bind(now.unix_millis())
    .bind(error)
    .bind(&message.id)
    .bind(message.attempts)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records `delivered` as sent and blanks their bodies. Fenced on
/// `attempts`: a sender whose lease ran out does not overwrite the state of
/// the one that took over.
async fn mark_sent(
    conn: &mut AnyConnection,
    delivered: &[&Claimed],
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    if delivered.is_empty() {
        return Ok(());
    }
    let fences: Vec<String> = (0..delivered.len())
        .map(|i| format!("(id = ${} AND attempts = ${})", 2 * i + 2, 2 * i + 3))
        .collect();
    let sql = format!(
        "UPDATE mail_outbox SET sent_at = $1, last_error = NULL, body = '' WHERE {}",
        fences.join(" OR ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now.unix_millis());
    for message in delivered {
        query = query.bind(&message.id).bind(message.attempts);
    }
    query.execute(conn).await?;
    Ok(())
}
