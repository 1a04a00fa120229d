-- Password verifications in flight, per throttle key. A reservation is
-- pending, not a failure: only a verified wrong password raises
-- login_throttle.failures. Each row carries a lease, so a replica that dies
-- mid-verification leaks nothing once the lease has passed.
CREATE TABLE login_pending (
    id TEXT PRIMARY KEY,
    email_key TEXT NOT NULL,
    lease_until BIGINT NOT NULL
);
CREATE INDEX login_pending_by_key ON login_pending (email_key, lease_until);
