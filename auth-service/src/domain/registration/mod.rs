//! First-time registration (README, "First-time access"): a REGISTRATION session does the
//! steps in any order, as often as needed, then completes.

mod questions;
mod verification;

pub use crate::domain::model::registration::{Progress, RegistrationStep};
pub use questions::{CATALOGUE, SecurityQuestion, normalise_answer};

use portal_common::db::Connection;
use secrecy::{ExposeSecret, SecretString};

use super::AuthDomain;
use super::credential_change::CredentialChange;
use super::login::LoginOutcome;
use super::messages;
use super::model::audit::{AuditEvent, EventKind};
use super::model::{Principal, RequestContext, SessionScope};
use super::sessions::NewSession;
use crate::error::{AuthError, FieldViolation, Reason};
use crate::store::{organizations, registration as store, sessions, users};

const MAX_NAME_CHARS: usize = 100;

/// What `GetRegistration` shows.
#[derive(Debug)]
pub struct RegistrationStatus {
    pub principal: Principal,
    pub progress: Progress,
    pub terms_version: String,
    /// When a verification code may next be sent; `None` means now.
    pub resend_available_at: Option<portal_common::UtcTime>,
}

impl AuthDomain {
    /// The principal of a REGISTRATION session; a FULL session is refused.
    pub async fn require_registration_session(&self, token: &str) -> Result<Principal, AuthError> {
        let principal = self.validate_session(token).await?;
        if principal.scope != SessionScope::Registration {
            return Err(AuthError::PermissionDenied {
                reason: Reason::RegistrationSessionRequired,
                message: messages::REGISTRATION_SESSION_REQUIRED,
            });
        }
        // Registration is over once the account is ACTIVE: a registration
        // session left behind can do nothing more.
        if principal.account.state != super::model::AccountState::Invited {
            return Err(AuthError::SessionInvalid);
        }
        Ok(principal)
    }

    pub(crate) async fn pending_steps(
        &self,
        conn: &mut Connection,
        user_id: &str,
    ) -> Result<Vec<RegistrationStep>, AuthError> {
        Ok(store::progress(conn, user_id)
            .await?
            .pending(&self.terms.version))
    }

    pub async fn registration_status(&self, token: &str) -> Result<RegistrationStatus, AuthError> {
        let principal = self.require_registration_session(token).await?;
        let mut conn = self.db.pool().acquire().await?;
        let progress = store::progress(&mut conn, &principal.account.id).await?;
        let now = self.now();
        let sends = Self::recent_sends(&mut conn, &principal.account.id, now).await?;
        let resend_available_at =
            verification::next_send_at(&sends, now, &self.verification).map(|(_, at)| at);
        Ok(RegistrationStatus {
            principal,
            progress,
            terms_version: self.terms.version.clone(),
            resend_available_at,
        })
    }

    pub fn terms(&self) -> (&str, &str) {
        (&self.terms.version, &self.terms.text)
    }

    pub async fn update_profile(
        &self,
        token: &str,
        first_name: &str,
        last_name: &str,
        context: &RequestContext,
    ) -> Result<Vec<RegistrationStep>, AuthError> {
        let principal = self.require_registration_session(token).await?;
        let first_name = parse_name(first_name, "first_name");
        let last_name = parse_name(last_name, "last_name");
        let (first_name, last_name) = match (first_name, last_name) {
            (Ok(first), Ok(last)) => (first, last),
            (first, last) => {
                let violations = [first.err(), last.err()].into_iter().flatten().collect();
                return Err(AuthError::InvalidArgument(violations));
            }
        };
        let mut tx = self.db.begin().await?;
        store::set_profile(
            &mut tx,
            &principal.account.id,
            &first_name,
            &last_name,
            self.now(),
        )
        .await?;
        self.finish_step(tx, &principal, EventKind::RegistrationProfile, context)
            .await
    }

