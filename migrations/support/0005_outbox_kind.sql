-- What each message is for (ACCESS, PASSWORD_RESET, …), so the mail log an
-- agent sees can say so after the body has been blanked.
ALTER TABLE mail_outbox ADD COLUMN kind TEXT NOT NULL DEFAULT '';
CREATE INDEX mail_outbox_recipient ON mail_outbox (recipient, created_at);
