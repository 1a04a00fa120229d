//! The per-IP and per-email hourly limits on what the public sends: new
//! requests and replies count alike.
//!
//! A transaction first locks every key it will check, in one global order
//! (sorted), then checks and records each submission. The lock rows keep
//! two replicas from both taking the last slot; the order keeps two
//! transactions that lock several keys (a group of submissions, a reply)
//! from waiting on each other in a cycle on PostgreSQL.

use std::time::Duration;

use portal_common::db::Connection;

use crate::error::SupportError;
use crate::settings::LimitSettings;
use crate::store::limits;
use portal_common::UtcTime;

const HOUR: Duration = Duration::from_secs(3600);

/// One limit in force on one submission: its key and cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Limit {
    key: String,
    cap: usize,
}

/// The limits in force on a submission from `client_ip` and `email` (a
/// cap of 0 turns one off).
pub(crate) fn applying(settings: &LimitSettings, client_ip: &str, email: &str) -> Vec<Limit> {
    [
        (format!("ip:{client_ip}"), settings.per_ip_per_hour),
        (format!("email:{email}"), settings.per_email_per_hour),
    ]
    .into_iter()
    .map(|(key, cap)| Limit {
        key,
        cap: usize::try_from(cap).unwrap_or(usize::MAX),
    })
    .filter(|limit| limit.cap > 0)
    .collect()
}

/// Locks the keys of `limits` until the transaction ends, in sorted order.
pub(crate) async fn lock<'a>(
    tx: &mut Connection,
    limits: impl IntoIterator<Item = &'a Limit>,
    now: UtcTime,
) -> Result<(), SupportError> {
    let mut keys: Vec<&str> = limits.into_iter().map(|l| l.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        limits::lock_key(tx, key, now).await?;
    }
    Ok(())
}

/// Counts one submission under `limits` (locked already), or answers
/// `TooManySubmissions` and counts nothing when one is reached.
pub(crate) async fn admit(
    tx: &mut Connection,
    limits: &[Limit],
    now: UtcTime,
) -> Result<Result<(), SupportError>, SupportError> {
    for limit in limits {
        let recent = limits::since(
            tx,
            &limit.key,
            UtcTime::from_unix_millis(now.unix_millis() - 3_600_000),
        )
        .await?;
        if recent.len() >= limit.cap {
            let frees_at = recent[recent.len() - limit.cap].plus(HOUR);
            return Ok(Err(SupportError::TooManySubmissions {
                retry_after: now.until(frees_at),
            }));
        }
    }
    for limit in limits {
        limits::record(tx, &limit.key, now).await?;
    }
    Ok(Ok(()))
}
