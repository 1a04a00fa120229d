//! The sign-in throttle's vocabulary: the limits an attempt is judged by,
//! and what the store answers when room is asked for or a failure is
//! recorded (ARCHITECTURE.md, "Invariants": lockout).

use portal_common::UtcTime;

/// The outcome of asking to verify one more password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// Go ahead: a pending verification is recorded under the attempt's id.
    Granted,
    /// Locked: do not verify anything.
    Locked { locked_until: UtcTime },
    /// Failures plus pending verifications already reach the limit: wait
    /// for a pending one to settle and ask again.
    Full,
}

/// What a verified wrong password did to the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Counted, still under the limit.
    Counted,
    /// This failure reached the limit and set the lock.
    Locked { locked_until: UtcTime },
    /// Another lock was already in force (an expired lease let a surplus
    /// verification through); this failure changed nothing.
    AlreadyLocked { locked_until: UtcTime },
}

/// The limits one reservation is judged by.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub now: UtcTime,
    /// Verified failures that lock.
    pub max_failures: i64,
    /// When a pending verification that has not settled stops counting.
    pub lease_until: UtcTime,
}
