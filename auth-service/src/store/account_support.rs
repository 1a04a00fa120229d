//! What the agent desk (and an administrator's user page) reads about one
//! account: its mail log, last sign-in, and how often its access email
//! went out. Its recent events are read in `store::audit`.

use sqlx::{AnyPool, Row};

use crate::domain::model::admin::MailRecord;
use portal_common::UtcTime;

/// The newest `limit` messages queued for `recipient`, newest first.
pub async fn mail_to(
    pool: &AnyPool,
    recipient: &str,
    limit: i64,
) -> anyhow::Result<Vec<MailRecord>> {
    let rows = sqlx::query(
        "SELECT kind, subject, created_at, sent_at, attempts, last_error, failed_at
         FROM mail_outbox WHERE recipient = $1
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(recipient)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(MailRecord {
                kind: row.try_get("kind")?,
                subject: row.try_get("subject")?,
                queued_at: UtcTime::from_unix_millis(row.try_get("created_at")?),
                sent_at: row
                    .try_get::<Option<i64>, _>("sent_at")?
                    .map(UtcTime::from_unix_millis),
                attempts: row.try_get("attempts")?,
                last_error: row.try_get("last_error")?,
                failed: row.try_get::<Option<i64>, _>("failed_at")?.is_some(),
            })
        })
        .collect()
}

/// When `user_id` last signed in successfully.
pub async fn last_sign_in(pool: &AnyPool, user_id: &str) -> Result<Option<UtcTime>, sqlx::Error> {
    let at: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(occurred_at) FROM auth_events WHERE user_id = $1 AND kind = 'LOGIN_SUCCEEDED'",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    Ok(at.map(UtcTime::from_unix_millis))
}

/// When `kind` events of `user_id` happened after `since`, oldest first.
pub async fn event_times_since(
    conn: &mut sqlx::AnyConnection,
    user_id: &str,
    kind: &str,
    since: UtcTime,
) -> Result<Vec<UtcTime>, sqlx::Error> {
    let times: Vec<i64> = sqlx::query_scalar(
        "SELECT occurred_at FROM auth_events
         WHERE user_id = $1 AND kind = $2 AND occurred_at > $3 ORDER BY occurred_at",
    )
    .bind(user_id)
    .bind(kind)
    .bind(since.unix_millis())
    .fetch_all(conn)
    .await?;
    Ok(times.into_iter().map(UtcTime::from_unix_millis).collect())
}

/// The active program administrators and licence owners of
/// `organization_id`: (first name, last name, email), by email.
pub async fn organization_administrators(
    pool: &AnyPool,
    organization_id: &str,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT u.first_name, u.last_name, u.email
         FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE u.organization_id = $1 AND u.state = 'ACTIVE'
           AND r.role IN ('PROGRAM_ADMIN', 'LICENSE_OWNER')
         ORDER BY u.email",
    )
    .bind(organization_id)
    .fetch_all(pool)
    .await
}
