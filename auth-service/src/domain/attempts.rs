//! Admission of password (and security-answer) verifications to the
//! throttle, with the waiting the lockout rule asks for (README, "Sign-in
//! and lockout").
//!
//! A reservation is pending, not a failure: only a verified wrong password
//! counts. When failures plus pending verifications already reach the
//! limit, a new attempt is not judged: it waits until a pending one
//! settles and asks again — within the caller's deadline and
//! `hashing.max_wait_ms` — and is refused with `UNAVAILABLE` and a
//! `RetryInfo` when that runs out. So a right password is never told
//! "locked" unless wrong passwords locked the account, while at most
//! `max_failures` verifications still run per lock window on however many
//! replicas.
//!
//! Waiters in this process are woken one at a time as attempts on their
//! key settle; they also look again every 200–400 ms, which is how they
//! learn of attempts settled on other replicas. A waiter looks with a read
//! and asks again in a write transaction only when the read shows room, so
//! a crowd of waiters (a burst on a few accounts) does not queue writes in
//! front of the attempts that are settling.

use portal_common::db::Connection;
use std::collections::HashMap;
use std::pin::pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rand::Rng;
use tokio::sync::Notify;
use uuid::Uuid;

use super::AuthDomain;
use super::model::RequestContext;
use super::model::throttle::{Failure, Limits, Reservation};
use crate::error::AuthError;
use crate::store::throttle;
use portal_common::{Database, UtcTime};

/// How long past the wait budget a pending verification keeps its place:
/// longer than a verification that has been admitted can take, so only a
/// replica that died mid-verification ever lets one lapse.
const LEASE_MARGIN: Duration = Duration::from_secs(60);

/// What a waiter keeps of the caller's own deadline to verify and answer:
/// it gives up this long before, so the caller hears `UNAVAILABLE` rather
/// than its own timeout.
const ANSWER_TIME: Duration = Duration::from_millis(100);

/// Waiters per throttle key, so a settled attempt wakes one of its own.
#[derive(Debug, Default)]
pub(crate) struct AttemptWaiters {
    by_key: Mutex<HashMap<String, Arc<Notify>>>,
}

impl AttemptWaiters {
    fn register(self: &Arc<Self>, key: &str) -> Waiter {
        let mut by_key = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        let notify = by_key.entry(key.to_owned()).or_default().clone();
        Waiter {
            waiters: self.clone(),
            key: key.to_owned(),
            notify,
        }
    }

    /// Wakes one waiter on `key`, if any is waiting in this process.
    fn wake_one(&self, key: &str) {
        let by_key = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(notify) = by_key.get(key) {
            notify.notify_one();
        }
    }
}

/// One caller's place among the waiters of a key; leaving forgets the key
/// when it was the last one.
struct Waiter {
    waiters: Arc<AttemptWaiters>,
    key: String,
    notify: Arc<Notify>,
}

impl Drop for Waiter {
    fn drop(&mut self) {
        let mut by_key = self
            .waiters
            .by_key
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // The map's reference and this one.
        if Arc::strong_count(&self.notify) <= 2 {
            by_key.remove(&self.key);
        }
    }
}

/// What the throttle said to one attempt.
pub(crate) enum Admission {
    /// Verify now, then settle the attempt with its verdict.
    Granted(PendingAttempt),
    /// Locked by verified wrong passwords: verify nothing.
    Locked { locked_until: UtcTime },
}

/// A verification the throttle has made room for. Record its verdict with
/// [`PendingAttempt::failed`] or [`PendingAttempt::succeeded`] inside the
/// transaction that carries it, then, once that has committed, call
/// [`PendingAttempt::committed`]. Dropped before that (an error, a
/// rollback, a cancelled call), its pending row is released in the
/// background (an idempotent delete), so it never waits for its lease.
/// Either way one waiter on the key is woken.
pub(crate) struct PendingAttempt {
    id: String,
    key: String,
    db: Database,
    waiters: Arc<AttemptWaiters>,
    settled: bool,
}

impl PendingAttempt {
    /// A verified wrong password, recorded in the caller's transaction.
    pub(crate) async fn failed(
        &mut self,
        tx: &mut Connection,
        limits: Limits,
        lock_until: UtcTime,
    ) -> Result<Failure, AuthError> {
        Ok(throttle::record_failure(tx, &self.key, &self.id, limits, lock_until).await?)
    }

