//! The per-IP and per-email hourly limits on what the public sends: new
//! requests and replies count alike.

use std::time::Duration;

use sqlx::AnyConnection;

use crate::error::SupportError;
use crate::settings::LimitSettings;
use crate::store::limits;
use portal_common::UtcTime;

const HOUR: Duration = Duration::from_secs(3600);

/// Counts one submission from `client_ip` and `email` inside the caller's
/// transaction, or answers `TooManySubmissions` (and counts nothing) when a
/// limit in force is reached. Each key is checked under its own lock, so
/// the limits hold across replicas. A cap of 0 turns a limit off.
pub(crate) async fn admit(
    tx: &mut AnyConnection,
    settings: &LimitSettings,
    client_ip: &str,
    email: &str,
    now: UtcTime,
) -> Result<Result<(), SupportError>, SupportError> {
    let limited: Vec<(String, usize)> = [
        (format!("ip:{client_ip}"), settings.per_ip_per_hour),
        (format!("email:{email}"), settings.per_email_per_hour),
    ]
    .into_iter()
    .map(|(key, cap)| (key, usize::try_from(cap).unwrap_or(usize::MAX)))
    .filter(|(_, cap)| *cap > 0)
    .collect();
    for (key, cap) in &limited {
        limits::lock_key(tx, key, now).await?;
        let recent = limits::since(
            tx,
            key,
            UtcTime::from_unix_millis(now.unix_millis() - 3_600_000),
        )
        .await?;
        if recent.len() >= *cap {
            let frees_at = recent[recent.len() - cap].plus(HOUR);
            return Ok(Err(SupportError::TooManySubmissions {
                retry_after: now.until(frees_at),
            }));
        }
    }
    for (key, _) in &limited {
        limits::record(tx, key, now).await?;
    }
    Ok(Ok(()))
}
