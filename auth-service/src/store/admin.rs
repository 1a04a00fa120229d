//! Queries of the admin API: organisations, sites, paged users and events.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};
use uuid::Uuid;

use crate::domain::model::Site;
use portal_common::UtcTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationRecord {
    pub id: String,
    pub name: String,
    pub created_at: UtcTime,
}

/// Creates an organisation; `None` when the name is taken.
pub async fn create_organization(
    conn: &mut AnyConnection,
    name: &str,
    now: UtcTime,
) -> Result<Option<OrganizationRecord>, sqlx::Error> {
    let id = Uuid::now_v7().to_string();
    let result = sqlx::query(
        "INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
    )
    .bind(&id)
    .bind(name)
    .bind(now.unix_millis())
    .execute(conn)
    .await?;
    Ok((result.rows_affected() > 0).then(|| OrganizationRecord {
        id,
        name: name.to_owned(),
        created_at: now,
    }))
}

pub async fn organization_exists(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organizations WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(count > 0)
}

/// Creates a site; `None` when the organisation already has one by that name.
pub async fn create_site(
    conn: &mut AnyConnection,
    organization_id: &str,
    name: &str,
    now: UtcTime,
) -> Result<Option<Site>, sqlx::Error> {
    let id = Uuid::now_v7().to_string();
    let result = sqlx::query(
        "INSERT INTO sites (id, organization_id, name, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organization_id, name) DO NOTHING",
    )
    .bind(&id)
    .bind(organization_id)
    .bind(name)
    .bind(now.unix_millis())
    .execute(conn)
    .await?;
    Ok((result.rows_affected() > 0).then(|| Site {
        id,
        organization_id: organization_id.to_owned(),
        name: name.to_owned(),
    }))
}

fn site_from_row(row: &AnyRow) -> Result<Site, sqlx::Error> {
    Ok(Site {
        id: row.try_get("id")?,
        organization_id: row.try_get("organization_id")?,
        name: row.try_get("name")?,
    })
}

pub async fn site(conn: &mut AnyConnection, id: &str) -> Result<Option<Site>, sqlx::Error> {
    let row = sqlx::query("SELECT id, organization_id, name FROM sites WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(site_from_row).transpose()
}

pub async fn sites_of(pool: &AnyPool, organization_id: &str) -> Result<Vec<Site>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, organization_id, name FROM sites WHERE organization_id = $1 ORDER BY name, id",
    )
    .bind(organization_id)
    .fetch_all(pool)
    .await?;
    rows.iter().map(site_from_row).collect()
}

pub async fn revoke_site(
    conn: &mut AnyConnection,
    user_id: &str,
    site_id: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM site_grants WHERE user_id = $1 AND site_id = $2")
        .bind(user_id)
        .bind(site_id)
        .execute(conn)
        .await?;
    Ok(result.rows_affected() > 0)
}

pub async fn disable_user(
    conn: &mut AnyConnection,
    user_id: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET state = 'DISABLED', temporary_password_hash = NULL, updated_at = $1 WHERE id = $2")
        .bind(now.unix_millis())
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// One page of user ids after `after` (ids are time-ordered), optionally
/// of one organisation.
pub async fn user_ids_page(
    pool: &AnyPool,
    organization_id: Option<&str>,
    after: &str,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM users WHERE id > $1 AND ($2 = '' OR organization_id = $2) ORDER BY id LIMIT $3",
    )
    .bind(after)
    .bind(organization_id.unwrap_or(""))
    .bind(limit)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub id: String,
    pub occurred_at: UtcTime,
    pub kind: String,
    pub user_id: Option<String>,
    pub email: String,
    pub client_ip: String,
    pub user_agent: String,
    pub detail: String,
}

/// Events newest first, before the id `before` (empty: from the newest),
/// optionally of one user and/or of one organisation's users.
pub async fn events_page(
    pool: &AnyPool,
    user_id: Option<&str>,
    organization_id: Option<&str>,
    before: &str,
    limit: i64,
) -> anyhow::Result<Vec<EventRecord>> {
    let rows = sqlx::query(
        "SELECT e.id, e.occurred_at, e.kind, e.user_id, e.email, e.client_ip, e.user_agent, e.detail
         FROM auth_events e
         WHERE ($1 = '' OR e.id < $1)
           AND ($2 = '' OR e.user_id = $2)
           AND ($3 = '' OR e.user_id IN (SELECT u.id FROM users u WHERE u.organization_id = $3))
         ORDER BY e.id DESC LIMIT $4",
    )
    .bind(before)
    .bind(user_id.unwrap_or(""))
    .bind(organization_id.unwrap_or(""))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(event_from_row).collect()
}

/// An `auth_events` row selected with `id, occurred_at, kind, user_id,
/// email, client_ip, user_agent, detail`.
pub(crate) fn event_from_row(row: &sqlx::any::AnyRow) -> anyhow::Result<EventRecord> {
    Ok(EventRecord {
        id: row.try_get("id")?,
        occurred_at: UtcTime::from_unix_millis(row.try_get("occurred_at")?),
        kind: row.try_get("kind")?,
        user_id: row.try_get("user_id")?,
        email: row.try_get("email")?,
        client_ip: row.try_get("client_ip")?,
        user_agent: row.try_get("user_agent")?,
        detail: row.try_get("detail")?,
    })
}

/// When the account's row was created.
pub async fn user_created_at(pool: &AnyPool, user_id: &str) -> Result<UtcTime, sqlx::Error> {
    let millis: i64 = sqlx::query_scalar("SELECT created_at FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(pool)
        .await?;
    Ok(UtcTime::from_unix_millis(millis))
}
