//! Keeping SQLite's write-ahead log short under a steady stream of writes.
//!
//! A passive checkpoint copies the log back into the database without
//! waiting for anyone, but under continuous writes it never catches up with
//! the newest frames, so the log is never started over and grows without
//! end. So each round, from a reader connection and beside the writers, a
//! passive checkpoint does the bulk of the copying; once the log is long, a
//! second passive one copies what was written during the first, and then a
//! `RESTART` checkpoint on the writer connection, inside the writer turn,
//! copies the few frames left and lets the next write start the log from
//! the beginning. Writers wait only for that last short step, never for a
//! checkpoint inside their own commit.

use std::time::Duration;

use sqlx::{AnyPool, Row};
use tokio_util::sync::CancellationToken;

use super::writer::SqliteWriter;

/// A log longer than this many frames (pages of 4 KiB) is started over.
const RESTART_AFTER_FRAMES: i64 = 4096;

pub(super) fn spawn(
    readers: AnyPool,
    writer: SqliteWriter,
    interval: Duration,
    stop: CancellationToken,
) {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(interval) => {},
            }
            if let Err(error) = checkpoint(&readers, &writer).await {
                tracing::debug!(%error, "checkpoint skipped");
            }
        }
    });
}

async fn checkpoint(readers: &AnyPool, writer: &SqliteWriter) -> Result<(), sqlx::Error> {
    let frames = passive(readers).await?;
    if frames > RESTART_AFTER_FRAMES {
        // A second passive pass copies what was written during the first,
        // so the restart inside the writer turn has little left to copy.
        passive(readers).await?;
        let _turn = writer.turn().await;
        sqlx::query("PRAGMA wal_checkpoint(RESTART)")
            .execute(&writer.connection)
            .await?;
    }
    Ok(())
}

/// Copies what it can without waiting; answers the log's length in frames.
async fn passive(readers: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(readers)
        .await?
        .try_get(1)
}
