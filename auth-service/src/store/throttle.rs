//! The login throttle: verified failures per keyed email hash, plus the
//! verifications still in flight (`login_pending`). A reservation is
//! pending, not a failure: only a verified wrong password raises the count,
//! and only the count locks. Every change runs in one write transaction
//! that first takes the key's row (a row lock on PostgreSQL, the write lock
//! on SQLite), so the rules hold across replicas.

use sqlx::{AnyConnection, Row};

use crate::domain::model::throttle::{Failure, Limits, Reservation};
use portal_common::UtcTime;

/// Takes the key's row, creating it when missing and lifting a lock that
/// has run out (the count then restarts). Returns the failures and lock in
/// force.
async fn take_row(
    conn: &mut AnyConnection,
    email_key: &str,
    now: UtcTime,
) -> Result<(i64, Option<UtcTime>), sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO login_throttle (email_key, failures, locked_until, updated_at)
         VALUES ($1, 0, NULL, $2)
         ON CONFLICT (email_key) DO UPDATE SET
             failures = CASE WHEN login_throttle.locked_until <= $2
                             THEN 0 ELSE login_throttle.failures END,
             locked_until = CASE WHEN login_throttle.locked_until <= $2
                                 THEN NULL ELSE login_throttle.locked_until END,
             updated_at = $2
         RETURNING failures, locked_until",
    )
    .bind(email_key)
    .bind(now.unix_millis())
    .fetch_one(&mut *conn)
    .await?;
    let failures: i64 = row.try_get("failures")?;
    let locked_until: Option<i64> = row.try_get("locked_until")?;
    Ok((failures, locked_until.map(UtcTime::from_unix_millis)))
}

/// Records a pending verification `attempt_id` for `email_key` unless the
/// key is locked or failures plus unexpired pending verifications already
/// reach the limit. Run inside a write transaction. Two statements: the
/// row is taken, then the pending row is inserted only if there is room
/// (lapsed leases do not count; the next settle on the key deletes them).
pub async fn reserve(
    tx: &mut AnyConnection,
    email_key: &str,
    attempt_id: &str,
    limits: Limits,
) -> Result<Reservation, sqlx::Error> {
    let (failures, locked_until) = take_row(tx, email_key, limits.now).await?;
    if let Some(locked_until) = locked_until {
        return Ok(Reservation::Locked { locked_until });
    }
    let inserted = sqlx::query(
        "INSERT INTO login_pending (id, email_key, lease_until)
         SELECT $1, $2, $3
         WHERE (SELECT COUNT(*) FROM login_pending WHERE email_key = $2 AND lease_until > $4) < $5",
    )
    .bind(attempt_id)
    .bind(email_key)
    .bind(limits.lease_until.unix_millis())
    .bind(limits.now.unix_millis())
    .bind(limits.max_failures - failures)
    .execute(&mut *tx)
    .await?;
    Ok(if inserted.rows_affected() > 0 {
        Reservation::Granted
    } else {
        Reservation::Full
    })
}

/// Whether a reservation could be granted now, read without writing: the
/// cheap look a waiter takes before it asks again in a write transaction.
pub async fn has_room(
    pool: &sqlx::AnyPool,
    email_key: &str,
    limits: Limits,
) -> Result<bool, sqlx::Error> {
    let (failures, locked_until) = standing(pool, email_key, limits.now).await?;
    if locked_until.is_some() {
        // Locked: the writer's answer ends the wait.
        return Ok(true);
    }
    let pending: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_pending WHERE email_key = $1 AND lease_until > $2",
    )
    .bind(email_key)
    .bind(limits.now.unix_millis())
    .fetch_one(pool)
    .await?;
    Ok(failures + pending < limits.max_failures)
}

