//! `Login` and the lockout of DESIGN §4.
//!
//! Every attempt first takes a hashing slot (so an overloaded pool refuses
//! before anything is counted), then reserves the attempt in the throttle in
//! one atomic statement: the attempt counts as a failure up front and, if it
//! is the one that reaches the limit, sets the lock. Only then is the
//! password verified; a success takes the count back to zero. So at most
//! `max_failures` verifications run per lock window, however many attempts
//! arrive at once and on however many replicas.

use secrecy::{ExposeSecret, SecretString};
use tracing::instrument;

use super::AuthDomain;
use super::audit::{AuditEvent, EventKind};
use super::email::Email;
use super::mail_templates;
use super::model::{Account, AccountState, RequestContext, SessionScope, Site};
use super::password::MAX_CHARS;
pub use super::registration::RegistrationStep;
use super::sessions::NewSession;
use super::tokens;
use crate::error::AuthError;
use crate::store::organizations;
use crate::store::throttle::{self, Reservation};
use crate::store::users::{self, Credentials};
use portal_common::UtcTime;

/// A signed-in user.
#[derive(Debug)]
pub struct LoginOutcome {
    pub token: SecretString,
    pub expires_at: UtcTime,
    pub scope: SessionScope,
    pub pending_steps: Vec<RegistrationStep>,
    pub account: Account,
    pub sites: Vec<Site>,
}

/// What checking the password found.
enum Verdict {
    Matched,
    /// The temporary password was right but is older than its life.
    TemporaryPasswordExpired,
    Mismatch,
}

impl AuthDomain {
    #[instrument(skip_all)]
    pub async fn login(
        &self,
        email: &str,
        password: SecretString,
        context: &RequestContext,
    ) -> Result<LoginOutcome, AuthError> {
        let email = Email::parse(email, "email")?;
        check_password_shape(&password)?;
        let slot = self.hasher.reserve()?;
        let key = tokens::email_key(&self.email_key, &email);
        let now = self.now();
        let reservation = throttle::reserve(
            &mut *self.db.write_connection().await?,
            &key,
            now,
            i64::from(self.lockout.max_failures),
            now.plus(self.lockout.lock_duration()),
        )
        .await?;
        let locks_until = match reservation {
            Reservation::Refused { locked_until } => {
                drop(slot);
                let mut conn = self.db.pool().acquire().await?;
                let owner = users::find_by_email(&mut conn, email.as_str()).await?;
                drop(conn);
                self.audit(AuditEvent {
                    at: now,
                    kind: EventKind::LoginRefusedLocked,
                    user_id: owner.as_ref().map(|(account, _)| account.id.as_str()),
                    email: email.as_str(),
                    context,
                    detail: "",
                })
                .await?;
                return Err(AuthError::AccountLocked {
                    retry_after: now.until(locked_until),
                });
            }
            Reservation::Granted { locks_until } => locks_until,
        };

        let mut conn = self.db.pool().acquire().await?;
        let found = users::find_by_email(&mut conn, email.as_str()).await?;
        drop(conn);
        let (phc, temporary) = stored_hash(found.as_ref().map(|(_, credentials)| credentials));
        let matched = slot.verify(password, phc).await?;
        let verdict = match (&found, matched) {
            (Some((account, _)), true) if account.state != AccountState::Disabled => {
                match temporary {
                    Some(issued_at) if issued_at.plus(self.temporary_password_life()) < now => {
                        Verdict::TemporaryPasswordExpired
                    }
                    _ => Verdict::Matched,
                }
            }
            _ => Verdict::Mismatch,
        };

        match (verdict, found) {
            (Verdict::Matched, Some((account, credentials))) => {
                let success = Success {
                    key: &key,
                    own_lock: locks_until,
                    used_temporary_password: temporary.is_some(),
                };
                self.sign_in(account, &credentials, success, context).await
            }
            (Verdict::TemporaryPasswordExpired, Some((account, _))) => {
                self.reset_throttle(&key, locks_until, now).await?;
                self.audit(AuditEvent {
                    at: now,
                    kind: EventKind::LoginFailed,
                    user_id: Some(&account.id),
                    email: email.as_str(),
                    context,
                    detail: "temporary password expired",
                })
                .await?;
                Err(AuthError::TemporaryPasswordExpired)
            }
            (_, found) => {
                let account = found.map(|(account, _)| account);
                self.record_failure(&key, &email, account.as_ref(), locks_until, context)
                    .await
            }
        }
    }

