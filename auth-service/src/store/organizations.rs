//! Organisations and their sites.

use sqlx::{AnyConnection, Row};
use uuid::Uuid;

use crate::domain::model::Site;
use portal_common::UtcTime;

/// The id of the organisation called `name`, created when missing.
pub async fn ensure_organization(
    conn: &mut AnyConnection,
    name: &str,
    now: UtcTime,
) -> Result<String, sqlx::Error> {
    sqlx::query("INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
        .bind(Uuid::now_v7().to_string())
        .bind(name)
        .bind(now.unix_millis())
        .execute(&mut *conn)
        .await?;
    sqlx::query_scalar("SELECT id FROM organizations WHERE name = $1")
        .bind(name)
        .fetch_one(conn)
        .await
}

/// The id of the site `name` of `organization_id`, created when missing.
pub async fn ensure_site(
    conn: &mut AnyConnection,
    organization_id: &str,
    name: &str,
    now: UtcTime,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO sites (id, organization_id, name, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organization_id, name) DO NOTHING",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(organization_id)
    .bind(name)
    .bind(now.unix_millis())
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar("SELECT id FROM sites WHERE organization_id = $1 AND name = $2")
        .bind(organization_id)
        .bind(name)
        .fetch_one(conn)
        .await
}

/// The sites granted to `user_id`, by name.
pub async fn granted_sites(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<Vec<Site>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.organization_id, s.name FROM site_grants g JOIN sites s ON s.id = g.site_id
         WHERE g.user_id = $1 ORDER BY s.name, s.id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Site {
                id: row.try_get("id")?,
                organization_id: row.try_get("organization_id")?,
                name: row.try_get("name")?,
            })
        })
        .collect()
}

/// The name of organisation `id`, if it exists.
pub async fn organization_name(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}
