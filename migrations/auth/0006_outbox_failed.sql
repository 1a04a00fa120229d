-- Mail given up for good: refused permanently (an SMTP 5xx) after a bounded
-- number of attempts. Kept with its last error for the record and the
-- metrics; the sender never claims it again.
ALTER TABLE mail_outbox ADD COLUMN failed_at BIGINT;
DROP INDEX mail_outbox_due;
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, failed_at, next_attempt_at, id);
