//! Queries of the admin API: organisations, sites and paged, filtered users.
//! (Events are read in `store::audit`.)

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};
use uuid::Uuid;

use crate::domain::model::Site;
use crate::domain::model::admin::{OrganizationRecord, UserFilter};
use portal_common::UtcTime;

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

/// `text` as a LIKE pattern that matches it anywhere, with `\` escaping
/// the pattern characters it contains.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// One page of user ids after `after` (ids are time-ordered).
pub async fn user_ids_page(
    pool: &AnyPool,
    filter: &UserFilter,
    after: &str,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT u.id FROM users u
         WHERE u.id > $1
           AND ($2 = '' OR u.organization_id = $2)
           AND ($3 = '' OR LOWER(u.email) LIKE $3 ESCAPE '\\'
                OR LOWER(u.first_name || ' ' || u.last_name) LIKE $3 ESCAPE '\\')
           AND ($4 = '' OR u.state = $4)
           AND ($5 = '' OR EXISTS (SELECT 1 FROM site_grants g WHERE g.user_id = u.id AND g.site_id = $5))
           AND ($7 = 0 OR NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id
                                      AND r.role IN ('PLATFORM_ADMIN', 'SUPPORT_AGENT')))
         ORDER BY u.id LIMIT $6",
    )
    .bind(after)
    .bind(filter.organization_id.as_deref().unwrap_or(""))
    .bind(filter.query.as_deref().map(contains_pattern).unwrap_or_default())
    .bind(filter.state.unwrap_or(""))
    .bind(filter.site_id.as_deref().unwrap_or(""))
    .bind(limit)
    .bind(i64::from(filter.without_staff))
    .fetch_all(pool)
    .await
}

/// Organisations in id (creation) order after the id `after`, optionally
/// only the one `only`.
pub async fn organizations_page(
    pool: &AnyPool,
    only: Option<&str>,
    after: &str,
    limit: i64,
) -> Result<Vec<OrganizationRecord>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, name, created_at FROM organizations
         WHERE id > $1 AND ($2 = '' OR id = $2) ORDER BY id LIMIT $3",
    )
    .bind(after)
    .bind(only.unwrap_or(""))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(OrganizationRecord {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                created_at: UtcTime::from_unix_millis(row.try_get("created_at")?),
            })
        })
        .collect()
}

/// When the account's row was created.
pub async fn user_created_at(pool: &AnyPool, user_id: &str) -> Result<UtcTime, sqlx::Error> {
    let millis: i64 = sqlx::query_scalar("SELECT created_at FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(pool)
        .await?;
    Ok(UtcTime::from_unix_millis(millis))
}
