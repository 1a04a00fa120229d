-- First-time access: what registration records beyond the account row.

-- When the email address was proven by a code, and which terms version was
-- accepted; both NULL until done.
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
ALTER TABLE users ADD COLUMN accepted_terms_version TEXT;

-- Three per account, replaced together. Answers are normalised, then
-- argon2id-hashed (PHC strings).
CREATE TABLE security_answers (
    user_id TEXT NOT NULL REFERENCES users (id),
    question_id TEXT NOT NULL,
    answer_hash TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (user_id, question_id)
);

-- The one live email-verification code of an account (a new send replaces
-- it). The code itself is never stored, only its keyed hash.
CREATE TABLE verification_codes (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    code_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    failed_attempts BIGINT NOT NULL
);

-- Every code sent, for the resend limits (60 s apart, 5 an hour).
CREATE TABLE verification_sends (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    sent_at BIGINT NOT NULL
);
CREATE INDEX verification_sends_user ON verification_sends (user_id, sent_at);
