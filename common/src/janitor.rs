//! Periodic clean-up of rows that only matter for a while (expired flows,
//! old rate-limit entries, delivered mail), so tables do not grow forever.

use std::sync::Arc;
use std::time::Duration;

use sqlx::AssertSqlSafe;
use tokio_util::sync::CancellationToken;

use crate::{Clock, Database};

/// One clean-up: `DELETE …` whose only parameter, `$1`, is a cut-off time
/// (UTC milliseconds) `keep` before now.
#[derive(Debug, Clone, Copy)]
pub struct Sweep {
    pub statement: &'static str,
    pub keep: Duration,
}

/// Runs every sweep now and then every `interval`, until `stop`.
pub fn spawn(
    db: Database,
    clock: Arc<dyn Clock>,
    interval: Duration,
    sweeps: Vec<Sweep>,
    stop: CancellationToken,
) {
    tokio::spawn(async move {
        loop {
            for sweep in &sweeps {
                let cutoff = clock.now().unix_millis()
                    - i64::try_from(sweep.keep.as_millis()).unwrap_or(i64::MAX);
                let swept = match db.write_connection().await {
                    Ok(mut conn) => {
                        sqlx::query(AssertSqlSafe(sweep.statement))
                            .bind(cutoff)
                            .execute(&mut *conn)
                            .await
                    }
                    Err(error) => Err(error),
                };
                match swept {
                    Ok(done) if done.rows_affected() > 0 => {
                        tracing::debug!(
                            rows = done.rows_affected(),
                            statement = sweep.statement,
                            "swept"
                        )
                    }
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(%error, statement = sweep.statement, "sweep failed")
                    }
                }
            }
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(interval) => {},
            }
        }
    });
}
