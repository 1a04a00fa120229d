//! Reset flows, reset tokens and reset-email sends.

use sqlx::{AnyConnection, AnyPool, Row};
use uuid::Uuid;

use crate::domain::model::reset::FlowRecord;
use portal_common::UtcTime;

pub async fn insert_flow(
    conn: &mut AnyConnection,
    id_hash: &str,
    user_id: Option<&str>,
    email_key: &str,
    question_ids: &[&str],
    expires_at: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO reset_flows (id_hash, user_id, email_key, question_ids, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id_hash)
    .bind(user_id)
    .bind(email_key)
    .bind(question_ids.join(","))
    .bind(expires_at.unix_millis())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn flow(pool: &AnyPool, id_hash: &str) -> anyhow::Result<Option<FlowRecord>> {
    let row = sqlx::query(
        "SELECT user_id, email_key, question_ids, expires_at, used_at FROM reset_flows WHERE id_hash = $1",
    )
    .bind(id_hash)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let question_ids: String = row.try_get("question_ids")?;
    Ok(Some(FlowRecord {
        user_id: row.try_get("user_id")?,
        email_key: row.try_get("email_key")?,
        question_ids: question_ids.split(',').map(str::to_owned).collect(),
        expires_at: UtcTime::from_unix_millis(row.try_get("expires_at")?),
        used: row.try_get::<Option<i64>, _>("used_at")?.is_some(),
    }))
}

/// Uses the flow up; false when it already was.
pub async fn use_flow(
    conn: &mut AnyConnection,
    id_hash: &str,
    now: UtcTime,
) -> Result<bool, sqlx::Error> {
    let result =
        sqlx::query("UPDATE reset_flows SET used_at = $1 WHERE id_hash = $2 AND used_at IS NULL")
            .bind(now.unix_millis())
            .bind(id_hash)
            .execute(conn)
            .await?;
    Ok(result.rows_affected() > 0)
}

/// The stored answer hashes of `user_id`, by question id.
pub async fn answer_hashes(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT question_id, answer_hash FROM security_answers WHERE user_id = $1 ORDER BY position",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("question_id")?, row.try_get("answer_hash")?)))
        .collect()
}

/// Voids every live token of `user_id`, then stores a new one.
pub async fn replace_token(
    conn: &mut AnyConnection,
    user_id: &str,
    token_hash: &str,
    now: UtcTime,
    expires_at: UtcTime,
) -> Result<(), sqlx::Error> {
    void_tokens(conn, user_id, now).await?;
    sqlx::query(
        "INSERT INTO reset_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now.unix_millis())
    .bind(expires_at.unix_millis())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn void_tokens(
    conn: &mut AnyConnection,
    user_id: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE reset_tokens SET voided_at = $1 WHERE user_id = $2 AND used_at IS NULL AND voided_at IS NULL",
    )
    .bind(now.unix_millis())
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The account of a live token (not used, not voided, not expired).
pub async fn live_token_user(
    pool: &AnyPool,
    token_hash: &str,
    now: UtcTime,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT user_id FROM reset_tokens
         WHERE token_hash = $1 AND used_at IS NULL AND voided_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now.unix_millis())
    .fetch_optional(pool)
    .await
}

/// Uses the token up; false when someone else did first.
pub async fn use_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: UtcTime,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE reset_tokens SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND voided_at IS NULL AND expires_at > $1",
    )
    .bind(now.unix_millis())
    .bind(token_hash)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() > 0)
}

pub async fn email_sends_since(
    conn: &mut AnyConnection,
    user_id: &str,
    since: UtcTime,
) -> Result<Vec<UtcTime>, sqlx::Error> {
    let times: Vec<i64> = sqlx::query_scalar(
        "SELECT sent_at FROM reset_email_sends WHERE user_id = $1 AND sent_at > $2 ORDER BY sent_at",
    )
    .bind(user_id)
    .bind(since.unix_millis())
    .fetch_all(conn)
    .await?;
    Ok(times.into_iter().map(UtcTime::from_unix_millis).collect())
}

pub async fn record_email_send(
    conn: &mut AnyConnection,
    user_id: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO reset_email_sends (id, user_id, sent_at) VALUES ($1, $2, $3)")
        .bind(Uuid::now_v7().to_string())
        .bind(user_id)
        .bind(now.unix_millis())
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets a password chosen through a reset: the temporary password goes.
pub async fn set_reset_password(
    conn: &mut AnyConnection,
    user_id: &str,
    password_hash: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET password_hash = $1, temporary_password_hash = NULL, updated_at = $2 WHERE id = $3",
    )
    .bind(password_hash)
    .bind(now.unix_millis())
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}
