//! The history of a ticket.

use sqlx::{AnyConnection, Row};
use uuid::Uuid;

use crate::domain::model::tickets::EventRecord;
use portal_common::UtcTime;

pub async fn insert(
    conn: &mut AnyConnection,
    ticket_id: &str,
    event: &EventRecord,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO ticket_events (id, ticket_id, occurred_at, kind, agent_id, agent_email, from_value,
             to_value, visibility, body, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(ticket_id)
    .bind(now.unix_millis())
    .bind(&event.kind)
    .bind(&event.agent_id)
    .bind(&event.agent_email)
    .bind(&event.from_value)
    .bind(&event.to_value)
    .bind(&event.visibility)
    .bind(&event.body)
    .bind(&event.outcome)
    .execute(conn)
    .await?;
    Ok(())
}

/// Oldest first.
pub async fn for_ticket(
    conn: &mut AnyConnection,
    ticket_id: &str,
) -> Result<Vec<EventRecord>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT occurred_at, kind, agent_id, agent_email, from_value, to_value, visibility, body, outcome
         FROM ticket_events WHERE ticket_id = $1 ORDER BY id",
    )
    .bind(ticket_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(EventRecord {
                at: Some(UtcTime::from_unix_millis(row.try_get("occurred_at")?)),
                kind: row.try_get("kind")?,
                agent_id: row.try_get("agent_id")?,
                agent_email: row.try_get("agent_email")?,
                from_value: row.try_get("from_value")?,
                to_value: row.try_get("to_value")?,
                visibility: row.try_get("visibility")?,
                body: row.try_get("body")?,
                outcome: row.try_get("outcome")?,
            })
        })
        .collect()
}
