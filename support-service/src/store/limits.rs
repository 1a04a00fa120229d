//! The submission log behind the per-IP and per-email limits.

use sqlx::AnyConnection;
use uuid::Uuid;

use portal_common::UtcTime;

/// Takes the key's lock row until the transaction ends (PostgreSQL row
/// lock; SQLite's write transaction already serialises), so two replicas
/// cannot both take the last slot.
pub async fn lock_key(
    conn: &mut AnyConnection,
    key: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO limit_locks (limit_key, touched_at) VALUES ($1, $2)
         ON CONFLICT (limit_key) DO UPDATE SET touched_at = $2",
    )
    .bind(key)
    .bind(now.unix_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Submission times under `key` after `since`, oldest first.
pub async fn since(
    conn: &mut AnyConnection,
    key: &str,
    since: UtcTime,
) -> Result<Vec<UtcTime>, sqlx::Error> {
    let times: Vec<i64> = sqlx::query_scalar(
        "SELECT submitted_at FROM submission_log WHERE limit_key = $1 AND submitted_at > $2 ORDER BY submitted_at",
    )
    .bind(key)
    .bind(since.unix_millis())
    .fetch_all(conn)
    .await?;
    Ok(times.into_iter().map(UtcTime::from_unix_millis).collect())
}

pub async fn record(conn: &mut AnyConnection, key: &str, now: UtcTime) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO submission_log (id, limit_key, submitted_at) VALUES ($1, $2, $3)")
        .bind(Uuid::now_v7().to_string())
        .bind(key)
        .bind(now.unix_millis())
        .execute(conn)
        .await?;
    Ok(())
}
