-- Tickets (contact forms and call-back requests), their history, the
-- submission log behind the rate limits, and the mail outbox. Portable SQL
-- for SQLite and PostgreSQL; ids are UUIDv7 text, times UTC milliseconds.

CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    -- Public reference like SUP-7K2M9QXD: random, not sequential.
    reference TEXT NOT NULL UNIQUE,
    -- CONTACT_FORM or CALLBACK.
    kind TEXT NOT NULL,
    -- NEW, OPEN, PENDING_REQUESTER, RESOLVED, CLOSED, SPAM.
    status TEXT NOT NULL,
    category TEXT NOT NULL,
    requester_name TEXT NOT NULL,
    -- Normalised (trimmed, lower-cased).
    requester_email TEXT NOT NULL,
    requester_user_id TEXT,
    organization TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    -- Call backs: E.164 phone, the preferred window in UTC and the zone the
    -- requester gave it in.
    phone TEXT,
    window_start BIGINT,
    window_end BIGINT,
    time_zone TEXT,
    -- REQUESTED, SCHEDULED, COMPLETED, FAILED, CANCELLED (call backs only).
    callback_status TEXT,
    callback_scheduled_at BIGINT,
    assignee_id TEXT,
    assignee_email TEXT,
    -- Lower-cased subject, message, name and email, for text search.
    search_text TEXT NOT NULL,
    client_ip TEXT NOT NULL DEFAULT '',
    -- Optimistic locking: every change bumps it.
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX tickets_requester ON tickets (requester_email);
CREATE INDEX tickets_status ON tickets (status, id);

CREATE TABLE ticket_events (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets (id),
    occurred_at BIGINT NOT NULL,
    -- CREATED, ASSIGNED, STATUS_CHANGED, NOTE_ADDED, CALLBACK_SCHEDULED,
    -- CALLBACK_ATTEMPT.
    kind TEXT NOT NULL,
    agent_id TEXT NOT NULL DEFAULT '',
    agent_email TEXT NOT NULL DEFAULT '',
    from_value TEXT NOT NULL DEFAULT '',
    to_value TEXT NOT NULL DEFAULT '',
    -- INTERNAL or PUBLIC for notes.
    visibility TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

-- One row per accepted submission and limited key (ip:…, email:…).
CREATE TABLE submission_log (
    id TEXT PRIMARY KEY,
    limit_key TEXT NOT NULL,
    submitted_at BIGINT NOT NULL
);
CREATE INDEX submission_log_key ON submission_log (limit_key, submitted_at);

-- A row per limited key, locked while its count is checked, so the limits
-- hold across replicas.
CREATE TABLE limit_locks (
    limit_key TEXT PRIMARY KEY,
    touched_at BIGINT NOT NULL
);

CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    sent_at BIGINT,
    last_error TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);
