-- Forgot password: security-question flows, reset tokens, reset emails.

-- A started security-question reset. The flow id is only stored as its
-- SHA-256. user_id is NULL for unknown emails and accounts without answers
-- (decoy flows), which are stored all the same so both look alike.
CREATE TABLE reset_flows (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users (id),
    email_key TEXT NOT NULL,
    -- Comma-separated question ids, in the order shown.
    question_ids TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

-- Password-reset tokens (from answers or email), stored as SHA-256; single
-- use, and a newer token voids the older ones.
CREATE TABLE reset_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    voided_at BIGINT
);
CREATE INDEX reset_tokens_user ON reset_tokens (user_id);

-- Reset emails sent, for the per-account limits (1 a minute, 5 an hour).
CREATE TABLE reset_email_sends (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    sent_at BIGINT NOT NULL
);
CREATE INDEX reset_email_sends_user ON reset_email_sends (user_id, sent_at);
