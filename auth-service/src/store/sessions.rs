//! Sessions, looked up by the SHA-256 of their token.

use anyhow::Context;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use crate::domain::model::{SessionRecord, SessionScope};
use portal_common::UtcTime;

const COLUMNS: &str = "id, user_id, scope, created_at, last_seen_at, idle_expires_at, \
     absolute_expires_at, revoked_at, client_ip, user_agent";

fn from_row(row: &AnyRow) -> anyhow::Result<SessionRecord> {
    let scope: String = row.try_get("scope")?;
    let millis = |name: &str| -> anyhow::Result<UtcTime> {
        Ok(UtcTime::from_unix_millis(row.try_get::<i64, _>(name)?))
    };
    Ok(SessionRecord {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        scope: SessionScope::parse(&scope).context("unknown session scope in the database")?,
        created_at: millis("created_at")?,
        last_seen_at: millis("last_seen_at")?,
        idle_expires_at: millis("idle_expires_at")?,
        absolute_expires_at: millis("absolute_expires_at")?,
        revoked: row.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
        client_ip: row.try_get("client_ip")?,
        user_agent: row.try_get("user_agent")?,
    })
}

pub async fn insert(
    conn: &mut AnyConnection,
    session: &SessionRecord,
    token_digest: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id, token_hash, user_id, scope, created_at, last_seen_at, idle_expires_at,
                               absolute_expires_at, client_ip, user_agent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&session.id)
    .bind(token_digest)
    .bind(&session.user_id)
    .bind(session.scope.as_str())
    .bind(session.created_at.unix_millis())
    .bind(session.last_seen_at.unix_millis())
    .bind(session.idle_expires_at.unix_millis())
    .bind(session.absolute_expires_at.unix_millis())
    .bind(&session.client_ip)
    .bind(&session.user_agent)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_by_digest(
    pool: &AnyPool,
    token_digest: &str,
) -> anyhow::Result<Option<SessionRecord>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sessions WHERE token_hash = $1"
    ));
    let row = sqlx::query(sql)
        .bind(token_digest)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Slides the idle expiry forward after use.
pub async fn touch(
    conn: &mut AnyConnection,
    session_id: &str,
    now: UtcTime,
    idle_expires_at: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1, idle_expires_at = $2 WHERE id = $3 AND revoked_at IS NULL")
        .bind(now.unix_millis())
        .bind(idle_expires_at.unix_millis())
        .bind(session_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends one session of `user_id`; false when there was no such live session.
pub async fn revoke(
    conn: &mut AnyConnection,
    user_id: &str,
    session_id: &str,
    now: UtcTime,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
    )
    .bind(now.unix_millis())
    .bind(session_id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// Ends every session of `user_id` but `keep` (when given).
pub async fn revoke_all_except(
    conn: &mut AnyConnection,
    user_id: &str,
    keep: Option<&str>,
    now: UtcTime,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL AND id <> $3",
    )
    .bind(now.unix_millis())
    .bind(user_id)
    .bind(keep.unwrap_or(""))
    .execute(conn)
    .await?;
    Ok(result.rows_affected())
}

/// The live sessions of `user_id`, newest first.
pub async fn list_live(
    pool: &AnyPool,
    user_id: &str,
    now: UtcTime,
) -> anyhow::Result<Vec<SessionRecord>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sessions
         WHERE user_id = $1 AND revoked_at IS NULL AND idle_expires_at > $2 AND absolute_expires_at > $2
         ORDER BY created_at DESC, id DESC"
    ));
    let rows = sqlx::query(sql)
        .bind(user_id)
        .bind(now.unix_millis())
        .fetch_all(pool)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Ends every live session of `user_id` with `scope`.
pub async fn revoke_scope(
    conn: &mut AnyConnection,
    user_id: &str,
    scope: SessionScope,
    now: UtcTime,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND scope = $3 AND revoked_at IS NULL",
    )
    .bind(now.unix_millis())
    .bind(user_id)
    .bind(scope.as_str())
    .execute(conn)
    .await?;
    Ok(result.rows_affected())
}