    /// A wrong password (or unknown email, or disabled account). When this
    /// attempt set the lock, the owner is told by email, in the same
    /// transaction as the audit row.
    pub(crate) async fn record_failure(
        &self,
        key: &str,
        email: &Email,
        account: Option<&Account>,
        locks_until: Option<UtcTime>,
        context: &RequestContext,
    ) -> Result<LoginOutcome, AuthError> {
        let now = self.now();
        let user_id = account.map(|account| account.id.as_str());
        let mut tx = self.db.begin().await?;
        crate::store::audit::record(
            &mut tx,
            &AuditEvent {
                at: now,
                kind: EventKind::LoginFailed,
                user_id,
                email: email.as_str(),
                context,
                detail: "",
            },
        )
        .await?;
        let Some(locked_until) = locks_until else {
            tx.commit().await?;
            return Err(AuthError::InvalidCredentials);
        };
        if throttle::is_locked_until(&mut tx, key, locked_until).await? {
            crate::store::audit::record(
                &mut tx,
                &AuditEvent {
                    at: now,
                    kind: EventKind::AccountLocked,
                    user_id,
                    email: email.as_str(),
                    context,
                    detail: "",
                },
            )
            .await?;
            if let Some(account) = account.filter(|a| a.state != AccountState::Disabled) {
                let mail = mail_templates::account_locked(
                    &account.email,
                    self.lockout.lock_minutes,
                    &self.public_url,
                );
                self.queue_mail(&mut tx, &mail).await?;
            }
        }
        tx.commit().await?;
        self.mail.wake();
        Err(AuthError::AccountLocked {
            retry_after: now.until(locked_until),
        })
    }

    /// The password matched: open a session of the right scope. The
    /// throttle's count restarts in the same transaction.
    async fn sign_in(
        &self,
        mut account: Account,
        credentials: &Credentials,
        success: Success<'_>,
        context: &RequestContext,
    ) -> Result<LoginOutcome, AuthError> {
        let now = self.now();
        let mut conn = self.db.pool().acquire().await?;
        users::load_roles(&mut conn, &mut account).await?;
        let sites = organizations::granted_sites(&mut conn, &account.id).await?;
        drop(conn);
        account.site_ids = sites.iter().map(|site| site.id.clone()).collect();
        account.site_ids.sort();
        let scope = match account.state {
            AccountState::Active => SessionScope::Full,
            _ => SessionScope::Registration,
        };
        if scope == SessionScope::Full
            && account.site_ids.is_empty()
            && !account.may_sign_in_without_sites()
        {
            self.reset_throttle(success.key, success.own_lock, now)
                .await?;
            self.audit(AuditEvent {
                at: now,
                kind: EventKind::LoginNoSites,
                user_id: Some(&account.id),
                email: &account.email,
                context,
                detail: "",
            })
            .await?;
            return Err(AuthError::NoSites);
        }
        let mut tx = self.db.begin().await?;
        if success.used_temporary_password {
            // Single use: whoever clears it first wins.
            let consumed = users::consume_temporary_password(
                &mut tx,
                &account.id,
                credentials
                    .temporary_password_hash
                    .as_deref()
                    .unwrap_or_default(),
                now,
            )
            .await?;
            if !consumed {
                drop(tx);
                self.reset_throttle(success.key, success.own_lock, now)
                    .await?;
                return Err(AuthError::InvalidCredentials);
            }
        }
        throttle::reset_after_success(&mut tx, success.key, success.own_lock, now).await?;
        let (token, session) = self
            .open_session(
                &mut tx,
                NewSession {
                    user_id: &account.id,
                    scope,
                },
                context,
            )
            .await?;
        crate::store::audit::record(
            &mut tx,
            &AuditEvent {
                at: now,
                kind: EventKind::LoginSucceeded,
                user_id: Some(&account.id),
                email: &account.email,
                context,
                detail: scope.as_str(),
            },
        )
        .await?;
        let pending_steps = match scope {
            SessionScope::Full => Vec::new(),
            SessionScope::Registration => self.pending_steps(&mut tx, &account.id).await?,
        };
        tx.commit().await?;
        Ok(LoginOutcome {
            token,
            expires_at: session.expires_at(),
            scope,
            pending_steps,
            account,
            sites,
        })
    }

    /// The right password, but no session follows: the count restarts.
    async fn reset_throttle(
        &self,
        key: &str,
        own_lock: Option<UtcTime>,
        now: UtcTime,
    ) -> Result<(), AuthError> {
        let mut conn = self.db.write_connection().await?;
        throttle::reset_after_success(&mut conn, key, own_lock, now).await?;
        Ok(())
    }
}

/// A matched password, on its way to a session.
struct Success<'a> {
    /// The throttle key whose count restarts.
    key: &'a str,
    /// The lock this attempt set itself, if it reached the limit.
    own_lock: Option<UtcTime>,
    used_temporary_password: bool,
}

/// The hash to verify against: the account's own password, or, for an
/// invited account that has not chosen one yet, its temporary password
/// (then with its issue time).
fn stored_hash(credentials: Option<&Credentials>) -> (Option<&str>, Option<UtcTime>) {
    match credentials {
        Some(Credentials {
            password_hash: Some(hash),
            ..
        }) => (Some(hash.as_str()), None),
        Some(Credentials {
            temporary_password_hash: Some(hash),
            temporary_password_issued_at,
            ..
        }) => (
            Some(hash.as_str()),
            Some(temporary_password_issued_at.unwrap_or(UtcTime::from_unix_millis(0))),
        ),
        _ => (None, None),
    }
}

/// A password that cannot be a real one is refused before anything is
/// counted: it says nothing about the account either way.
fn check_password_shape(password: &SecretString) -> Result<(), AuthError> {
    let password = password.expose_secret();
    if password.is_empty() {
        return Err(AuthError::invalid("password", "must not be empty"));
    }
    if password.chars().count() > MAX_CHARS {
        return Err(AuthError::invalid(
            "password",
            "must be at most 128 characters",
        ));
    }
    Ok(())
}
