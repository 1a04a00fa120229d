//! The rows the support service forgets, and when: the janitor runs each
//! `DELETE` with a cut-off `keep` before now.

use std::time::Duration;

use portal_common::janitor::Sweep;

/// Rate-limit rows outlive their one-hour window by an hour (the mail
/// outbox's sweeps are added by `portal_common::service::Foundation`).
pub const SWEEPS: &[Sweep] = &[
    Sweep {
        statement: "DELETE FROM submission_log WHERE submitted_at < $1",
        keep: Duration::from_secs(2 * 3600),
    },
    Sweep {
        statement: "DELETE FROM limit_locks WHERE touched_at < $1",
        keep: Duration::from_secs(2 * 3600),
    },
];
