//! The rows the auth service forgets, and when: the janitor runs each
//! `DELETE` with a cut-off `keep` before now.

use std::time::Duration;

use portal_common::janitor::Sweep;

const fn days(n: u64) -> Duration {
    Duration::from_secs(n * 24 * 3600)
}

/// What the auth service forgets, and when (the mail outbox's sweeps are
/// added by `portal_common::service::Foundation`).
pub const SWEEPS: &[Sweep] = &[
    // Throttle rows of unlocked keys nobody tried for a day.
    Sweep {
        statement: "DELETE FROM login_throttle WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $1)",
        keep: days(1),
    },
    // Pending verifications a dead replica left behind on a key nobody
    // tried again (the next settle on a key deletes its own).
    Sweep {
        statement: "DELETE FROM login_pending WHERE lease_until < $1",
        keep: days(1),
    },
    Sweep {
        statement: "DELETE FROM reset_flows WHERE expires_at < $1",
        keep: days(1),
    },
    Sweep {
        statement: "DELETE FROM reset_tokens WHERE expires_at < $1",
        keep: days(1),
    },
    Sweep {
        statement: "DELETE FROM reset_email_sends WHERE sent_at < $1",
        keep: days(1),
    },
    Sweep {
        statement: "DELETE FROM verification_sends WHERE sent_at < $1",
        keep: days(1),
    },
    Sweep {
        statement: "DELETE FROM verification_codes WHERE expires_at < $1",
        keep: days(1),
    },
    Sweep {
        statement: "DELETE FROM sessions WHERE absolute_expires_at < $1 OR idle_expires_at < $1",
        keep: days(7),
    },
];
