//! One pool type for both backends. Queries are written once with `$n`
//! placeholders (which SQLite also accepts); the backends differ only in how
//! a connection is prepared and how a write transaction starts.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

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
    /// SQLite has one writer at a time. Queueing writers here, in order,
    /// beats letting them collide in SQLite, whose busy handler retries by
    /// sleeping (long tails under load). PostgreSQL needs none.
    write_queue: Option<Arc<Mutex<()>>>,
}

/// A write transaction; on SQLite it also holds this process's writer
/// turn until it is committed or dropped.
#[derive(Debug)]
pub struct WriteTransaction {
    // Field order matters: the transaction ends before the turn is released.
    tx: Transaction<'static, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

/// A connection for a single-statement write (autocommit); on SQLite it
/// holds this process's writer turn, so the statement queues behind the
/// open write transactions instead of sleeping in SQLite's busy handler.
#[derive(Debug)]
pub struct WriteConnection {
    // Field order matters: the connection returns before the turn is released.
    conn: PoolConnection<Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl Deref for WriteConnection {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl DerefMut for WriteConnection {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl Deref for WriteTransaction {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTransaction {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
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
        let pool = AnyPoolOptions::new()
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
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        // Checkpoints run beside the writers (see
                        // `spawn_checkpoints`), not inside their commits;
                        // this is only the backstop if that task is absent.
                        conn.execute("PRAGMA wal_autocheckpoint = 16384").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .context("connecting to the database")?;
        let write_queue = (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(())));
        Ok(Self {
            pool,
            backend,
            write_queue,
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
        let turn = self.writer_turn().await;
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(WriteTransaction { tx, _turn: turn })
    }

    /// A connection for one autocommit write, taken in the writer queue
    /// like [`Database::begin`] but without a transaction's two extra
    /// statements.
    pub async fn write_connection(&self) -> Result<WriteConnection, sqlx::Error> {
        let turn = self.writer_turn().await;
        let conn = self.pool.acquire().await?;
        Ok(WriteConnection { conn, _turn: turn })
    }

    async fn writer_turn(&self) -> Option<OwnedMutexGuard<()>> {
        match &self.write_queue {
            Some(queue) => Some(queue.clone().lock_owned().await),
            None => None,
        }
    }

    /// On SQLite, copies the write-ahead log back into the database every
    /// `interval` from a connection of its own (a passive checkpoint waits
    /// for nobody), so commits rarely pay for a checkpoint themselves.
    /// Stops with `stop`; does nothing on PostgreSQL.
    pub fn spawn_checkpoints(
        &self,
        interval: std::time::Duration,
        stop: tokio_util::sync::CancellationToken,
    ) {
        if self.backend != Backend::Sqlite {
            return;
        }
        let pool = self.pool.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    () = stop.cancelled() => return,
                    () = tokio::time::sleep(interval) => {},
                }
                if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&pool)
                    .await
                {
                    tracing::debug!(%error, "checkpoint skipped");
                }
            }
        });
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
