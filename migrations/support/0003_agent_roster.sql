-- The agents the desk has seen (recorded when an agent opens it): tickets
-- can be assigned to them, by id, with the email recorded here.
CREATE TABLE support_agents (
    user_id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