    pub async fn set_security_answers(
        &self,
        token: &str,
        answers: Vec<(String, SecretString)>,
        context: &RequestContext,
    ) -> Result<Vec<RegistrationStep>, AuthError> {
        let principal = self.require_registration_session(token).await?;
        let normalised = validate_answers(&answers)?;
        let mut hashed = Vec::with_capacity(normalised.len());
        for (question_id, answer) in normalised {
            let hash = self.hasher.hash(answer).await?;
            hashed.push((question_id, hash));
        }
        let mut tx = self.db.begin().await?;
        store::lock_user(&mut tx, &principal.account.id).await?;
        store::replace_answers(&mut tx, &principal.account.id, &hashed).await?;
        self.finish_step(
            tx,
            &principal,
            EventKind::RegistrationSecurityQuestions,
            context,
        )
        .await
    }

    pub async fn set_registration_password(
        &self,
        token: &str,
        password: SecretString,
        context: &RequestContext,
    ) -> Result<Vec<RegistrationStep>, AuthError> {
        let principal = self.require_registration_session(token).await?;
        let email = principal.account.email.clone();
        let violations = self.policy.violations(&password, &email, "new_password");
        if !violations.is_empty() {
            return Err(AuthError::InvalidArgument(violations));
        }
        let hash = self.hasher.hash(password).await?;
        let mut tx = self.db.begin().await?;
        self.credentials_changed(
            &mut tx,
            &principal.account.id,
            CredentialChange::PasswordChanged,
        )
        .await?;
        users::set_password_hash(&mut tx, &principal.account.id, &hash, self.now()).await?;
        self.finish_step(tx, &principal, EventKind::RegistrationPassword, context)
            .await
    }

    pub async fn accept_terms(
        &self,
        token: &str,
        version: &str,
        context: &RequestContext,
    ) -> Result<Vec<RegistrationStep>, AuthError> {
        let principal = self.require_registration_session(token).await?;
        if version != self.terms.version {
            return Err(AuthError::InvalidField {
                reason: Reason::TermsVersionOutdated,
                message: messages::TERMS_OUTDATED,
                field: "terms_version",
                description: format!("the current version is {}", self.terms.version),
            });
        }
        let mut tx = self.db.begin().await?;
        store::set_accepted_terms(
            &mut tx,
            &principal.account.id,
            &self.terms.version,
            self.now(),
        )
        .await?;
        self.finish_step(tx, &principal, EventKind::RegistrationTerms, context)
            .await
    }

