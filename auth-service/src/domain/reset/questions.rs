//! The security-question option: start a flow, answer its 3 questions.

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use tracing::instrument;

use super::{FLOW_LIFE, IssuedToken};
use crate::domain::AuthDomain;
use crate::domain::attempts::Admission;
use crate::domain::messages;
use crate::domain::model::audit::{AuditEvent, EventKind};
use crate::domain::model::{AccountState, RequestContext};
use crate::domain::registration::{CATALOGUE, SecurityQuestion, normalise_answer};
use crate::domain::tokens;
use crate::error::{AuthError, FieldViolation, Reason};
use crate::store::reset as store;
use crate::store::users;
use portal_common::UtcTime;
use portal_common::email::Email;

const QUESTIONS: usize = 3;

/// What `StartSecurityQuestionReset` answers.
#[derive(Debug)]
pub struct QuestionResetStarted {
    pub flow_id: SecretString,
    pub questions: Vec<&'static SecurityQuestion>,
    pub expires_at: UtcTime,
}

/// Three distinct catalogue questions chosen by a keyed hash of the email:
/// the same email always gets the same ones, different emails differ, and
/// without the key nobody can tell decoys from real choices.
pub fn decoy_questions(key: &[u8], email: &Email) -> Vec<&'static SecurityQuestion> {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return CATALOGUE.iter().take(QUESTIONS).collect();
    };
    mac.update(b"decoy-questions\0");
    mac.update(email.as_str().as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut chosen: Vec<&'static SecurityQuestion> = Vec::with_capacity(QUESTIONS);
    for byte in digest.iter().cycle().take(256) {
        let question = &CATALOGUE[usize::from(*byte) % CATALOGUE.len()];
        if !chosen.iter().any(|q| q.id == question.id) {
            chosen.push(question);
        }
        if chosen.len() == QUESTIONS {
            break;
        }
    }
    chosen
}

impl AuthDomain {
    #[instrument(skip_all)]
    pub async fn start_security_question_reset(
        &self,
        email: &Email,
    ) -> Result<QuestionResetStarted, AuthError> {
        let mut conn = self.db.pool().acquire().await?;
        let account = users::find_by_email(&mut conn, email.as_str())
            .await?
            .map(|(account, _)| account)
            .filter(|account| account.state != AccountState::Disabled);
        // The answers query runs for unknown emails too, so both paths cost
        // the same.
        let owner = account.as_ref().map_or("", |account| account.id.as_str());
        let answered = store::answer_hashes(&mut conn, owner).await?;
        drop(conn);
        let real: Vec<&'static SecurityQuestion> = answered
            .iter()
            .filter_map(|(id, _)| CATALOGUE.iter().find(|q| q.id == id))
            .collect();
        let (user_id, questions) = match account {
            Some(account) if real.len() == QUESTIONS => (Some(account.id), real),
            _ => (None, decoy_questions(&self.email_key, email)),
        };
        let flow_id = tokens::random_secret();
        let expires_at = self.now().plus(FLOW_LIFE);
        let ids: Vec<&str> = questions.iter().map(|q: &&SecurityQuestion| q.id).collect();
        store::insert_flow(
            &mut *self.db.write_connection().await?,
            &tokens::token_digest(flow_id.expose_secret()),
            user_id.as_deref(),
            &tokens::email_key(&self.email_key, email),
            &ids,
            expires_at,
        )
        .await?;
        Ok(QuestionResetStarted {
            flow_id,
            questions,
            expires_at,
        })
    }

