//! The audit trail: one row per auth event, never a secret; and its reads.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};
use uuid::Uuid;

use crate::domain::model::audit::{Actor, AuditEvent, EventFilter, EventRecord};
use portal_common::UtcTime;

/// Records an event the account caused itself (or nobody did).
pub async fn record(conn: &mut AnyConnection, event: &AuditEvent<'_>) -> Result<(), sqlx::Error> {
    record_by(conn, event, None).await
}

/// Records an event performed by `actor_user_id` (an administrator or a
/// support agent) on the event's account.
pub async fn record_by(
    conn: &mut AnyConnection,
    event: &AuditEvent<'_>,
    actor_user_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO auth_events (id, occurred_at, kind, user_id, email, client_ip, user_agent, detail, actor_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(event.at.unix_millis())
    .bind(event.kind.as_str())
    .bind(event.user_id)
    .bind(event.email)
    .bind(&event.context.client_ip)
    .bind(&event.context.user_agent)
    .bind(event.detail)
    .bind(actor_user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The columns [`event_from_row`] reads, from `auth_events e` joined with
/// the actor's row `a`.
const EVENT_SELECT: &str = "SELECT e.id, e.occurred_at, e.kind, e.user_id, e.email, e.client_ip,
        e.user_agent, e.detail, e.actor_user_id,
        a.first_name AS actor_first_name, a.last_name AS actor_last_name, a.email AS actor_email
     FROM auth_events e LEFT JOIN users a ON a.id = e.actor_user_id";

fn event_from_row(row: &AnyRow) -> anyhow::Result<EventRecord> {
    let actor_user_id: Option<String> = row.try_get("actor_user_id")?;
    let actor = match actor_user_id {
        Some(user_id) => {
            let first: Option<String> = row.try_get("actor_first_name")?;
            let last: Option<String> = row.try_get("actor_last_name")?;
            let name = format!("{} {}", first.unwrap_or_default(), last.unwrap_or_default());
            Some(Actor {
                user_id,
                name: name.trim().to_owned(),
                email: row
                    .try_get::<Option<String>, _>("actor_email")?
                    .unwrap_or_default(),
            })
        }
        None => None,
    };
    Ok(EventRecord {
        id: row.try_get("id")?,
        occurred_at: UtcTime::from_unix_millis(row.try_get("occurred_at")?),
        kind: row.try_get("kind")?,
        user_id: row.try_get("user_id")?,
        email: row.try_get("email")?,
        client_ip: row.try_get("client_ip")?,
        user_agent: row.try_get("user_agent")?,
        detail: row.try_get("detail")?,
        actor,
    })
}

/// Events newest first, before the id `before` (empty: from the newest).
pub async fn events_page(
    pool: &AnyPool,
    filter: &EventFilter,
    before: &str,
    limit: i64,
) -> anyhow::Result<Vec<EventRecord>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{EVENT_SELECT}
         WHERE ($1 = '' OR e.id < $1)
           AND ($2 = '' OR e.user_id = $2)
           AND ($3 = '' OR e.user_id IN (
                SELECT u.id FROM users u WHERE u.organization_id = $3
                  AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id
                                  AND r.role IN ('PLATFORM_ADMIN', 'SUPPORT_AGENT'))))
           AND ($4 = '' OR e.kind = $4)
           AND ($5 = '' OR e.email = $5)
           AND ($6 < 0 OR e.occurred_at >= $6)
           AND ($7 < 0 OR e.occurred_at < $7)
         ORDER BY e.id DESC LIMIT $8"
    ));
    let millis = |time: Option<UtcTime>| time.map_or(-1, UtcTime::unix_millis);
    let rows = sqlx::query(sql)
        .bind(before)
        .bind(filter.user_id.as_deref().unwrap_or(""))
        .bind(filter.organization_id.as_deref().unwrap_or(""))
        .bind(filter.kind.as_deref().unwrap_or(""))
        .bind(filter.email.as_deref().unwrap_or(""))
        .bind(millis(filter.since))
        .bind(millis(filter.until))
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(event_from_row).collect()
}

/// The newest `limit` events of `user_id` or typed with `email` (failed
/// sign-ins are recorded by email too), newest first.
pub async fn recent_events(
    pool: &AnyPool,
    user_id: &str,
    email: &str,
    limit: i64,
) -> anyhow::Result<Vec<EventRecord>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{EVENT_SELECT} WHERE e.user_id = $1 OR e.email = $2
         ORDER BY e.occurred_at DESC, e.id DESC LIMIT $3"
    ));
    let rows = sqlx::query(sql)
        .bind(user_id)
        .bind(email)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(event_from_row).collect()
}
