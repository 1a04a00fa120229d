//! Forgot password: both options, unlock, and the safety of unknown emails.

use std::time::Duration;

use portal_proto::auth::v1::password_reset_service_client::PasswordResetServiceClient;
use portal_proto::auth::v1::{
    AnswerSecurityQuestionsRequest, CompletePasswordResetRequest, RequestPasswordResetEmailRequest,
    SecurityAnswer, SessionScope, StartSecurityQuestionResetRequest, ValidateSessionRequest,
};
use portal_tests::grpc::failure;
use portal_tests::registration::{NEW_PASSWORD, register, reset_token};
use tonic::Code;
use tonic::transport::Channel;

use super::invite::invited_session;
use super::{Fixture, WRONG_PASSWORD, fixture, login};

pub const EMAIL: &str = "jane@example.com";
pub const RESET_PASSWORD: &str = "saffron-meadow-beacon-19";

/// An active, registered user (answers: Rex / Elm Street / Hillside
/// Primary; password NEW_PASSWORD) and a reset client.
pub async fn registered() -> anyhow::Result<(Fixture, PasswordResetServiceClient<Channel>)> {
    let mut f = fixture().await?;
    let token = invited_session(&mut f, EMAIL).await?;
    register(f.auth.channel().await?, &f.smtp, EMAIL, &token).await??;
    let reset = PasswordResetServiceClient::new(f.auth.channel().await?);
    Ok((f, reset))
}

pub async fn lock(f: &mut Fixture) -> anyhow::Result<()> {
    for _ in 0..3 {
        let _ = login(&mut f.client, EMAIL, WRONG_PASSWORD).await;
    }
    assert_eq!(
        failure(login(&mut f.client, EMAIL, NEW_PASSWORD).await)?.reason,
        "ACCOUNT_LOCKED"
    );
    Ok(())
}

pub fn complete(token: &str, password: &str) -> CompletePasswordResetRequest {
    CompletePasswordResetRequest {
        reset_token: token.into(),
        new_password: password.into(),
    }
}