    /// All steps done → the account is ACTIVE, the registration session
    /// ends, and a FULL session starts (or `NO_SITES`).
    pub async fn complete_registration(
        &self,
        token: &str,
        context: &RequestContext,
    ) -> Result<LoginOutcome, AuthError> {
        let principal = self.require_registration_session(token).await?;
        let user_id = principal.account.id.clone();
        let now = self.now();
        let mut tx = self.db.begin().await?;
        store::lock_user(&mut tx, &user_id).await?;
        let pending = self.pending_steps(&mut tx, &user_id).await?;
        if !pending.is_empty() {
            return Err(AuthError::FailedPrecondition {
                reason: Reason::RegistrationIncomplete,
                message: format!(
                    "{} Missing: {}.",
                    messages::REGISTRATION_STEPS_MISSING,
                    pending
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                missing: pending
                    .iter()
                    .map(|step| {
                        (
                            "REGISTRATION_STEP".to_owned(),
                            step.as_str().to_owned(),
                            "not done yet".to_owned(),
                        )
                    })
                    .collect(),
            });
        }
        if !store::activate(&mut tx, &user_id, now).await? {
            return Err(AuthError::SessionInvalid);
        }
        // Every registration session of the account ends, not only this one.
        sessions::revoke_scope(&mut tx, &user_id, SessionScope::Registration, now).await?;
        crate::store::audit::record(
            &mut tx,
            &AuditEvent {
                at: now,
                kind: EventKind::RegistrationCompleted,
                user_id: Some(&user_id),
                email: principal.account.email.as_str(),
                context,
                detail: "",
            },
        )
        .await?;
        let (mut account, _) = users::find_by_id(&mut tx, &user_id)
            .await?
            .ok_or(AuthError::SessionInvalid)?;
        if account.site_ids.is_empty() && !account.may_sign_in_without_sites() {
            tx.commit().await?;
            self.sessions_changed();
            self.audit(AuditEvent {
                at: now,
                kind: EventKind::LoginNoSites,
                user_id: Some(&user_id),
                email: account.email.as_str(),
                context,
                detail: "",
            })
            .await?;
            return Err(AuthError::NoSites);
        }
        let (token, session) = self
            .open_session(
                &mut tx,
                NewSession {
                    user_id: &user_id,
                    scope: SessionScope::Full,
                },
                context,
            )
            .await?;
        let sites = organizations::granted_sites(&mut tx, &user_id).await?;
        tx.commit().await?;
        self.sessions_changed();
        account.state = super::model::AccountState::Active;
        Ok(LoginOutcome {
            token,
            expires_at: session.expires_at(),
            scope: SessionScope::Full,
            pending_steps: Vec::new(),
            account,
            sites,
        })
    }

    /// Adds the step's audit row to `tx`, commits, and answers what is
    /// still pending.
    pub(crate) async fn finish_step(
        &self,
        mut tx: portal_common::db::WriteTransaction,
        principal: &Principal,
        kind: EventKind,
        context: &RequestContext,
    ) -> Result<Vec<RegistrationStep>, AuthError> {
        crate::store::audit::record(
            &mut tx,
            &AuditEvent {
                at: self.now(),
                kind,
                user_id: Some(&principal.account.id),
                email: principal.account.email.as_str(),
                context,
                detail: "",
            },
        )
        .await?;
        let pending = self.pending_steps(&mut tx, &principal.account.id).await?;
        tx.commit().await?;
        Ok(pending)
    }
}

/// A first or last name (see `portal_common::text::person_name`).
fn parse_name(raw: &str, field: &str) -> Result<String, FieldViolation> {
    portal_common::text::person_name(field, raw, MAX_NAME_CHARS)
}

/// Exactly 3 answers to 3 distinct catalogue questions, none empty; returns
/// them normalised.
fn validate_answers(
    answers: &[(String, SecretString)],
) -> Result<Vec<(String, SecretString)>, AuthError> {
    let mut violations = Vec::new();
    if answers.len() != questions::REQUIRED_ANSWERS {
        violations.push(FieldViolation::new(
            "answers",
            "exactly 3 answers are required",
        ));
    }
    let mut seen = Vec::new();
    let mut normalised = Vec::new();
    for (index, (question_id, answer)) in answers.iter().enumerate() {
        if questions::find(question_id).is_none() {
            violations.push(FieldViolation::new(
                format!("answers[{index}].question_id"),
                "is not a question of the catalogue",
            ));
        } else if seen.contains(question_id) {
            violations.push(FieldViolation::new(
                format!("answers[{index}].question_id"),
                "the same question is answered twice",
            ));
        }
        seen.push(question_id.clone());
        let answer = normalise_answer(answer.expose_secret());
        if answer.is_empty() {
            violations.push(FieldViolation::new(
                format!("answers[{index}].answer"),
                "must not be empty",
            ));
        } else if answer.chars().count() > questions::MAX_ANSWER_CHARS {
            violations.push(FieldViolation::new(
                format!("answers[{index}].answer"),
                "must be at most 100 characters",
            ));
        }
        normalised.push((question_id.clone(), SecretString::from(answer)));
    }
    if violations.is_empty() {
        Ok(normalised)
    } else {
        Err(AuthError::InvalidArgument(violations))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_name;

    #[test]
    fn names_are_trimmed_and_need_a_letter_in_any_script() {
        assert_eq!(
            parse_name("  Zoë   Ann ", "first_name").ok().as_deref(),
            Some("Zoë Ann")
        );
        assert!(parse_name("李", "first_name").is_ok());
        for refused in ["", "   ", "😀😀", "---", "12"] {
            assert!(parse_name(refused, "first_name").is_err(), "{refused:?}");
        }
    }
}