    /// A verified right password: the count restarts.
    pub(crate) async fn succeeded(
        &mut self,
        conn: &mut Connection,
        now: UtcTime,
    ) -> Result<(), AuthError> {
        throttle::record_success(conn, &self.key, &self.id, now).await?;
        Ok(())
    }

    /// The verdict is committed: nothing is left to release.
    pub(crate) fn committed(mut self) {
        self.settled = true;
    }
}

impl Drop for PendingAttempt {
    fn drop(&mut self) {
        if !self.settled
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            let db = self.db.clone();
            let id = std::mem::take(&mut self.id);
            let key = std::mem::take(&mut self.key);
            let waiters = self.waiters.clone();
            runtime.spawn(async move {
                if let Ok(mut conn) = db.write_connection().await
                    && let Err(error) = throttle::release(&mut conn, &id).await
                {
                    tracing::warn!(%error, "could not release a pending verification; its lease will");
                }
                waiters.wake_one(&key);
            });
            return;
        }
        self.waiters.wake_one(&self.key);
    }
}

/// The part of the caller's deadline that hashing may use: it must leave
/// time to record the verdict and answer.
pub(crate) fn hashing_deadline(context: &RequestContext) -> Option<Instant> {
    context
        .deadline
        .map(|own| own.checked_sub(ANSWER_TIME).unwrap_or(own))
}

impl AuthDomain {
    /// The limits a new attempt is judged by, as of now.
    pub(crate) fn attempt_limits(&self) -> Limits {
        let now = self.now();
        Limits {
            now,
            max_failures: i64::from(self.lockout.max_failures),
            lease_until: now.plus(self.hasher.max_wait() + LEASE_MARGIN),
        }
    }

    /// Asks the throttle of `key` for room to verify one secret, waiting
    /// while pending verifications fill the limit. `UNAVAILABLE`
    /// (`Overloaded`) when the caller's deadline or `hashing.max_wait_ms`
    /// runs out first.
    pub(crate) async fn admit_attempt(
        &self,
        key: &str,
        context: &RequestContext,
    ) -> Result<Admission, AuthError> {
        let budget = Instant::now() + self.hasher.max_wait();
        let deadline = context.deadline.map_or(budget, |own| {
            budget.min(own.checked_sub(ANSWER_TIME).unwrap_or(own))
        });
        let waiter = self.attempt_waiters.register(key);
        let mut first = true;
        loop {
            // Enabled before asking, so a settle between the answer and the
            // wait is not missed.
            let mut woken = pin!(waiter.notify.notified());
            woken.as_mut().enable();
            if !std::mem::take(&mut first)
                && !throttle::has_room(self.db.pool(), key, self.attempt_limits()).await?
            {
                if !self.wait_for_room(&mut woken, deadline).await {
                    self.attempt_waiters.wake_one(key);
                    return Err(AuthError::Overloaded {
                        retry_after: Duration::from_secs(1),
                    });
                }
                continue;
            }
            let id = Uuid::now_v7().to_string();
            let mut tx = self.db.begin().await?;
            let reservation = throttle::reserve(&mut tx, key, &id, self.attempt_limits()).await?;
            tx.commit().await?;
            match reservation {
                Reservation::Granted => {
                    return Ok(Admission::Granted(PendingAttempt {
                        id,
                        key: key.to_owned(),
                        db: self.db.clone(),
                        waiters: self.attempt_waiters.clone(),
                        settled: false,
                    }));
                }
                Reservation::Locked { locked_until } => {
                    // Pass the news on to the next waiter.
                    self.attempt_waiters.wake_one(key);
                    return Ok(Admission::Locked { locked_until });
                }
                Reservation::Full => {}
            }
            if !self.wait_for_room(&mut woken, deadline).await {
                self.attempt_waiters.wake_one(key);
                return Err(AuthError::Overloaded {
                    retry_after: Duration::from_secs(1),
                });
            }
        }
    }

    /// Waits until woken or time to look again; false when `deadline` has
    /// passed (give up).
    async fn wait_for_room(
        &self,
        woken: &mut std::pin::Pin<&mut tokio::sync::futures::Notified<'_>>,
        deadline: Instant,
    ) -> bool {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        let look_again = Duration::from_millis(rand::rng().random_range(200..400));
        tokio::select! {
            () = woken.as_mut() => {}
            () = tokio::time::sleep(left.min(look_again)) => {}
        }
        true
    }
}
