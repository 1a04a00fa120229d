//! Accounts, their roles and their site grants.

use anyhow::Context;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::domain::model::credentials::{Credentials, NewUser};
use crate::domain::model::{Account, AccountState, Role};
use portal_common::UtcTime;
use portal_common::email::Email;

const ACCOUNT_COLUMNS: &str = "id, email, organization_id, first_name, last_name, state, \
     password_hash, temporary_password_hash, temporary_password_issued_at";

fn account_from_row(row: &AnyRow) -> anyhow::Result<(Account, Credentials)> {
    let state: String = row.try_get("state")?;
    let account = Account {
        id: row.try_get("id")?,
        email: Email::from_stored(row.try_get("email")?),
        organization_id: row.try_get("organization_id")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        state: AccountState::parse(&state).context("unknown account state in the database")?,
        roles: Vec::new(),
        site_ids: Vec::new(),
    };
    let credentials = Credentials {
        password_hash: row.try_get("password_hash")?,
        temporary_password_hash: row.try_get("temporary_password_hash")?,
        temporary_password_issued_at: row
            .try_get::<Option<i64>, _>("temporary_password_issued_at")?
            .map(UtcTime::from_unix_millis),
    };
    Ok((account, credentials))
}

/// The account of `email` without its roles and sites: one query, whether
/// the account exists or not, so sign-in timing does not tell. Call
/// [`load_access`] when they are needed.
pub async fn find_by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> anyhow::Result<Option<(Account, Credentials)>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {ACCOUNT_COLUMNS} FROM users WHERE email = $1"
    ));
    let row = sqlx::query(sql).bind(email).fetch_optional(conn).await?;
    row.as_ref().map(account_from_row).transpose()
}

pub async fn find_by_id(
    conn: &mut AnyConnection,
    id: &str,
) -> anyhow::Result<Option<(Account, Credentials)>> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {ACCOUNT_COLUMNS} FROM users WHERE id = $1"));
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await?;
    match row {
        Some(row) => {
            let (mut account, credentials) = account_from_row(&row)?;
            load_access(conn, &mut account).await?;
            Ok(Some((account, credentials)))
        }
        None => Ok(None),
    }
}

/// Fills in the roles and granted site ids of `account`.
pub async fn load_access(conn: &mut AnyConnection, account: &mut Account) -> anyhow::Result<()> {
    load_roles(conn, account).await?;
    account.site_ids =
        sqlx::query_scalar("SELECT site_id FROM site_grants WHERE user_id = $1 ORDER BY site_id")
            .bind(&account.id)
            .fetch_all(conn)
            .await?;
    Ok(())
}

/// Fills in the roles of `account`.
pub async fn load_roles(conn: &mut AnyConnection, account: &mut Account) -> anyhow::Result<()> {
    let roles: Vec<String> =
        sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
            .bind(&account.id)
            .fetch_all(&mut *conn)
            .await?;
    account.roles = roles.iter().filter_map(|role| Role::parse(role)).collect();
    account.roles.sort();
    Ok(())
}

pub async fn insert(
    conn: &mut AnyConnection,
    user: &NewUser<'_>,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, email, organization_id, first_name, last_name, state, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(user.id)
    .bind(user.email)
    .bind(user.organization_id)
    .bind(user.first_name)
    .bind(user.last_name)
    .bind(user.state.as_str())
    .bind(user.password_hash)
    .bind(now.unix_millis())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn email_exists(conn: &mut AnyConnection, email: &str) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(conn)
        .await?;
    Ok(count > 0)
}

pub async fn add_role(
    conn: &mut AnyConnection,
    user_id: &str,
    role: Role,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT (user_id, role) DO NOTHING")
        .bind(user_id)
        .bind(role.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn grant_site(
    conn: &mut AnyConnection,
    user_id: &str,
    site_id: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO site_grants (user_id, site_id, granted_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, site_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(site_id)
    .bind(now.unix_millis())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_password_hash(
    conn: &mut AnyConnection,
    user_id: &str,
    password_hash: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(now.unix_millis())
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Uses up the temporary password `expected_hash`; false when another
/// sign-in (or a newer temporary password) got there first.
pub async fn consume_temporary_password(
    conn: &mut AnyConnection,
    user_id: &str,
    expected_hash: &str,
    now: UtcTime,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE users SET temporary_password_hash = NULL, updated_at = $1
         WHERE id = $2 AND temporary_password_hash = $3",
    )
    .bind(now.unix_millis())
    .bind(user_id)
    .bind(expected_hash)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// Sets a new temporary password for an INVITED account, voiding any earlier
/// one and any password it chose: the new temporary password is the one way
/// in, and registration asks for a password again.
pub async fn set_temporary_password(
    conn: &mut AnyConnection,
    user_id: &str,
    hash: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET temporary_password_hash = $1, temporary_password_issued_at = $2,
                          password_hash = NULL, updated_at = $2
         WHERE id = $3 AND state = 'INVITED'",
    )
    .bind(hash)
    .bind(now.unix_millis())
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Inserts `user` unless the email is taken; true when inserted.
pub async fn insert_if_absent(
    conn: &mut AnyConnection,
    user: &NewUser<'_>,
    now: UtcTime,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO users (id, email, organization_id, first_name, last_name, state, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (email) DO NOTHING",
    )
    .bind(user.id)
    .bind(user.email)
    .bind(user.organization_id)
    .bind(user.first_name)
    .bind(user.last_name)
    .bind(user.state.as_str())
    .bind(user.password_hash)
    .bind(now.unix_millis())
    .execute(conn)
    .await?;
    Ok(result.rows_affected() > 0)
}
