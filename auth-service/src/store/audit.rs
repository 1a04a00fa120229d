//! The audit trail: one row per auth event, never a secret.

use sqlx::AnyConnection;
use uuid::Uuid;

use crate::domain::audit::AuditEvent;

pub async fn record(conn: &mut AnyConnection, event: &AuditEvent<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO auth_events (id, occurred_at, kind, user_id, email, client_ip, user_agent, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(event.at.unix_millis())
    .bind(event.kind.as_str())
    .bind(event.user_id)
    .bind(event.email)
    .bind(&event.context.client_ip)
    .bind(&event.context.user_agent)
    .bind(event.detail)
    .execute(conn)
    .await?;
    Ok(())
}
