//! Sessions: opening, validating (the hot path of internal callers),
//! listing and ending them.

use portal_common::db::Connection;
use portal_common::ids::SessionId;
use secrecy::{ExposeSecret, SecretString};
use tracing::instrument;
use uuid::Uuid;

use super::AuthDomain;
use super::model::SessionRecord;
use super::model::audit::{AuditEvent, EventKind};
use super::model::{AccountState, Principal, RequestContext, SessionScope};
use super::session_cache::CachedSession;
use super::tokens;
use crate::error::AuthError;
use crate::store::sessions as store;
use crate::store::users;

/// Idle expiry is slid forward at most this often, so validating a busy
/// session does not write to the database on every call.
const TOUCH_GRANULARITY_MS: i64 = 60_000;

#[derive(Debug, Clone, Copy)]
pub struct NewSession<'a> {
    pub user_id: &'a str,
    pub scope: SessionScope,
}

impl AuthDomain {
    /// Creates a session inside `conn`'s transaction; returns the token,
    /// which exists nowhere else.
    pub(crate) async fn open_session(
        &self,
        conn: &mut Connection,
        new: NewSession<'_>,
        context: &RequestContext,
    ) -> Result<(SecretString, SessionRecord), AuthError> {
        let now = self.now();
        let (idle, absolute) = match new.scope {
            SessionScope::Full => (
                now.plus(self.sessions.idle()),
                now.plus(self.sessions.absolute()),
            ),
            SessionScope::Registration => {
                let end = now.plus(self.sessions.registration());
                (end, end)
            }
        };
        let record = SessionRecord {
            id: Uuid::now_v7().to_string(),
            user_id: new.user_id.to_owned(),
            scope: new.scope,
            created_at: now,
            last_seen_at: now,
            idle_expires_at: idle,
            absolute_expires_at: absolute,
            revoked: false,
            client_ip: context.client_ip.clone(),
            user_agent: context.user_agent.clone(),
        };
        let token = tokens::new_session_token();
        store::insert(conn, &record, &tokens::token_digest(token.expose_secret())).await?;
        Ok((token, record))
    }

    /// The principal behind `token`, or `SessionInvalid` for a malformed,
    /// unknown, revoked or expired token, or a disabled account.
    #[instrument(skip_all)]
    pub async fn validate_session(&self, token: &str) -> Result<Principal, AuthError> {
        if !tokens::is_session_token_shaped(token) {
            return Err(AuthError::SessionInvalid);
        }
        let digest = tokens::token_digest(token);
        let now = self.now();
        if let Some(cached) = self.session_cache.get(&digest, now) {
            let expires_at = cached.idle_expires_at.min(cached.absolute_expires_at);
            if now < expires_at {
                return self.keep_alive(&digest, cached, now).await;
            }
        }
        let generation = self.session_cache.generation();
        let session = self.live_session(token).await?;
        let mut conn = self.db.pool().acquire().await?;
        let (account, _) = users::find_by_id(&mut conn, &session.user_id)
            .await?
            .ok_or(AuthError::SessionInvalid)?;
        if account.state == AccountState::Disabled {
            return Err(AuthError::SessionInvalid);
        }
        let principal = Principal {
            session_id: session.id.clone(),
            account,
            scope: session.scope,
            expires_at: session.expires_at(),
        };
        if session.scope == SessionScope::Full {
            self.session_cache.put(
                &digest,
                CachedSession {
                    principal: principal.clone(),
                    last_seen_at: session.last_seen_at,
                    idle_expires_at: session.idle_expires_at,
                    absolute_expires_at: session.absolute_expires_at,
                },
                generation,
                now,
            );
        }
        Ok(principal)
    }

    /// A cached session is still slid forward when its touch is due, so
    /// idle expiry works the same with or without the cache.
    async fn keep_alive(
        &self,
        digest: &str,
        mut cached: CachedSession,
        now: portal_common::UtcTime,
    ) -> Result<Principal, AuthError> {
        if now.unix_millis() - cached.last_seen_at.unix_millis() >= TOUCH_GRANULARITY_MS {
            let generation = self.session_cache.generation();
            let idle = now
                .plus(self.sessions.idle())
                .min(cached.absolute_expires_at);
            store::touch(
                &mut *self.db.write_connection().await?,
                &cached.principal.session_id,
                now,
                idle,
            )
            .await?;
            cached.last_seen_at = now;
            cached.idle_expires_at = idle;
            cached.principal.expires_at = idle.min(cached.absolute_expires_at);
            self.session_cache
                .put(digest, cached.clone(), generation, now);
        }
        Ok(cached.principal)
    }

    /// Like `validate_session`, but also requires a FULL session.
    pub async fn require_full_session(&self, token: &str) -> Result<Principal, AuthError> {
        let principal = self.validate_session(token).await?;
        if principal.scope != SessionScope::Full {
            return Err(AuthError::FullSessionRequired);
        }
        Ok(principal)
    }

    /// The live session record for `token`, its idle expiry slid forward.
    async fn live_session(&self, token: &str) -> Result<SessionRecord, AuthError> {
        if !tokens::is_session_token_shaped(token) {
            return Err(AuthError::SessionInvalid);
        }
        let now = self.now();
        let mut session = store::find_by_digest(self.db.pool(), &tokens::token_digest(token))
            .await?
            .ok_or(AuthError::SessionInvalid)?;
        if !session.is_live(now) {
            return Err(AuthError::SessionInvalid);
        }
        if session.scope == SessionScope::Full
            && now.unix_millis() - session.last_seen_at.unix_millis() >= TOUCH_GRANULARITY_MS
        {
            let idle = now
                .plus(self.sessions.idle())
                .min(session.absolute_expires_at);
            store::touch(
                &mut *self.db.write_connection().await?,
                &session.id,
                now,
                idle,
            )
            .await?;
            session.last_seen_at = now;
            session.idle_expires_at = idle;
        }
        Ok(session)
    }

    pub async fn logout(&self, token: &str, context: &RequestContext) -> Result<(), AuthError> {
        let principal = self.validate_session(token).await?;
        self.end_session(
            &principal,
            &principal.session_id,
            EventKind::Logout,
            context,
        )
        .await
    }

    /// The caller's live sessions; the flag marks the calling one.
    pub async fn list_sessions(
        &self,
        token: &str,
    ) -> Result<(String, Vec<SessionRecord>), AuthError> {
        let principal = self.require_full_session(token).await?;
        let sessions = store::list_live(self.db.pool(), &principal.account.id, self.now()).await?;
        Ok((principal.session_id, sessions))
    }

    /// Ends one of the caller's own sessions.
    pub async fn revoke_session(
        &self,
        token: &str,
        session_id: &SessionId,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let principal = self.require_full_session(token).await?;
        self.end_session(
            &principal,
            session_id.as_str(),
            EventKind::SessionRevoked,
            context,
        )
        .await
    }

    async fn end_session(
        &self,
        principal: &Principal,
        session_id: &str,
        kind: EventKind,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        if !store::revoke(&mut tx, &principal.account.id, session_id, now).await? {
            return Err(AuthError::NotFound("session"));
        }
        crate::store::audit::record(
            &mut tx,
            &AuditEvent {
                at: now,
                kind,
                user_id: Some(&principal.account.id),
                email: principal.account.email.as_str(),
                context,
                detail: session_id,
            },
        )
        .await?;
        tx.commit().await?;
        self.sessions_changed();
        Ok(())
    }
}
