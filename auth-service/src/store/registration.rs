//! What registration stores: profile, answers, verified email, terms, and
//! the email-verification codes with their send history.

use sqlx::{AnyConnection, Row};
use uuid::Uuid;

use crate::domain::model::registration::Progress;
use portal_common::UtcTime;

/// Takes the account's row lock until the transaction ends, so per-account
/// limits (code sends, code attempts) hold across replicas.
pub async fn lock_user(conn: &mut AnyConnection, user_id: &str) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("UPDATE users SET updated_at = updated_at WHERE id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(result.rows_affected() > 0)
}

pub async fn progress(conn: &mut AnyConnection, user_id: &str) -> anyhow::Result<Progress> {
    let row = sqlx::query(
        "SELECT first_name, last_name,
                CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password,
                CASE WHEN email_verified_at IS NULL THEN 0 ELSE 1 END AS email_verified,
                accepted_terms_version
         FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    let answered_questions = sqlx::query_scalar(
        "SELECT question_id FROM security_answers WHERE user_id = $1 ORDER BY position",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    Ok(Progress {
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        answered_questions,
        has_password: row.try_get::<i64, _>("has_password")? == 1,
        email_verified: row.try_get::<i64, _>("email_verified")? == 1,
        accepted_terms_version: row.try_get("accepted_terms_version")?,
    })
}

pub async fn set_profile(
    conn: &mut AnyConnection,
    user_id: &str,
    first_name: &str,
    last_name: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET first_name = $1, last_name = $2, updated_at = $3 WHERE id = $4")
        .bind(first_name)
        .bind(last_name)
        .bind(now.unix_millis())
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the account's answers with `answers` (question id, hash).
pub async fn replace_answers(
    conn: &mut AnyConnection,
    user_id: &str,
    answers: &[(String, String)],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM security_answers WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for (position, (question_id, hash)) in answers.iter().enumerate() {
        sqlx::query(
            "INSERT INTO security_answers (user_id, question_id, answer_hash, position) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(question_id)
        .bind(hash)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn set_email_verified(
    conn: &mut AnyConnection,
    user_id: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET email_verified_at = $1, updated_at = $1 WHERE id = $2")
        .bind(now.unix_millis())
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_accepted_terms(
    conn: &mut AnyConnection,
    user_id: &str,
    version: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET accepted_terms_version = $1, updated_at = $2 WHERE id = $3")
        .bind(version)
        .bind(now.unix_millis())
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// INVITED → ACTIVE; false when the account was not INVITED any more.
pub async fn activate(
    conn: &mut AnyConnection,
    user_id: &str,
    now: UtcTime,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE users SET state = 'ACTIVE', temporary_password_hash = NULL, updated_at = $1
         WHERE id = $2 AND state = 'INVITED'",
    )
    .bind(now.unix_millis())
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// Send times of codes since `since`, oldest first.
pub async fn sends_since(
    conn: &mut AnyConnection,
    user_id: &str,
    since: UtcTime,
) -> Result<Vec<UtcTime>, sqlx::Error> {
    let times: Vec<i64> = sqlx::query_scalar(
        "SELECT sent_at FROM verification_sends WHERE user_id = $1 AND sent_at > $2 ORDER BY sent_at",
    )
    .bind(user_id)
    .bind(since.unix_millis())
    .fetch_all(conn)
    .await?;
    Ok(times.into_iter().map(UtcTime::from_unix_millis).collect())
}

/// Records a send and makes `code_hash` the only live code.
pub async fn replace_code(
    conn: &mut AnyConnection,
    user_id: &str,
    code_hash: &str,
    now: UtcTime,
    expires_at: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO verification_sends (id, user_id, sent_at) VALUES ($1, $2, $3)")
        .bind(Uuid::now_v7().to_string())
        .bind(user_id)
        .bind(now.unix_millis())
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO verification_codes (user_id, code_hash, expires_at, failed_attempts) VALUES ($1, $2, $3, 0)
         ON CONFLICT (user_id) DO UPDATE SET code_hash = $2, expires_at = $3, failed_attempts = 0",
    )
    .bind(user_id)
    .bind(code_hash)
    .bind(expires_at.unix_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// The live code: (hash, expiry, wrong entries so far).
pub async fn code(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<Option<(String, UtcTime, i64)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT code_hash, expires_at, failed_attempts FROM verification_codes WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok((
            row.try_get("code_hash")?,
            UtcTime::from_unix_millis(row.try_get("expires_at")?),
            row.try_get("failed_attempts")?,
        ))
    })
    .transpose()
}

pub async fn count_wrong_code(conn: &mut AnyConnection, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE verification_codes SET failed_attempts = failed_attempts + 1 WHERE user_id = $1",
    )
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_code(conn: &mut AnyConnection, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM verification_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}
