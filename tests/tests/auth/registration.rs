//! Registration rules: temporary passwords, steps in any order, policy
//! violations, completion with steps missing, and scope separation.

use std::time::Duration;

use auth_service::domain::messages;
use portal_proto::auth::v1::registration_service_client::RegistrationServiceClient;
use portal_proto::auth::v1::{
    CompleteRegistrationRequest, GetRegistrationRequest, ListSessionsRequest, RegistrationStep,
    SecurityAnswer, SetPasswordRequest, SetSecurityAnswersRequest, UpdateProfileRequest,
};
use portal_tests::grpc::{failure, with_bearer};
use portal_tests::registration::{answers, register};
use tonic::Code;
use tonic_types::StatusExt;

use super::invite::{invited_session, onboard, provision};
use super::{PASSWORD, fixture, login};

#[tokio::test(flavor = "multi_thread")]
async fn login_refuses_a_temporary_password_older_than_15_minutes() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let mut onboarded = onboard(&mut f).await?;
    let temporary = provision(&f, &mut onboarded, "jane@example.com", true).await?;

    f.auth.clock.advance(Duration::from_secs(15 * 60 + 1));
    let expired = failure(login(&mut f.client, "jane@example.com", &temporary).await)?;

    assert_eq!(expired.code, Code::Unauthenticated);
    assert_eq!(expired.reason, "TEMPORARY_PASSWORD_EXPIRED");
    assert_eq!(
        expired.message,
        "The temporary password expires within 15 minutes after generating. Click on the \"Forgot Password\" link on the login page to complete the registration."
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_refuses_a_temporary_password_used_once_already() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let mut onboarded = onboard(&mut f).await?;
    let temporary = provision(&f, &mut onboarded, "jane@example.com", true).await?;

    login(&mut f.client, "jane@example.com", &temporary).await?;
    let reused = failure(login(&mut f.client, "jane@example.com", &temporary).await)?;

    assert_eq!(reused.reason, "INVALID_CREDENTIALS");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_temporary_passwords_count_toward_the_lockout() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let mut onboarded = onboard(&mut f).await?;
    let temporary = provision(&f, &mut onboarded, "jane@example.com", true).await?;

    for _ in 0..3 {
        let _ = login(&mut f.client, "jane@example.com", "WRNG-WRNG-WRNG-WRNG").await;
    }
    let locked = failure(login(&mut f.client, "jane@example.com", &temporary).await)?;

    assert_eq!(locked.reason, "ACCOUNT_LOCKED");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_without_sites_completes_registration_and_gets_no_sites() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let mut onboarded = onboard(&mut f).await?;
    let temporary = provision(&f, &mut onboarded, "lonely@example.com", false).await?;
    let token = login(&mut f.client, "lonely@example.com", &temporary)
        .await?
        .into_inner()
        .session_token;

    let refused = register(
        f.auth.channel().await?,
        &f.smtp,
        "lonely@example.com",
        &token,
    )
    .await?
    .expect_err("no sites");

    assert_eq!(refused.code(), Code::PermissionDenied);
    assert_eq!(refused.message(), messages::NO_SITES);
    assert_eq!(
        refused.get_details_error_info().map(|i| i.reason),
        Some("NO_SITES".into())
    );
    let again = failure(
        login(
            &mut f.client,
            "lonely@example.com",
            portal_tests::registration::NEW_PASSWORD,
        )
        .await,
    )?;
    assert_eq!(
        again.reason, "NO_SITES",
        "the account is active, still without sites"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn complete_registration_lists_the_missing_steps() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let token = invited_session(&mut f, "jane@example.com").await?;
    let mut registration = RegistrationServiceClient::new(f.auth.channel().await?);
    registration
        .update_profile(with_bearer(
            UpdateProfileRequest {
                first_name: "Jane".into(),
                last_name: "Doe".into(),
            },
            &token,
        )?)
        .await?;
    // Steps can be repeated.
    registration
        .update_profile(with_bearer(
            UpdateProfileRequest {
                first_name: "Janet".into(),
                last_name: "Doe".into(),
            },
            &token,
        )?)
        .await?;

    let status = registration
        .complete_registration(with_bearer(CompleteRegistrationRequest {}, &token)?)
        .await
        .expect_err("steps missing");

    assert_eq!(status.code(), Code::FailedPrecondition);
    let missing: Vec<String> = status
        .get_details_precondition_failure()
        .map(|p| p.violations.into_iter().map(|v| v.subject).collect())
        .unwrap_or_default();
    assert_eq!(
        missing,
        vec![
            "SECURITY_QUESTIONS",
            "PASSWORD",
            "EMAIL_VERIFICATION",
            "TERMS"
        ]
    );
    let progress = registration
        .get_registration(with_bearer(GetRegistrationRequest {}, &token)?)
        .await?
        .into_inner();
    assert_eq!(progress.first_name, "Janet");
    assert_eq!(
        progress.completed_steps,
        vec![RegistrationStep::Profile as i32]
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn set_password_refuses_policy_violations_and_stores_nothing() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let token = invited_session(&mut f, "jane.doe@example.com").await?;
    let mut registration = RegistrationServiceClient::new(f.auth.channel().await?);
    let cases = [
        "elevenchars".to_string(),
        "password1234".to_string(),
        "my-jane.doe-passphrase".to_string(),
        "x".repeat(129),
    ];

    for password in cases {
        let refused = failure(
            registration
                .set_password(with_bearer(
                    SetPasswordRequest {
                        new_password: password.clone(),
                    },
                    &token,
                )?)
                .await,
        )?;
        assert_eq!(refused.code, Code::InvalidArgument, "{password}");
        assert_eq!(
            refused.fields,
            vec!["new_password".to_string()],
            "{password}"
        );
    }
    let progress = registration
        .get_registration(with_bearer(GetRegistrationRequest {}, &token)?)
        .await?
        .into_inner();
    assert!(
        progress
            .pending_steps
            .contains(&(RegistrationStep::Password as i32))
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn set_security_answers_refuses_bad_answers_and_stores_nothing() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let token = invited_session(&mut f, "jane@example.com").await?;
    let mut registration = RegistrationServiceClient::new(f.auth.channel().await?);
    let answer = |id: &str, text: &str| SecurityAnswer {
        question_id: id.into(),
        answer: text.into(),
    };
    let cases = vec![
        (
            vec![
                answer("first-pet", "a"),
                answer("first-pet", "b"),
                answer("first-job", "c"),
            ],
            "answers[1].question_id",
        ),
        (
            vec![
                answer("first-pet", "a"),
                answer("no-such", "b"),
                answer("first-job", "c"),
            ],
            "answers[1].question_id",
        ),
        (
            vec![
                answer("first-pet", "a"),
                answer("first-car", "  "),
                answer("first-job", "c"),
            ],
            "answers[1].answer",
        ),
        (
            vec![answer("first-pet", "a"), answer("first-car", "b")],
            "answers",
        ),
    ];

    for (answers, field) in cases {
        let refused = failure(
            registration
                .set_security_answers(with_bearer(SetSecurityAnswersRequest { answers }, &token)?)
                .await,
        )?;
        assert_eq!(refused.code, Code::InvalidArgument);
        assert!(
            refused.fields.contains(&field.to_string()),
            "{field}: {:?}",
            refused.fields
        );
    }
    assert_eq!(super::count_rows(&f.db, "security_answers").await?, 0);
    registration
        .set_security_answers(with_bearer(
            SetSecurityAnswersRequest { answers: answers() },
            &token,
        )?)
        .await?;
    assert_eq!(super::count_rows(&f.db, "security_answers").await?, 3);
    let pool = f.db.connect("auth.db").await?;
    let hashes: Vec<String> = sqlx::query_scalar("SELECT answer_hash FROM security_answers")
        .fetch_all(&pool)
        .await?;
    assert!(
        hashes
            .iter()
            .all(|h| h.starts_with("$argon2id$") && !h.to_lowercase().contains("rex"))
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn registration_calls_need_a_registration_session() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let registration_token = invited_session(&mut f, "jane@example.com").await?;
    f.auth
        .create_user("full@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let full_token = login(&mut f.client, "full@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;
    let mut registration = RegistrationServiceClient::new(f.auth.channel().await?);

    let with_full = failure(
        registration
            .get_registration(with_bearer(GetRegistrationRequest {}, &full_token)?)
            .await,
    )?;
    let with_none = failure(
        registration
            .get_registration(GetRegistrationRequest {})
            .await,
    )?;
    let elsewhere = failure(
        f.client
            .list_sessions(with_bearer(ListSessionsRequest {}, &registration_token)?)
            .await,
    )?;

    assert_eq!(with_full.code, Code::PermissionDenied);
    assert_eq!(with_full.reason, "REGISTRATION_SESSION_REQUIRED");
    assert_eq!(with_none.code, Code::Unauthenticated);
    assert_eq!(elsewhere.code, Code::PermissionDenied);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invited_user_who_set_a_password_signs_in_with_it_and_continues() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let token = invited_session(&mut f, "jane@example.com").await?;
    let mut registration = RegistrationServiceClient::new(f.auth.channel().await?);
    registration
        .set_password(with_bearer(
            SetPasswordRequest {
                new_password: portal_tests::registration::NEW_PASSWORD.into(),
            },
            &token,
        )?)
        .await?;

    let again = login(
        &mut f.client,
        "jane@example.com",
        portal_tests::registration::NEW_PASSWORD,
    )
    .await?
    .into_inner();

    assert_eq!(
        again.scope(),
        portal_proto::auth::v1::SessionScope::Registration
    );
    assert!(
        !again
            .pending_steps
            .contains(&(RegistrationStep::Password as i32))
    );
    assert!(
        again
            .pending_steps
            .contains(&(RegistrationStep::Profile as i32))
    );
    Ok(())
}
