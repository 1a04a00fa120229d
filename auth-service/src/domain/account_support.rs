//! The account context of the agent desk (README, "Account context for
//! support agents"): why a requester cannot sign in, for `SUPPORT_AGENT`
//! and `PLATFORM_ADMIN` sessions only, and the two emails an agent may
//! send — each delivered to the account's own address only, each audited
//! with the agent's name. Nothing here unlocks, grants or changes an
//! account: that stays with the organisation's administrators.

use std::time::Duration;

use tracing::instrument;

use super::AuthDomain;
use super::messages;
use super::model::admin::MailRecord;
use super::model::audit::EventRecord;
use super::model::audit::{AuditEvent, EventKind};
use super::model::{Account, AccountState, Principal, RequestContext, Role};
use super::registration::RegistrationStep;
use super::reset::ResetEmail;
use super::tokens;
use crate::error::{AuthError, Reason};
use crate::store::account_support as store;
use crate::store::audit;
use crate::store::{organizations, registration, throttle, users};
use portal_common::UtcTime;
use portal_common::email::Email;

/// Mail-log entries and events a lookup shows.
const SHOWN: i64 = 20;

/// A caller whose FULL session holds `SUPPORT_AGENT` or `PLATFORM_ADMIN`.
#[derive(Debug, Clone)]
pub struct SupportCaller {
    principal: Principal,
}

impl SupportCaller {
    /// "agent@example.com (id)", for audit rows.
    fn name(&self) -> String {
        let agent = &self.principal.account;
        format!("{} ({})", agent.email, agent.id)
    }

    fn id(&self) -> &str {
        &self.principal.account.id
    }
}

/// Where an account's temporary password stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemporaryPassword {
    /// Never issued (the account was created with a password).
    None,
    Valid {
        issued_at: UtcTime,
        expires_at: UtcTime,
    },
    Expired {
        issued_at: UtcTime,
        expires_at: UtcTime,
    },
    /// Used to sign in, or voided by a later credential change.
    Used { issued_at: UtcTime },
}

/// What the desk shows of an existing account.
#[derive(Debug, Clone)]
pub struct AccountContext {
    pub account: Account,
    pub locked_until: Option<UtcTime>,
    pub failed_sign_ins: i64,
    pub pending_steps: Vec<RegistrationStep>,
    pub temporary_password: TemporaryPassword,
    pub organization_name: String,
    pub site_count: usize,
    pub last_signed_in_at: Option<UtcTime>,
    pub security_questions_set: bool,
    pub recent_events: Vec<EventRecord>,
    /// (name, email) of who can grant sites in the account's organisation.
    pub organization_administrators: Vec<(String, String)>,
}

/// A lookup's answer: the account, if any, and the mail sent to the address.
#[derive(Debug, Clone)]
pub struct AccountLookup {
    pub account: Option<AccountContext>,
    pub mail: Vec<MailRecord>,
}

impl AuthDomain {
    /// The caller behind `token`, if their FULL session may use the desk.
    pub async fn require_support_agent(&self, token: &str) -> Result<SupportCaller, AuthError> {
        let principal = self.require_full_session(token).await?;
        let allowed = principal
            .account
            .roles
            .iter()
            .any(|role| matches!(role, Role::SupportAgent | Role::PlatformAdmin));
        if !allowed {
            return Err(AuthError::PermissionDenied {
                reason: Reason::NotASupportAgent,
                message: messages::NOT_AN_ADMINISTRATOR,
            });
        }
        Ok(SupportCaller { principal })
    }

    /// Everything that explains a failed sign-in for `email`. The lookup is
    /// itself an audit event naming the agent.
    #[instrument(skip_all)]
    pub async fn lookup_account(
        &self,
        caller: &SupportCaller,
        email: &Email,
        context: &RequestContext,
    ) -> Result<AccountLookup, AuthError> {
        let now = self.now();
        let mut conn = self.db.pool().acquire().await?;
        let found = users::find_by_email(&mut conn, email.as_str()).await?;
        drop(conn);
        let account = match found {
            Some((account, credentials)) => {
                let temporary = self.temporary_password_standing(
                    credentials.temporary_password_hash.is_some(),
                    credentials.temporary_password_issued_at,
                    now,
                );
                Some(self.account_context(account, email, temporary, now).await?)
            }
            None => None,
        };
        let mail = store::mail_to(self.db.pool(), email.as_str(), SHOWN).await?;
        self.audit_by(
            AuditEvent {
                at: now,
                kind: EventKind::AccountLookedUp,
                user_id: account.as_ref().map(|found| found.account.id.as_str()),
                email: email.as_str(),
                context,
                detail: &format!("by {}", caller.name()),
            },
            Some(caller.id()),
        )
        .await?;
        Ok(AccountLookup { account, mail })
    }

