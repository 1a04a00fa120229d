-- The sender claims due mail in (next_attempt_at, id) order; with id in the
-- index a claim reads its batch straight off it instead of sorting every
-- waiting message (fresh mail all shares next_attempt_at = 0).
DROP INDEX mail_outbox_due;
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at, id);
