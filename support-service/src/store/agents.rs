//! The desk's roster of agents.

use sqlx::{AnyConnection, AnyPool, Row};

use crate::domain::model::RosterEntry;
use portal_common::UtcTime;

/// Records that the agent opened the desk now.
pub async fn record(
    conn: &mut AnyConnection,
    user_id: &str,
    email: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO support_agents (user_id, email, last_seen_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET email = $2, last_seen_at = $3",
    )
    .bind(user_id)
    .bind(email)
    .bind(now.unix_millis())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn forget(conn: &mut AnyConnection, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM support_agents WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find(pool: &AnyPool, user_id: &str) -> Result<Option<RosterEntry>, sqlx::Error> {
    let row =
        sqlx::query("SELECT user_id, email, last_seen_at FROM support_agents WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
    row.map(|row| entry(&row)).transpose()
}

/// Everyone, by email.
pub async fn all(pool: &AnyPool) -> Result<Vec<RosterEntry>, sqlx::Error> {
    sqlx::query("SELECT user_id, email, last_seen_at FROM support_agents ORDER BY email, user_id")
        .fetch_all(pool)
        .await?
        .iter()
        .map(entry)
        .collect()
}

fn entry(row: &sqlx::any::AnyRow) -> Result<RosterEntry, sqlx::Error> {
    Ok(RosterEntry {
        user_id: row.try_get("user_id")?,
        email: row.try_get("email")?,
        last_seen_at: UtcTime::from_unix_millis(row.try_get("last_seen_at")?),
    })
}