/// A verified wrong password: the pending verification becomes a failure,
/// and the failure that reaches `max_failures` locks until `lock_until`.
/// Run inside a write transaction.
pub async fn record_failure(
    tx: &mut AnyConnection,
    email_key: &str,
    attempt_id: &str,
    limits: Limits,
    lock_until: UtcTime,
) -> Result<Failure, sqlx::Error> {
    settle(tx, email_key, attempt_id, limits.now).await?;
    let (failures, locked_until) = take_row(tx, email_key, limits.now).await?;
    if let Some(locked_until) = locked_until {
        return Ok(Failure::AlreadyLocked { locked_until });
    }
    let locks = failures + 1 >= limits.max_failures;
    sqlx::query(
        "UPDATE login_throttle SET failures = $2, locked_until = $3, updated_at = $4
         WHERE email_key = $1",
    )
    .bind(email_key)
    .bind(failures + 1)
    .bind(locks.then_some(lock_until.unix_millis()))
    .bind(limits.now.unix_millis())
    .execute(&mut *tx)
    .await?;
    Ok(if locks {
        Failure::Locked {
            locked_until: lock_until,
        }
    } else {
        Failure::Counted
    })
}

/// A verified right password: the pending verification ends and the count
/// restarts. A lock in force stays (only wrong passwords set one, and only
/// a reset or an administrator lifts it early).
pub async fn record_success(
    conn: &mut AnyConnection,
    email_key: &str,
    attempt_id: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    settle(conn, email_key, attempt_id, now).await?;
    // A count already at zero is left alone: no row is rewritten.
    sqlx::query(
        "UPDATE login_throttle SET failures = 0, updated_at = $2
         WHERE email_key = $1 AND locked_until IS NULL AND failures <> 0",
    )
    .bind(email_key)
    .bind(now.unix_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends the pending verification `attempt_id` with its verdict, and any of
/// the key's pending verifications whose lease has lapsed (a replica that
/// died mid-verification), in one statement.
async fn settle(
    conn: &mut AnyConnection,
    email_key: &str,
    attempt_id: &str,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM login_pending WHERE id = $1 OR (email_key = $2 AND lease_until <= $3)",
    )
    .bind(attempt_id)
    .bind(email_key)
    .bind(now.unix_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends a pending verification without a verdict (the call failed or was
/// cancelled before the password was judged).
pub async fn release(conn: &mut AnyConnection, attempt_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_pending WHERE id = $1")
        .bind(attempt_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Lifts any lock and clears the count (administrators, password resets).
pub async fn reset<'e, E>(executor: E, email_key: &str, now: UtcTime) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "UPDATE login_throttle SET failures = 0, locked_until = NULL, updated_at = $2 WHERE email_key = $1",
    )
    .bind(email_key)
    .bind(now.unix_millis())
    .execute(executor)
    .await?;
    Ok(())
}

/// When `email_key` is locked now, until when.
pub async fn locked_until<'e, E>(
    executor: E,
    email_key: &str,
    now: UtcTime,
) -> Result<Option<UtcTime>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let until: Option<Option<i64>> =
        sqlx::query_scalar("SELECT locked_until FROM login_throttle WHERE email_key = $1")
            .bind(email_key)
            .fetch_optional(executor)
            .await?;
    Ok(until
        .flatten()
        .map(UtcTime::from_unix_millis)
        .filter(|until| *until > now))
}

/// The verified failures counted for `email_key` and the lock in force now.
pub async fn standing<'e, E>(
    executor: E,
    email_key: &str,
    now: UtcTime,
) -> Result<(i64, Option<UtcTime>), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT failures, locked_until FROM login_throttle WHERE email_key = $1")
            .bind(email_key)
            .fetch_optional(executor)
            .await?;
    Ok(match row {
        // A lock that ran out: the count restarts with the next attempt.
        Some((_, Some(until))) if until <= now.unix_millis() => (0, None),
        Some((failures, until)) => (failures, until.map(UtcTime::from_unix_millis)),
        None => (0, None),
    })
}
