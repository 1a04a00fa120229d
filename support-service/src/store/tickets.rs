//! Tickets: insert, read, versioned update, filtered pages.

use anyhow::Context;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use crate::domain::model::tickets::{NewTicket, TicketChange, TicketQuery, TicketRecord};
use crate::domain::model::{CallbackStatus, Category, TicketKind, TicketRef, TicketStatus};
use portal_common::UtcTime;

const COLUMNS: &str = "id, reference, kind, status, category, requester_name, requester_email, \
    requester_user_id, organization, subject, message, phone, window_start, window_end, time_zone, \
    callback_status, callback_scheduled_at, assignee_id, assignee_email, version, created_at, updated_at";

fn time(row: &AnyRow, column: &str) -> anyhow::Result<Option<UtcTime>> {
    Ok(row
        .try_get::<Option<i64>, _>(column)?
        .map(UtcTime::from_unix_millis))
}

fn from_row(row: &AnyRow) -> anyhow::Result<TicketRecord> {
    let text = |column: &str| -> anyhow::Result<String> { Ok(row.try_get(column)?) };
    Ok(TicketRecord {
        id: text("id")?,
        reference: TicketRef::parse(&text("reference")?).context("bad reference stored")?,
        kind: TicketKind::parse(&text("kind")?).context("bad kind stored")?,
        status: TicketStatus::parse(&text("status")?).context("bad status stored")?,
        category: Category::parse(&text("category")?).context("bad category stored")?,
        requester_name: text("requester_name")?,
        requester_email: text("requester_email")?,
        requester_user_id: row.try_get("requester_user_id")?,
        organization: text("organization")?,
        subject: text("subject")?,
        message: text("message")?,
        phone: row.try_get("phone")?,
        window_start: time(row, "window_start")?,
        window_end: time(row, "window_end")?,
        time_zone: row.try_get("time_zone")?,
        callback_status: row
            .try_get::<Option<String>, _>("callback_status")?
            .and_then(|s| CallbackStatus::parse(&s)),
        callback_scheduled_at: time(row, "callback_scheduled_at")?,
        assignee_id: row.try_get("assignee_id")?,
        assignee_email: row.try_get("assignee_email")?,
        version: row.try_get("version")?,
        created_at: time(row, "created_at")?.context("no created_at")?,
        updated_at: time(row, "updated_at")?.context("no updated_at")?,
    })
}

/// Stores `ticket`; false when the reference is taken (the caller draws
/// another).
pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    reference: &TicketRef,
    ticket: &NewTicket,
    client_ip: &str,
    now: UtcTime,
) -> Result<bool, sqlx::Error> {
    let callback = ticket.callback.as_ref();
    let search_text = format!(
        "{} {} {} {}",
        ticket.subject, ticket.message, ticket.requester_name, ticket.requester_email
    )
    .to_lowercase();
    let result = sqlx::query(
        "INSERT INTO tickets (id, reference, kind, status, category, requester_name, requester_email,
             requester_user_id, organization, subject, message, phone, window_start, window_end, time_zone,
             callback_status, search_text, client_ip, version, created_at, updated_at)
         VALUES ($1, $2, $3, 'NEW', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1, $18, $18)
         ON CONFLICT (reference) DO NOTHING",
    )
    .bind(id)
    .bind(reference.as_str())
    .bind(ticket.kind.as_str())
    .bind(ticket.category.as_str())
    .bind(&ticket.requester_name)
    .bind(&ticket.requester_email)
    .bind(ticket.requester_user_id.as_deref())
    .bind(&ticket.organization)
    .bind(&ticket.subject)
    .bind(&ticket.message)
    .bind(callback.map(|c| c.phone.as_str()))
    .bind(callback.map(|c| c.window_start.unix_millis()))
    .bind(callback.map(|c| c.window_end.unix_millis()))
    .bind(callback.map(|c| c.time_zone.as_str()))
    .bind(callback.map(|_| CallbackStatus::Requested.as_str()))
    .bind(search_text)
    .bind(client_ip)
    .bind(now.unix_millis())
    .execute(conn)
    .await?;
    Ok(result.rows_affected() > 0)
}

pub async fn find(
    conn: &mut AnyConnection,
    reference: &TicketRef,
) -> anyhow::Result<Option<TicketRecord>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM tickets WHERE reference = $1"
    ));
    let row = sqlx::query(sql)
        .bind(reference.as_str())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Applies `change` if the ticket is still at `version`; false when
