//! One pool type for both backends. Queries are written once with `$n`
//! placeholders (which SQLite also accepts); the backends differ in how a
//! connection is prepared and in how writes are made: on SQLite they queue
//! for one connection of their own, whose write-ahead log a background task
//! keeps short.

mod checkpoints;
mod writer;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

use writer::SqliteWriter;
pub use writer::{WriteConnection, WriteTransaction};

/// A connection, or an open transaction, as the store's functions take it:
/// the domain names it to hand a transaction on without touching SQL.
pub type Connection = sqlx::AnyConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool plus the knowledge of which backend is behind it.
#[derive(Debug, Clone)]
pub struct Database {
    pool: AnyPool,
    backend: Backend,
    /// SQLite only: the one connection that writes, and its queue.
    writer: Option<SqliteWriter>,
}

impl Database {
    /// Connects to `url`, or to the SQLite file `default_sqlite_file`
    /// (created, with its folder, when missing) when no URL is configured.
    pub async fn connect(
        url: Option<&SecretString>,
        default_sqlite_file: &Path,
        max_connections: u32,
    ) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let url = match url {
            Some(url) => url.expose_secret().to_owned(),
            None => {
                if let Some(dir) = default_sqlite_file.parent() {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating data directory {}", dir.display()))?;
                }
                format!("sqlite://{}?mode=rwc", default_sqlite_file.display())
            }
        };
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!("unsupported database URL scheme (use sqlite: or postgres:)");
        };
        let options = AnyConnectOptions::from_str(&url).context("parsing the database URL")?;
        let pool = pool_options(backend, max_connections)
            .connect_with(options.clone())
            .await
            .context("connecting to the database")?;
        let writer = match backend {
            Backend::Sqlite => Some(SqliteWriter::new(
                pool_options(backend, 1)
                    .connect_with(options)
                    .await
                    .context("connecting to the database")?,
            )),
            Backend::Postgres => None,
        };
        Ok(Self {
            pool,
            backend,
            writer,
        })
    }

    pub async fn migrate(&self, migrator: &Migrator) -> anyhow::Result<()> {
        migrator
            .run(&self.pool)
            .await
            .context("running database migrations")
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a write transaction. On SQLite it takes the write lock up
    /// front (`BEGIN IMMEDIATE`): a deferred transaction that reads and then
    /// writes fails with `SQLITE_BUSY` under concurrency instead of waiting.
    pub async fn begin(&self) -> Result<WriteTransaction, sqlx::Error> {
        match &self.writer {
            Some(writer) => {
                let turn = writer.turn().await;
                let tx = writer.connection.begin_with("BEGIN IMMEDIATE").await?;
                Ok(WriteTransaction {
                    tx,
                    _turn: Some(turn),
                })
            }
            None => Ok(WriteTransaction {
                tx: self.pool.begin().await?,
                _turn: None,
            }),
        }
    }

    /// A connection for one autocommit write, taken in the writer queue
    /// like [`Database::begin`] but without a transaction's two extra
    /// statements.
    pub async fn write_connection(&self) -> Result<WriteConnection, sqlx::Error> {
        match &self.writer {
            Some(writer) => {
                let turn = writer.turn().await;
                let conn = writer.connection.acquire().await?;
                Ok(WriteConnection {
                    conn,
                    _turn: Some(turn),
                })
            }
            None => Ok(WriteConnection {
                conn: self.pool.acquire().await?,
                _turn: None,
            }),
        }
    }

    /// On SQLite, keeps the write-ahead log short every `interval` (see
    /// [`checkpoints`]), so commits never pay for a checkpoint themselves.
    /// Stops with `stop`; does nothing on PostgreSQL.
    pub fn spawn_checkpoints(
        &self,
        interval: std::time::Duration,
        stop: tokio_util::sync::CancellationToken,
    ) {
        if let Some(writer) = &self.writer {
            checkpoints::spawn(self.pool.clone(), writer.clone(), interval, stop);
        }
    }

    pub async fn close(&self) {
        if let Some(writer) = &self.writer {
            writer.connection.close().await;
        }
        self.pool.close().await;
    }
}

/// Commits are synced to disk before they return.
const SYNCHRONOUS: &str = "PRAGMA synchronous = FULL";

/// How long a SQLite statement waits for a lock held by another process.
const BUSY_TIMEOUT: &str = "PRAGMA busy_timeout = 10000";

fn pool_options(backend: Backend, max_connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        // A pooled connection to a local SQLite file cannot go stale;
        // checking it on every acquire would cost a round trip to its
        // thread each time. A PostgreSQL connection can, so it is tested.
        .test_before_acquire(backend == Backend::Postgres)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers run beside the one writer; the busy
                    // timeout makes writers queue instead of failing.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    // Every commit reaches the disk (the log is synced)
                    // before it returns, so nothing acknowledged — a
                    // ticket reference shown, a lock, a password change —
                    // is lost to a power cut. Group commit (one commit per
                    // batch of waiting writes) keeps the cost to one sync
                    // per batch (README, "Durability").
                    conn.execute(SYNCHRONOUS).await?;
                    // Checkpoints run beside the writers (see
                    // `spawn_checkpoints`), not inside their commits; this
                    // is only the backstop if that task is absent.
                    conn.execute("PRAGMA wal_autocheckpoint = 65536").await?;
                    // A log started over keeps at most this much of its file.
                    conn.execute("PRAGMA journal_size_limit = 67108864").await?;
                    conn.execute(BUSY_TIMEOUT).await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                }
                Ok(())
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sqlite_commits_are_synced_before_they_return() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let db = Database::connect(None, &dir.path().join("durable.db"), 2).await?;
        let mut writer = db.write_connection().await?;
        // 2 is FULL: the write-ahead log is synced at every commit.
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *writer)
            .await?;
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut *writer)
            .await?;
        assert_eq!((synchronous, journal.as_str()), (2, "wal"));
        Ok(())
    }
}
