//! The `mail_outbox` table: written inside the caller's transaction, read by
//! the sender.

use sqlx::{Any, AnyConnection, Executor};
use uuid::Uuid;

use std::time::Duration;

use crate::janitor::Sweep;
use crate::metrics::MetricsBuilder;
use crate::{Database, UtcTime};

/// One message waiting for delivery. Bodies may carry temporary passwords,
/// codes and reset links: they never show in `Debug` output, and are blanked
/// in the outbox once delivered.
#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// What the message is for (`ACCESS`, `PASSWORD_RESET`, …), kept after
    /// the body is blanked, for the agent desk's mail log.
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

impl std::fmt::Debug for OutgoingMail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingMail")
            .field("kind", &self.kind)
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("body", &"<redacted>")
            .finish()
    }
}

/// Queues `mail` on `conn`, which should be the transaction of the change
/// that causes it. It is due at once; the sender's own clock decides retries.
pub async fn enqueue(
    conn: &mut AnyConnection,
    mail: &OutgoingMail,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mail_outbox (id, kind, recipient, subject, body, created_at, attempts, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, 0, 0)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(&mail.kind)
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(now.unix_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// How many messages are still to be delivered (for metrics and tests).
pub async fn pending_count<'e, E>(executor: E) -> Result<i64, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL",
    )
    .fetch_one(executor)
    .await
}

/// How many messages were given up after permanent refusals (for metrics).
pub async fn failed_count<'e, E>(executor: E) -> Result<i64, sqlx::Error>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE failed_at IS NOT NULL")
        .fetch_one(executor)
        .await
}

/// What the outbox forgets, and when: delivered mail after a week, mail
/// given up after a month (both kept that long for the agent desk's mail
/// log and for the metrics).
pub const OUTBOX_SWEEPS: &[Sweep] = &[
    Sweep {
        statement: "DELETE FROM mail_outbox WHERE sent_at < $1",
        keep: Duration::from_secs(7 * 24 * 3600),
    },
    Sweep {
        statement: "DELETE FROM mail_outbox WHERE failed_at < $1",
        keep: Duration::from_secs(30 * 24 * 3600),
    },
];

/// Adds the gauges `{service}_mail_outbox_backlog` (not delivered yet) and
/// `{service}_mail_outbox_failed` (given up after permanent refusals) of
/// `db`'s outbox; `-1` when the database cannot be read.
pub fn outbox_gauges(metrics: MetricsBuilder, service: &str, db: &Database) -> MetricsBuilder {
    let backlog_db = db.clone();
    let failed_db = db.clone();
    metrics
        .gauge(
            &format!("{service}_mail_outbox_backlog"),
            &format!("{service} emails not delivered yet"),
            move || {
                let db = backlog_db.clone();
                async move { pending_count(db.pool()).await.unwrap_or(-1) }
            },
        )
        .gauge(
            &format!("{service}_mail_outbox_failed"),
            &format!("{service} emails given up after permanent refusals"),
            move || {
                let db = failed_db.clone();
                async move { failed_count(db.pool()).await.unwrap_or(-1) }
            },
        )
}