    /// All 3 right → a reset token. Every answer is verified (decoys
    /// against nothing), so right, wrong and decoy cost the same.
    #[instrument(skip_all)]
    pub async fn answer_security_questions(
        &self,
        flow_id: &str,
        answers: Vec<(String, SecretString)>,
        context: &RequestContext,
    ) -> Result<IssuedToken, AuthError> {
        if flow_id.trim().is_empty() {
            return Err(AuthError::invalid("reset_flow_id", "must not be empty"));
        }
        let flow_hash = tokens::token_digest(flow_id.trim());
        let now = self.now();
        let flow = store::flow(self.db.pool(), &flow_hash)
            .await?
            .filter(|flow| !flow.used && now < flow.expires_at)
            .ok_or(AuthError::InvalidField {
                reason: Reason::ResetFlowInvalid,
                message: messages::RESET_FLOW_INVALID,
                field: "reset_flow_id",
                description: "unknown, used or expired".into(),
            })?;
        let given = match_answers(&flow.question_ids, &answers)?;
        let key = Self::question_reset_key(&flow.email_key);
        let mut attempt = match self.admit_attempt(&key, context).await? {
            Admission::Granted(attempt) => attempt,
            Admission::Locked { locked_until } => {
                return Err(AuthError::ResourceExhausted {
                    reason: Reason::SecurityQuestionsLocked,
                    message: messages::SECURITY_QUESTIONS_LOCKED,
                    retry_after: now.until(locked_until),
                });
            }
        };
        // The hashing capacity for all three answers, before any is judged.
        let slots = (0..given.len())
            .map(|_| {
                self.hasher
                    .reserve(crate::domain::attempts::hashing_deadline(context))
            })
            .collect::<Result<Vec<_>, _>>()?;

        let mut conn = self.db.pool().acquire().await?;
        let stored = store::answer_hashes(&mut conn, flow.user_id.as_deref().unwrap_or("")).await?;
        drop(conn);
        let mut all_match = flow.user_id.is_some();
        for ((question_id, answer), slot) in given.into_iter().zip(slots) {
            let hash = stored
                .iter()
                .find(|(id, _)| *id == question_id)
                .map(|(_, h)| h.as_str());
            all_match &= slot.verify(answer, hash).await?;
        }

        let user_id = match (all_match, flow.user_id) {
            (true, Some(user_id)) => user_id,
            (_, user_id) => {
                let limits = self.attempt_limits();
                let mut tx = self.db.begin().await?;
                attempt
                    .failed(
                        &mut tx,
                        limits,
                        limits.now.plus(self.lockout.lock_duration()),
                    )
                    .await?;
                crate::store::audit::record(
                    &mut tx,
                    &AuditEvent {
                        at: now,
                        kind: EventKind::ResetAnswersRejected,
                        user_id: user_id.as_deref(),
                        email: "",
                        context,
                        detail: "",
                    },
                )
                .await?;
                tx.commit().await?;
                attempt.committed();
                return Err(AuthError::InvalidField {
                    reason: Reason::SecurityAnswersIncorrect,
                    message: messages::SECURITY_ANSWERS_INCORRECT,
                    field: "answers",
                    description: "one or more answers do not match".into(),
                });
            }
        };
        attempt
            .succeeded(&mut *self.db.write_connection().await?, now)
            .await?;
        attempt.committed();
        let mut tx = self.db.begin().await?;
        if !store::use_flow(&mut tx, &flow_hash, now).await? {
            return Err(AuthError::InvalidField {
                reason: Reason::ResetFlowInvalid,
                message: messages::RESET_FLOW_INVALID,
                field: "reset_flow_id",
                description: "already used".into(),
            });
        }
        let issued = self.issue_reset_token(&mut tx, &user_id).await?;
        crate::store::audit::record(
            &mut tx,
            &AuditEvent {
                at: now,
                kind: EventKind::ResetTokenIssued,
                user_id: Some(&user_id),
                email: "",
                context,
                detail: "security questions",
            },
        )
        .await?;
        tx.commit().await?;
        Ok(issued)
    }
}

/// The answers, normalised, in the flow's question order; refused unless
/// they answer exactly the flow's questions, none empty.
fn match_answers(
    question_ids: &[String],
    answers: &[(String, SecretString)],
) -> Result<Vec<(String, SecretString)>, AuthError> {
    let mut violations = Vec::new();
    let mut given = Vec::with_capacity(question_ids.len());
    for question_id in question_ids {
        match answers.iter().find(|(id, _)| id == question_id) {
            Some((_, answer)) => {
                let normalised = normalise_answer(answer.expose_secret());
                if normalised.is_empty() {
                    violations.push(FieldViolation::new(
                        format!("answers[{question_id}]"),
                        "must not be empty",
                    ));
                }
                given.push((question_id.clone(), SecretString::from(normalised)));
            }
            None => violations.push(FieldViolation::new(
                format!("answers[{question_id}]"),
                "this question must be answered",
            )),
        }
    }
    if answers.len() != question_ids.len() {
        violations.push(FieldViolation::new(
            "answers",
            "answer exactly the questions of this reset",
        ));
    }
    if violations.is_empty() {
        Ok(given)
    } else {
        Err(AuthError::InvalidArgument(violations))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(text: &str) -> Email {
        match Email::parse(text, "email") {
            Ok(email) => email,
            Err(error) => panic!("{error:?}"),
        }
    }

    #[test]
    fn decoys_are_stable_distinct_and_depend_on_the_email() {
        let first = decoy_questions(b"key", &email("a@example.com"));
        let again = decoy_questions(b"key", &email("a@example.com"));
        assert_eq!(first, again);
        assert_eq!(first.len(), 3);
        let mut ids: Vec<_> = first.iter().map(|q| q.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 3);
        let differing = (0..20)
            .filter(|i| decoy_questions(b"key", &email(&format!("u{i}@example.com"))) != first)
            .count();
        assert!(differing >= 15, "most other emails get other questions");
    }
}
