-- What the administration pages filter on: who performed an administrative
-- or support action (NULL when the account acted itself, or nobody did),
-- events by kind and by email, and accounts by site.
ALTER TABLE auth_events ADD COLUMN actor_user_id TEXT;
CREATE INDEX auth_events_kind ON auth_events (kind, id);
CREATE INDEX auth_events_email ON auth_events (email, id);
CREATE INDEX site_grants_site ON site_grants (site_id, user_id);
