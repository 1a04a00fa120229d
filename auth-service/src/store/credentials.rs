//! What an account's credential or standing change voids: every reset
//! token, question-reset flow, temporary password and verification code
//! outstanding at that moment.

use sqlx::AnyConnection;

use portal_common::UtcTime;

/// Voids the outstanding one-time credentials of `user_id`, inside the
/// transaction that makes the change.
pub async fn void_outstanding(
    conn: &mut AnyConnection,
    user_id: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE reset_tokens SET voided_at = $1
         WHERE user_id = $2 AND used_at IS NULL AND voided_at IS NULL",
    )
    .bind(now.unix_millis())
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE reset_flows SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now.unix_millis())
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE users SET temporary_password_hash = NULL, updated_at = $1
         WHERE id = $2 AND temporary_password_hash IS NOT NULL",
    )
    .bind(now.unix_millis())
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM verification_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
