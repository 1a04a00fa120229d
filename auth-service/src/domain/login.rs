//! `Login` and the lockout of README "Sign-in and lockout".
//!
//! Every attempt first asks the throttle for room (see `attempts`): a
//! locked key is refused without verifying anything, and when failures
//! plus verifications in flight already reach the limit the attempt waits
//! for one of them instead of being judged. Then it takes a hashing slot
//! and verifies; only a verified wrong password counts as a failure, and
//! the failure that reaches the limit sets the lock and emails the owner.
//! So at most `max_failures` verifications run per lock window, however
//! many attempts arrive at once and on however many replicas, and a right
//! password is never told "locked" unless wrong ones locked the account.

use secrecy::{ExposeSecret, SecretString};
use tracing::instrument;

use super::AuthDomain;
use super::attempts::{Admission, PendingAttempt};
use super::mail_templates;
use super::model::audit::{AuditEvent, EventKind};
use super::model::credentials::Credentials;
pub use super::model::registration::RegistrationStep;
use super::model::throttle::Failure;
use super::model::{Account, AccountState, RequestContext, SessionScope, Site};
use super::password::MAX_CHARS;
use super::sessions::NewSession;
use super::tokens;
use crate::error::AuthError;
use crate::store::organizations;
use crate::store::users;
use portal_common::UtcTime;
use portal_common::email::Email;

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
        email: &Email,
        password: SecretString,
        context: &RequestContext,
    ) -> Result<LoginOutcome, AuthError> {
        check_password_shape(&password)?;
        let key = tokens::email_key(&self.email_key, email);
        let attempt = match self.admit_attempt(&key, context).await? {
            Admission::Granted(attempt) => attempt,
            Admission::Locked { locked_until } => {
                let now = self.now();
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
        };
        let slot = self
            .hasher
            .reserve(super::attempts::hashing_deadline(context))?;

        let mut conn = self.db.pool().acquire().await?;
        let found = users::find_by_email(&mut conn, email.as_str()).await?;
        drop(conn);
        let (phc, temporary) = stored_hash(found.as_ref().map(|(_, credentials)| credentials));
        let matched = slot.verify(password, phc).await?;
        let now = self.now();
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
                    attempt,
                    used_temporary_password: temporary.is_some(),
                };
                self.sign_in(account, &credentials, success, context).await
            }
            (Verdict::TemporaryPasswordExpired, Some((account, _))) => {
                self.right_password_without_session(attempt).await?;
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
                self.record_failure(attempt, email, account.as_ref(), context)
                    .await
            }
        }
    }

    /// A verified wrong password (or unknown email, or disabled account).
    /// When this failure set the lock, the owner is told by email, in the
    /// same transaction as the audit row.
    pub(crate) async fn record_failure(
        &self,
        mut attempt: PendingAttempt,
        email: &Email,
        account: Option<&Account>,
        context: &RequestContext,
    ) -> Result<LoginOutcome, AuthError> {
        let limits = self.attempt_limits();
        let now = limits.now;
        let user_id = account.map(|account| account.id.as_str());
        let mut tx = self.db.begin().await?;
        let failure = attempt
            .failed(&mut tx, limits, now.plus(self.lockout.lock_duration()))
            .await?;
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
        let locked_until = match failure {
            Failure::Counted => {
                tx.commit().await?;
                attempt.committed();
                return Err(AuthError::InvalidCredentials);
            }
            Failure::AlreadyLocked { locked_until } => {
                tx.commit().await?;
                attempt.committed();
                return Err(AuthError::AccountLocked {
                    retry_after: now.until(locked_until),
                });
            }
            Failure::Locked { locked_until } => locked_until,
        };
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
                account.email.as_str(),
                self.lockout.lock_minutes,
                &self.public_url,
            );
            self.queue_mail(&mut tx, &mail).await?;
        }
        tx.commit().await?;
        attempt.committed();
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
        success: Success,
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
            self.right_password_without_session(success.attempt).await?;
            self.audit(AuditEvent {
                at: now,
                kind: EventKind::LoginNoSites,
                user_id: Some(&account.id),
                email: account.email.as_str(),
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
                self.right_password_without_session(success.attempt).await?;
                return Err(AuthError::InvalidCredentials);
            }
        }
        let mut attempt = success.attempt;
        attempt.succeeded(&mut tx, now).await?;
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
                email: account.email.as_str(),
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
        attempt.committed();
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
    async fn right_password_without_session(
        &self,
        mut attempt: PendingAttempt,
    ) -> Result<(), AuthError> {
        let mut conn = self.db.write_connection().await?;
        attempt.succeeded(&mut conn, self.now()).await?;
        attempt.committed();
        Ok(())
    }
}

/// A matched password, on its way to a session.
struct Success {
    /// The throttle's room for this verification, settled as a success
    /// once the session is open.
    attempt: PendingAttempt,
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
