//! A short-lived memory of validated FULL sessions, so `ValidateSession` —
//! the hot path of every internal caller — mostly answers without the
//! database. Anything in this process that ends sessions or changes what a
//! principal holds empties it at once; other replicas see such a change
//! within the time-to-live (a second by default), measured by the
//! service's clock, which callers pass in.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use portal_common::UtcTime;

use super::model::Principal;

/// Entries kept at most; the map is emptied when full.
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone)]
pub struct CachedSession {
    pub principal: Principal,
    pub last_seen_at: UtcTime,
    pub idle_expires_at: UtcTime,
    pub absolute_expires_at: UtcTime,
}

#[derive(Debug)]
struct Entry {
    session: CachedSession,
    stored: UtcTime,
    generation: u64,
}

#[derive(Debug)]
pub struct SessionCache {
    ttl: Duration,
    generation: AtomicU64,
    entries: Mutex<HashMap<String, Entry>>,
}

impl SessionCache {
    /// `ttl` zero turns the cache off.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            generation: AtomicU64::new(0),
            entries: Mutex::default(),
        }
    }

    /// The session stored for `digest` less than the time-to-live before
    /// `now`, unless the cache was emptied since.
    pub fn get(&self, digest: &str, now: UtcTime) -> Option<CachedSession> {
        if self.ttl.is_zero() {
            return None;
        }
        let generation = self.generation.load(Ordering::Acquire);
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(digest)
            .filter(|e| {
                // A clock that stepped back does not stretch an entry's life.
                e.generation == generation && e.stored <= now && now < e.stored.plus(self.ttl)
            })
            .map(|e| e.session.clone())
    }

    /// Stores `session` unless the cache was emptied since `generation`
    /// was read (a revocation raced with this validation).
    pub fn put(&self, digest: &str, session: CachedSession, generation: u64, now: UtcTime) {
        if self.ttl.is_zero() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if generation != self.generation.load(Ordering::Acquire) {
            return;
        }
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(
            digest.to_owned(),
            Entry {
                session,
                stored: now,
                generation,
            },
        );
    }

    /// Read before looking in the database; passed back to [`Self::put`].
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Forgets everything: a session ended or a principal changed.
    pub fn invalidate_all(&self) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.clear();
    }
}
