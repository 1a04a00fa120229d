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
//! the beginning. Writers wait only for that last short step (at most a
//! few tens of milliseconds: it waits 20 ms for readers, then gives up
//! until the next round), never for a checkpoint inside their own commit.

use std::time::Duration;

use sqlx::{AnyPool, Row};
use tokio_util::sync::CancellationToken;

use super::writer::SqliteWriter;

/// A log longer than this many frames (pages of 4 KiB) is started over.
const RESTART_AFTER_FRAMES: i64 = 4096;

/// How long the restart waits for readers to leave the log.
const RESTART_PATIENCE: &str = "PRAGMA busy_timeout = 20";

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
        let mut conn = writer.connection.acquire().await?;
        // A restart waits for readers still using the log; writers wait
        // behind it, so it waits briefly and otherwise tries next round.
        sqlx::query(RESTART_PATIENCE).execute(&mut *conn).await?;
        let restart = sqlx::query("PRAGMA wal_checkpoint(RESTART)")
            .fetch_one(&mut *conn)
            .await;
        sqlx::query(super::BUSY_TIMEOUT).execute(&mut *conn).await?;
        let busy: i64 = restart?.try_get(0)?;
        if busy != 0 {
            tracing::debug!("log restart deferred: readers still on it");
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Database;

    async fn log_frames(db: &Database) -> anyhow::Result<i64> {
        Ok(passive(db.pool()).await?)
    }

    /// Writes `transactions` transactions of about `pages` pages of 4 KiB
    /// each, through the writer queue.
    async fn write(db: &Database, transactions: usize, pages: usize) -> anyhow::Result<()> {
        for _ in 0..transactions {
            let mut tx = db.begin().await?;
            for _ in 0..pages {
                sqlx::query("INSERT INTO filler (data) VALUES (zeroblob(3500))")
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn under_steady_writes_a_long_log_is_started_over() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let db = Database::connect(None, &dir.path().join("test.db"), 2).await?;
        sqlx::query("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB)")
            .execute(db.pool())
            .await?;
        let writer = db
            .writer
            .clone()
            .ok_or_else(|| anyhow::anyhow!("no writer"))?;
        let before = usize::try_from(RESTART_AFTER_FRAMES)? + 100;
        write(&db, before, 1).await?;

        // Writes keep coming while the checkpoint runs, faster than a
        // passive checkpoint copies, so alone it would never catch up and
        // the log would only grow.
        const PAGES_PER_WRITE: usize = 30;
        let stop = CancellationToken::new();
        let (progress, mut written_so_far) = tokio::sync::watch::channel(0usize);
        let steady = tokio::spawn({
            let (db, stop) = (db.clone(), stop.clone());
            async move {
                let mut written = 0usize;
                while !stop.is_cancelled() {
                    write(&db, 1, PAGES_PER_WRITE).await?;
                    written += PAGES_PER_WRITE;
                    progress.send_replace(written);
                }
                anyhow::Ok(written)
            }
        });
        written_so_far
            .wait_for(|n| *n >= 5 * PAGES_PER_WRITE)
            .await?;
        checkpoint(db.pool(), &writer).await?;
        // A few more writes after the round, on the restarted log.
        let after = *written_so_far.borrow() + 3 * PAGES_PER_WRITE;
        written_so_far.wait_for(|n| *n >= after).await?;
        stop.cancel();
        let written = steady.await??;

        let frames = log_frames(&db).await?;
        assert!(
            frames < RESTART_AFTER_FRAMES,
            "log not started over: {frames} frames"
        );
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM filler")
            .fetch_one(db.pool())
            .await?;
        assert_eq!(usize::try_from(rows)?, before + written, "no write lost");
        Ok(())
    }

    #[tokio::test]
    async fn a_short_log_is_left_alone() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let db = Database::connect(None, &dir.path().join("test.db"), 2).await?;
        sqlx::query("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB)")
            .execute(db.pool())
            .await?;
        let writer = db
            .writer
            .clone()
            .ok_or_else(|| anyhow::anyhow!("no writer"))?;
        write(&db, 100, 1).await?;
        checkpoint(db.pool(), &writer).await?;
        let frames = log_frames(&db).await?;
        assert!(frames >= 100, "a short log keeps its frames: {frames}");
        Ok(())
    }
}