    pub(crate) fn temporary_password_standing(
        &self,
        held: bool,
        issued_at: Option<UtcTime>,
        now: UtcTime,
    ) -> TemporaryPassword {
        let Some(issued_at) = issued_at else {
            return TemporaryPassword::None;
        };
        let expires_at = issued_at.plus(self.temporary_password_life());
        match held {
            false => TemporaryPassword::Used { issued_at },
            true if now < expires_at => TemporaryPassword::Valid {
                issued_at,
                expires_at,
            },
            true => TemporaryPassword::Expired {
                issued_at,
                expires_at,
            },
        }
    }

    async fn account_context(
        &self,
        mut account: Account,
        email: &Email,
        temporary_password: TemporaryPassword,
        now: UtcTime,
    ) -> Result<AccountContext, AuthError> {
        let key = tokens::email_key(&self.email_key, email);
        let (failed_sign_ins, locked_until) = throttle::standing(self.db.pool(), &key, now).await?;
        let mut conn = self.db.pool().acquire().await?;
        users::load_roles(&mut conn, &mut account).await?;
        let sites = organizations::granted_sites(&mut conn, &account.id).await?;
        let organization_name = match &account.organization_id {
            Some(id) => organizations::organization_name(&mut conn, id)
                .await?
                .unwrap_or_default(),
            None => String::new(),
        };
        let organization_administrators = match &account.organization_id {
            Some(id) => store::organization_administrators(self.db.pool(), id)
                .await?
                .into_iter()
                .map(|(first, last, email)| (format!("{first} {last}").trim().to_owned(), email))
                .collect(),
            None => Vec::new(),
        };
        let progress = registration::progress(&mut conn, &account.id).await?;
        drop(conn);
        let pending_steps = match account.state {
            AccountState::Invited => progress.pending(&self.terms.version),
            _ => Vec::new(),
        };
        Ok(AccountContext {
            locked_until,
            failed_sign_ins,
            pending_steps,
            temporary_password,
            organization_name,
            site_count: sites.len(),
            last_signed_in_at: store::last_sign_in(self.db.pool(), &account.id).await?,
            security_questions_set: !progress.answered_questions.is_empty(),
            recent_events: audit::recent_events(self.db.pool(), &account.id, email.as_str(), SHOWN)
                .await?,
            organization_administrators,
            account,
        })
    }

    /// A password-reset email to the account's own address, under the
    /// self-service limits, audited with the agent's name.
    #[instrument(skip_all)]
    pub async fn agent_send_reset_email(
        &self,
        caller: &SupportCaller,
        email: &Email,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        match self
            .send_reset_email(email, Some(&caller.principal.account), context)
            .await?
        {
            ResetEmail::Queued => Ok(()),
            ResetEmail::NoAccount => Err(AuthError::NotFound("account")),
            ResetEmail::Limited { retry_after } => Err(too_many_emails(retry_after)),
        }
    }

    /// A new temporary password to an INVITED account's own address, at
    /// most 1 a minute and 5 an hour, audited with the agent's name.
    #[instrument(skip_all)]
    pub async fn agent_resend_access_email(
        &self,
        caller: &SupportCaller,
        email: &Email,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let mut conn = self.db.pool().acquire().await?;
        let (account, _) = users::find_by_email(&mut conn, email.as_str())
            .await?
            .ok_or(AuthError::NotFound("account"))?;
        drop(conn);
        let now = self.now();
        let mut tx = self.db.begin().await?;
        registration::lock_user(&mut tx, &account.id).await?;
        let hour_ago = UtcTime::from_unix_millis(now.unix_millis() - 3_600_000);
        let sends = store::event_times_since(
            &mut tx,
            &account.id,
            EventKind::AccessEmailSent.as_str(),
            hour_ago,
        )
        .await?;
        if let Some(retry_after) = super::reset::over_limit(&sends, now) {
            return Err(too_many_emails(retry_after));
        }
        self.issue_access_email(&mut tx, &account).await?;
        audit::record_by(
            &mut tx,
            &AuditEvent {
                at: now,
                kind: EventKind::AccessEmailSent,
                user_id: Some(&account.id),
                email: account.email.as_str(),
                context,
                detail: &format!("by {}", caller.name()),
            },
            Some(caller.id()),
        )
        .await?;
        tx.commit().await?;
        self.mail.wake();
        Ok(())
    }
}

fn too_many_emails(retry_after: Duration) -> AuthError {
    AuthError::ResourceExhausted {
        reason: Reason::EmailLimitReached,
        message: "This email was sent recently. Please wait before sending it again.",
        retry_after,
    }
}
