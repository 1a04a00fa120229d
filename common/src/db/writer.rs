//! Writes on SQLite: one connection of their own, taken in turn.
//!
//! SQLite has one writer at a time. Queueing writers here, in order, beats
//! letting them collide in SQLite, whose busy handler retries by sleeping
//! (long tails under load). Giving them one connection of their own keeps
//! its page cache and prepared statements warm: a connection's cache
//! survives its own commits but is emptied by anybody else's.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// The writer connection and the queue in front of it.
#[derive(Debug, Clone)]
pub(super) struct SqliteWriter {
    /// A pool of exactly one connection.
    pub(super) connection: AnyPool,
    queue: Arc<Mutex<()>>,
}

/// The right to write, held until dropped.
pub(super) type Turn = OwnedMutexGuard<()>;

impl SqliteWriter {
    pub(super) fn new(connection: AnyPool) -> Self {
        Self {
            connection,
            queue: Arc::new(Mutex::new(())),
        }
    }

    /// Waits for this process's turn to write (first come, first served).
    pub(super) async fn turn(&self) -> Turn {
        self.queue.clone().lock_owned().await
    }
}

/// A write transaction; on SQLite it also holds this process's writer
/// turn until it is committed or dropped.
#[derive(Debug)]
pub struct WriteTransaction {
    // The turn may be released while the connection is still on its way
    // back to its pool (sqlx returns it from a task of its own); the next
    // holder simply waits for it, the pool having only this one.
    pub(super) tx: Transaction<'static, Any>,
    pub(super) _turn: Option<Turn>,
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

/// A connection for a single-statement write (autocommit); on SQLite it
/// holds this process's writer turn, so the statement queues behind the
/// open write transactions instead of sleeping in SQLite's busy handler.
#[derive(Debug)]
pub struct WriteConnection {
    // As for `WriteTransaction`: the next holder of the turn waits for the
    // connection's return.
    pub(super) conn: PoolConnection<Any>,
    pub(super) _turn: Option<Turn>,
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