fn answer(id: &str, text: &str) -> SecurityAnswer {
    SecurityAnswer {
        question_id: id.into(),
        answer: text.into(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_account_resets_by_email_and_signs_in_with_the_new_password() -> anyhow::Result<()>
{
    let (mut f, mut reset) = registered().await?;
    let old_session = login(&mut f.client, EMAIL, NEW_PASSWORD)
        .await?
        .into_inner()
        .session_token;
    lock(&mut f).await?;

    reset
        .request_password_reset_email(RequestPasswordResetEmailRequest {
            email: EMAIL.into(),
        })
        .await?;
    let token = reset_token(&f.smtp, EMAIL, 1).await?;
    assert_eq!(token.len(), 43, "32 random bytes, base64url");
    reset
        .complete_password_reset(complete(&token, RESET_PASSWORD))
        .await?;

    let signed_in = login(&mut f.client, EMAIL, RESET_PASSWORD)
        .await?
        .into_inner();
    assert_eq!(signed_in.scope(), SessionScope::Full);
    let old = failure(login(&mut f.client, EMAIL, NEW_PASSWORD).await)?;
    assert_eq!(old.reason, "INVALID_CREDENTIALS");
    let ended = failure(
        f.client
            .validate_session(ValidateSessionRequest {
                session_token: old_session,
            })
            .await,
    )?;
    assert_eq!(ended.code, Code::Unauthenticated);
    let changed = f
        .smtp
        .wait_for_subject(EMAIL, "Your portal password was changed", 1)
        .await?;
    assert!(changed.body.contains("changed"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_account_resets_with_its_security_questions() -> anyhow::Result<()> {
    let (mut f, mut reset) = registered().await?;
    lock(&mut f).await?;

    let started = reset
        .start_security_question_reset(StartSecurityQuestionResetRequest {
            email: EMAIL.into(),
        })
        .await?
        .into_inner();
    let ids: Vec<&str> = started.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, vec!["first-pet", "childhood-street", "first-school"]);
    let issued = reset
        .answer_security_questions(AnswerSecurityQuestionsRequest {
            reset_flow_id: started.reset_flow_id.clone(),
            answers: vec![
                answer("first-pet", "  REX "),
                answer("childhood-street", "elm   street"),
                answer("first-school", "Hillside Primary"),
            ],
        })
        .await?
        .into_inner();
    reset
        .complete_password_reset(complete(&issued.reset_token, RESET_PASSWORD))
        .await?;

    login(&mut f.client, EMAIL, RESET_PASSWORD).await?;
    let reused_flow = failure(
        reset
            .answer_security_questions(AnswerSecurityQuestionsRequest {
                reset_flow_id: started.reset_flow_id,
                answers: vec![
                    answer("first-pet", "rex"),
                    answer("childhood-street", "elm street"),
                    answer("first-school", "hillside primary"),
                ],
            })
            .await,
    )?;
    assert_eq!(reused_flow.reason, "RESET_FLOW_INVALID");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_email_gets_stable_decoy_questions_that_never_match() -> anyhow::Result<()> {
    let (f, mut reset) = registered().await?;
    let start = |email: &str| StartSecurityQuestionResetRequest {
        email: email.into(),
    };

    let real = reset
        .start_security_question_reset(start(EMAIL))
        .await?
        .into_inner();
    let first = reset
        .start_security_question_reset(start("ghost@example.com"))
        .await?
        .into_inner();
    let second = reset
        .start_security_question_reset(start("GHOST@example.com "))
        .await?
        .into_inner();
    let mut others = Vec::new();
    for other in [
        "phantom@example.com",
        "wraith@example.com",
        "spectre@example.com",
    ] {
        others.push(
            reset
                .start_security_question_reset(start(other))
                .await?
                .into_inner()
                .questions,
        );
    }

    assert_eq!(
        first.questions, second.questions,
        "stable for the same email"
    );
    assert!(
        others.iter().any(|q| *q != first.questions),
        "other emails get other decoys"
    );
    assert_eq!(first.questions.len(), real.questions.len());
    assert_eq!(first.reset_flow_id.len(), real.reset_flow_id.len());
    assert_ne!(first.reset_flow_id, second.reset_flow_id);
    let expiry = |r: &portal_proto::auth::v1::StartSecurityQuestionResetResponse| {
        r.expires_at
            .as_ref()
            .map(|t| t.seconds - f.auth.clock_now_seconds())
    };
    assert_eq!(expiry(&first), expiry(&real));

    let answers = first
        .questions
        .iter()
        .map(|q| answer(&q.id, "anything"))
        .collect();
    let refused = failure(
        reset
            .answer_security_questions(AnswerSecurityQuestionsRequest {
                reset_flow_id: first.reset_flow_id,
                answers,
            })
            .await,
    )?;
    assert_eq!(refused.code, Code::InvalidArgument);
    assert_eq!(refused.reason, "SECURITY_ANSWERS_INCORRECT");

    let known = reset
        .request_password_reset_email(RequestPasswordResetEmailRequest {
            email: EMAIL.into(),
        })
        .await?;
    let unknown = reset
        .request_password_reset_email(RequestPasswordResetEmailRequest {
            email: "ghost@example.com".into(),
        })
        .await?;
    assert_eq!(known.into_inner(), unknown.into_inner());
    reset_token(&f.smtp, EMAIL, 1).await?;
    f.auth.domain.flush_mail().await?;
    assert!(
        f.smtp.messages_to("ghost@example.com").is_empty(),
        "nothing sent to unknown emails"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn three_wrong_answers_lock_the_question_option_but_not_the_email_option()
-> anyhow::Result<()> {
    let (f, mut reset) = registered().await?;
    let started = reset
        .start_security_question_reset(StartSecurityQuestionResetRequest {
            email: EMAIL.into(),
        })
        .await?
        .into_inner();
    let wrong = || AnswerSecurityQuestionsRequest {
        reset_flow_id: started.reset_flow_id.clone(),
        answers: vec![
            answer("first-pet", "Fido"),
            answer("childhood-street", "Elm Street"),
            answer("first-school", "Hillside Primary"),
        ],
    };

    for _ in 0..3 {
        let refused = failure(reset.answer_security_questions(wrong()).await)?;
        assert_eq!(refused.reason, "SECURITY_ANSWERS_INCORRECT");
    }
    let locked = failure(reset.answer_security_questions(wrong()).await)?;

    assert_eq!(locked.code, Code::ResourceExhausted);
    assert_eq!(locked.reason, "SECURITY_QUESTIONS_LOCKED");
    assert_eq!(locked.retry_after, Some(Duration::from_secs(30 * 60)));
    reset
        .request_password_reset_email(RequestPasswordResetEmailRequest {
            email: EMAIL.into(),
        })
        .await?;
    let token = reset_token(&f.smtp, EMAIL, 1).await?;
    reset
        .complete_password_reset(complete(&token, RESET_PASSWORD))
        .await?;
    // The completed reset lifted the question lock too.
    let fresh = reset
        .start_security_question_reset(StartSecurityQuestionResetRequest {
            email: EMAIL.into(),
        })
        .await?
        .into_inner();
    let again = failure(
        reset
            .answer_security_questions(AnswerSecurityQuestionsRequest {
                reset_flow_id: fresh.reset_flow_id,
                ..wrong()
            })
            .await,
    )?;
    assert_eq!(again.reason, "SECURITY_ANSWERS_INCORRECT");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_security_question_flow_expires_after_10_minutes() -> anyhow::Result<()> {
    let (f, mut reset) = registered().await?;
    let started = reset
        .start_security_question_reset(StartSecurityQuestionResetRequest {
            email: EMAIL.into(),
        })
        .await?
        .into_inner();

    f.auth.clock.advance(Duration::from_secs(10 * 60));
    let expired = failure(
        reset
            .answer_security_questions(AnswerSecurityQuestionsRequest {
                reset_flow_id: started.reset_flow_id,
                answers: vec![
                    answer("first-pet", "Rex"),
                    answer("childhood-street", "Elm Street"),
                    answer("first-school", "Hillside Primary"),
                ],
            })
            .await,
    )?;

    assert_eq!(expired.code, Code::InvalidArgument);
    assert_eq!(expired.reason, "RESET_FLOW_INVALID");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_emails_question_option_locks_exactly_like_a_real_one() -> anyhow::Result<()> {
    let (f, mut reset) = registered().await?;
    let mut sequence = Vec::new();
    for email in [EMAIL, "ghost@example.com"] {
        let started = reset
            .start_security_question_reset(StartSecurityQuestionResetRequest {
                email: email.into(),
            })
            .await?
            .into_inner();
        let wrong = || AnswerSecurityQuestionsRequest {
            reset_flow_id: started.reset_flow_id.clone(),
            answers: started
                .questions
                .iter()
                .map(|q| answer(&q.id, "wrong"))
                .collect(),
        };
        let mut seen = Vec::new();
        for _ in 0..4 {
            let refused = failure(reset.answer_security_questions(wrong()).await)?;
            seen.push((
                refused.code,
                refused.reason,
                refused.message,
                refused.retry_after,
            ));
        }
        sequence.push(seen);
    }

    assert_eq!(sequence[0], sequence[1]);
    assert_eq!(sequence[0][3].1, "SECURITY_QUESTIONS_LOCKED");
    // 30 minutes later the option works again.
    f.auth.clock.advance(Duration::from_secs(30 * 60));
    let started = reset
        .start_security_question_reset(StartSecurityQuestionResetRequest {
            email: EMAIL.into(),
        })
        .await?
        .into_inner();
    reset
        .answer_security_questions(AnswerSecurityQuestionsRequest {
            reset_flow_id: started.reset_flow_id,
            answers: vec![
                answer("first-pet", "rex"),
                answer("childhood-street", "elm street"),
                answer("first-school", "hillside primary"),
            ],
        })
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_token_spent_twice_at_once_works_exactly_once() -> anyhow::Result<()> {
    let (f, mut reset) = registered().await?;
    reset
        .request_password_reset_email(RequestPasswordResetEmailRequest {
            email: EMAIL.into(),
        })
        .await?;
    let token = reset_token(&f.smtp, EMAIL, 1).await?;

    let mut a = reset.clone();
    let mut b = reset.clone();
    let (first, second) = tokio::join!(
        a.complete_password_reset(complete(&token, RESET_PASSWORD)),
        b.complete_password_reset(complete(&token, "another-long-passphrase-5")),
    );

    assert_eq!(
        [first.is_ok(), second.is_ok()]
            .iter()
            .filter(|ok| **ok)
            .count(),
        1,
        "exactly one reset wins"
    );
    Ok(())
}