/// someone changed it first.
pub async fn update(
    conn: &mut AnyConnection,
    id: &str,
    version: i64,
    change: &TicketChange,
    now: UtcTime,
) -> Result<bool, sqlx::Error> {
    let (set_assignee, assignee_id, assignee_email) = match &change.assignee {
        Some(Some((id, email))) => (1_i64, Some(id.as_str()), Some(email.as_str())),
        Some(None) => (1, None, None),
        None => (0, None, None),
    };
    let result = sqlx::query(
        "UPDATE tickets SET
             status = COALESCE($1, status),
             assignee_id = CASE WHEN $2 = 1 THEN $3 ELSE assignee_id END,
             assignee_email = CASE WHEN $2 = 1 THEN $4 ELSE assignee_email END,
             callback_status = COALESCE($5, callback_status),
             callback_scheduled_at = COALESCE($6, callback_scheduled_at),
             version = version + 1,
             updated_at = $7
         WHERE id = $8 AND version = $9",
    )
    .bind(change.status.map(TicketStatus::as_str))
    .bind(set_assignee)
    .bind(assignee_id)
    .bind(assignee_email)
    .bind(change.callback_status.map(CallbackStatus::as_str))
    .bind(change.callback_scheduled_at.map(UtcTime::unix_millis))
    .bind(now.unix_millis())
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// The conditions of `query` other than its statuses, for tickets with ids
/// below `$1` (empty: all): `$2`…`$7` and one `LIKE` per word from `$9`
/// (`$8` is the caller's, a limit). Bind them with [`bind_filter`].
fn filter_clause(query: &TicketQuery) -> String {
    let words = query.words.len().min(MAX_WORDS);
    let word_clause: String = (0..words)
        .map(|i| format!(" AND search_text LIKE ${} ESCAPE '\\'", 9 + i))
        .collect();
    format!(
        "($1 = '' OR id < $1)
           AND ($2 = '' OR kind = $2)
           AND ($3 = '' OR category = $3)
           AND ($4 = 0 OR COALESCE(assignee_id, '') = $5)
           AND created_at >= $6 AND created_at < $7
           AND $8 > 0 {word_clause}"
    )
}

/// Search words used at most; more are ignored.
const MAX_WORDS: usize = 5;

fn bind_filter<'q>(
    statement: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    query: &TicketQuery,
    before: &str,
    limit: i64,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    let mut statement = statement
        .bind(before.to_owned())
        .bind(query.kind.map_or("", TicketKind::as_str))
        .bind(query.category.map_or("", Category::as_str))
        .bind(i64::from(query.assignee_id.is_some()))
        .bind(query.assignee_id.clone().unwrap_or_default())
        .bind(query.created_from.map_or(i64::MIN, UtcTime::unix_millis))
        .bind(query.created_to.map_or(i64::MAX, UtcTime::unix_millis))
        .bind(limit);
    for word in query.words.iter().take(MAX_WORDS) {
        let escaped = word
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        statement = statement.bind(format!("%{escaped}%"));
    }
    statement
}

/// Newest first, ids below `before` (empty: from the newest).
pub async fn page(
    pool: &AnyPool,
    query: &TicketQuery,
    before: &str,
    limit: i64,
) -> anyhow::Result<Vec<TicketRecord>> {
    // Statuses are few and known: an IN list of fixed literals built from
    // the enum, not from user text.
    let statuses = query
        .statuses
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(",");
    let status_clause = if statuses.is_empty() {
        String::new()
    } else {
        format!("AND status IN ({statuses})")
    };
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM tickets
         WHERE {} {status_clause}
         ORDER BY id DESC LIMIT $8",
        filter_clause(query)
    ));
    let statement = bind_filter(sqlx::query(sql), query, before, limit);
    let rows = statement.fetch_all(pool).await?;
    rows.iter().map(from_row).collect()
}

/// How many tickets of each status match `query`, its statuses aside (so a
/// queue can show what each status tab holds).
pub async fn status_counts(
    pool: &AnyPool,
    query: &TicketQuery,
) -> anyhow::Result<Vec<(String, i64)>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT status, COUNT(*) AS tickets FROM tickets WHERE {} GROUP BY status",
        filter_clause(query)
    ));
    let rows = bind_filter(sqlx::query(sql), query, "", 1)
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("status")?, row.try_get("tickets")?)))
        .collect()
}
