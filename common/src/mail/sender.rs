//! The background task that drains the outbox. Several replicas may run it
//! against one database: a message is claimed by moving its next attempt
//! into the future in one statement, so only one sender holds it at a time.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use sqlx::{AnyConnection, Row};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::{MailTransport, OutgoingMail};
use crate::{Clock, Database, SystemClock, UtcTime};

/// How the sender paces itself.
#[derive(Debug, Clone)]
pub struct MailSenderSettings {
    pub from: Mailbox,
    /// How often the outbox is looked at when nobody wakes the sender.
    pub poll_interval: Duration,
    /// The first retry delay; it doubles with every failure up to `retry_max`.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// How long a claimed message stays reserved for one delivery attempt.
    pub claim_lease: Duration,
}

/// Handle to the running sender.
#[derive(Debug, Clone)]
pub struct MailSender {
    wake: Arc<Notify>,
}

/// Messages claimed at once. With a 10 s SMTP timeout a batch takes at most
/// 500 s, inside the claim lease (10 minutes, see `MailSettings`).
const BATCH_SIZE: usize = 50;

impl MailSender {
    /// Starts the sender; it stops when `stop` is cancelled.
    pub fn spawn(
        db: Database,
        transport: MailTransport,
        settings: MailSenderSettings,
        stop: CancellationToken,
    ) -> Self {
        let wake = Arc::new(Notify::new());
        let worker = Worker {
            db,
            transport,
            settings,
            wake: wake.clone(),
        };
        tokio::spawn(worker.run(stop));
        Self { wake }
    }

    /// Asks the sender to look at the outbox now (after a commit that queued
    /// mail), instead of at its next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

struct Worker {
    db: Database,
    transport: MailTransport,
    settings: MailSenderSettings,
    wake: Arc<Notify>,
}

struct Claimed {
    id: String,
    attempts: i64,
    mail: OutgoingMail,
}

impl Worker {
    async fn run(self, stop: CancellationToken) {
        loop {
            match self.deliver_due().await {
                // A full batch means there may be more waiting.
                Ok(delivered) if delivered >= BATCH_SIZE => continue,
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(error = %format!("{error:#}"), "mail outbox unavailable")
                }
            }
            tokio::select! {
                () = stop.cancelled() => return,
                () = self.wake.notified() => {},
                () = tokio::time::sleep(self.settings.poll_interval) => {},
            }
        }
    }

    /// Retries are paced by the wall clock, whatever clock the domain uses.
    fn now(&self) -> UtcTime {
        SystemClock.now()
    }

    async fn deliver_due(&self) -> anyhow::Result<usize> {
        let claimed = self.claim_due().await?;
        let count = claimed.len();
        if count == 0 {
            return Ok(0);
        }
        let batch: Vec<(String, OutgoingMail)> = claimed
            .iter()
            .map(|message| (message.id.clone(), message.mail.clone()))
            .collect();
        let outcomes = self.transport.send_batch(&self.settings.from, &batch).await;
        let mut delivered = Vec::with_capacity(count);
        let mut failed = Vec::new();
        for (message, outcome) in claimed.iter().zip(outcomes) {
            match outcome {
                Ok(()) => delivered.push(message),
                Err(error) => {
                    let error = format!("{error:#}");
                    tracing::warn!(
                        mail_id = %message.id,
                        attempts = message.attempts,
                        %error,
                        "mail delivery failed; will retry"
                    );
                    failed.push((message, error));
                }
            }
        }
        // Every outcome of the batch in one write transaction (in the
        // writer queue, like every other change), the deliveries in one
        // statement.
        let mut tx = self.db.begin().await?;
        mark_sent(&mut tx, &delivered, self.now()).await?;
        for (message, error) in failed {
            let delay = self.backoff(message.attempts);
            sqlx::query(
                "UPDATE mail_outbox SET next_attempt_at = $1, last_error = $2
                 WHERE id = $3 AND attempts = $4",
            )
            .bind(self.now().plus(delay).unix_millis())
            .bind(error)
            .bind(&message.id)
            .bind(message.attempts)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(count)
    }

    async fn claim_due(&self) -> Result<Vec<Claimed>, sqlx::Error> {
        let now = self.now();
        let lease_until = now.plus(self.settings.claim_lease);
        let mut tx = self.db.begin().await?;
        // The outer `next_attempt_at <= $2` is re-checked by PostgreSQL on a
        // row another replica just claimed, so no message is claimed twice.
        let rows = sqlx::query(
            "UPDATE mail_outbox SET next_attempt_at = $1, attempts = attempts + 1
             WHERE id IN (SELECT id FROM mail_outbox
                          WHERE sent_at IS NULL AND next_attempt_at <= $2
                          ORDER BY next_attempt_at, id LIMIT $3)
               AND sent_at IS NULL AND next_attempt_at <= $2
             RETURNING id, recipient, subject, body, attempts",
        )
        .bind(lease_until.unix_millis())
        .bind(now.unix_millis())
        .bind(i64::try_from(BATCH_SIZE).unwrap_or(i64::MAX))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|row| {
                Ok(Claimed {
                    id: row.try_get("id")?,
                    attempts: row.try_get("attempts")?,
                    mail: OutgoingMail {
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
