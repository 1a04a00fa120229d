//! The login throttle: consecutive failures per keyed email hash. Each
//! change is one atomic statement, so the rules hold across replicas.

use sqlx::{AnyConnection, Row};

use portal_common::UtcTime;

/// The outcome of asking to verify one more password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// Go ahead. The attempt is already counted as a failure; when it makes
    /// the count reach the limit, the lock is already set (`locks_until`).
    Granted { locks_until: Option<UtcTime> },
    /// Locked: do not verify anything.
    Refused { locked_until: UtcTime },
}

/// Counts one attempt for `email_key` unless the key is locked, in one
/// statement: a first attempt inserts the row, a later one updates it
/// unless a lock is in force. An expired lock is lifted and the count
/// restarts at this attempt.
pub async fn reserve(
    conn: &mut AnyConnection,
    email_key: &str,
    now: UtcTime,
    max_failures: i64,
    lock_until_if_locking: UtcTime,
) -> Result<Reservation, sqlx::Error> {
    // A lock seen by the upsert may be lifted (by a success or an admin on
    // another replica) before it is read back; then simply try again.
    for _ in 0..3 {
        let granted = sqlx::query(
            "INSERT INTO login_throttle (email_key, failures, locked_until, updated_at)
             VALUES ($1, 1, CASE WHEN 1 >= $3 THEN $4 ELSE NULL END, $2)
             ON CONFLICT (email_key) DO UPDATE SET
                 failures = CASE WHEN login_throttle.locked_until IS NULL
                                 THEN login_throttle.failures + 1 ELSE 1 END,
                 locked_until = CASE
                     WHEN (CASE WHEN login_throttle.locked_until IS NULL
                                THEN login_throttle.failures + 1 ELSE 1 END) >= $3 THEN $4
                     ELSE NULL END,
                 updated_at = $2
             WHERE login_throttle.locked_until IS NULL OR login_throttle.locked_until <= $2
             RETURNING locked_until",
        )
        .bind(email_key)
        .bind(now.unix_millis())
        .bind(max_failures)
        .bind(lock_until_if_locking.unix_millis())
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = granted {
            let locks_until: Option<i64> = row.try_get("locked_until")?;
            return Ok(Reservation::Granted {
                locks_until: locks_until.map(UtcTime::from_unix_millis),
            });
        }
        if let Some(locked_until) = locked_until(&mut *conn, email_key, now).await? {
            return Ok(Reservation::Refused { locked_until });
        }
    }
    Err(sqlx::Error::Protocol(
        "login throttle kept changing under contention".into(),
    ))
}

/// A successful sign-in: the count restarts. A lock is lifted only when it
/// is the one this attempt set itself (`own_lock`); a lock that concurrent
/// failures set stays.
pub async fn reset_after_success(
    conn: &mut AnyConnection,
    email_key: &str,
    own_lock: Option<UtcTime>,
    now: UtcTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE login_throttle SET failures = 0, locked_until = NULL, updated_at = $2
         WHERE email_key = $1 AND (locked_until IS NULL OR locked_until = $3)",
    )
    .bind(email_key)
    .bind(now.unix_millis())
    .bind(own_lock.map_or(-1, UtcTime::unix_millis))
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

/// True while the lock set at `locked_until` is still the current one
/// (a concurrent success may have lifted it).
pub async fn is_locked_until(
    conn: &mut AnyConnection,
    email_key: &str,
    locked_until: UtcTime,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_throttle WHERE email_key = $1 AND locked_until = $2",
    )
    .bind(email_key)
    .bind(locked_until.unix_millis())
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
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
