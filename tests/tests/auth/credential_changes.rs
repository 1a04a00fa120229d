//! Every credential or standing change voids the one-time credentials
//! issued before it: reset links, question-reset flows, temporary
//! passwords and verification codes.

use portal_proto::auth::v1::admin_service_client::AdminServiceClient;
use portal_proto::auth::v1::password_reset_service_client::PasswordResetServiceClient;
use portal_proto::auth::v1::{
    AnswerSecurityQuestionsRequest, ChangePasswordRequest, DisableUserRequest,
    RequestPasswordResetEmailRequest, ResendAccessEmailRequest, SecurityAnswer,
    StartSecurityQuestionResetRequest,
};
use portal_tests::TestDatabase;
use portal_tests::grpc::{failure, with_bearer};
use portal_tests::registration::{NEW_PASSWORD, reset_token};
use tonic::Code;
use tonic::transport::Channel;

use super::invite::{ADMIN, onboard, provision};
use super::reset::{EMAIL, RESET_PASSWORD, complete, registered};
use super::{PASSWORD, fixture, login};

const CHANGED_PASSWORD: &str = "copper-willow-signal-73";

fn reset_email() -> RequestPasswordResetEmailRequest {
    RequestPasswordResetEmailRequest {
        email: EMAIL.into(),
    }
}

/// Completing a reset with `token` now is refused: `RESET_TOKEN_INVALID`.
async fn assert_link_refused(
    reset: &mut PasswordResetServiceClient<Channel>,
    token: &str,
) -> anyhow::Result<()> {
    let refused = failure(
        reset
            .complete_password_reset(complete(token, RESET_PASSWORD))
            .await,
    )?;
    assert_eq!(refused.code, Code::InvalidArgument, "{refused:?}");
    assert_eq!(refused.reason, "RESET_TOKEN_INVALID", "{refused:?}");
    Ok(())
}

/// Reset tokens of the deployment that are neither used nor voided.
async fn live_reset_tokens(db: &TestDatabase) -> anyhow::Result<i64> {
    let pool = db.connect("auth.db").await?;
    let count = sqlx::query_scalar(
        "SELECT COUNT(*) FROM reset_tokens WHERE used_at IS NULL AND voided_at IS NULL",
    )
    .fetch_one(&pool)
    .await?;
    pool.close().await;
    Ok(count)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_link_dies_when_the_owner_changes_the_password() -> anyhow::Result<()> {
    let (mut f, mut reset) = registered().await?;
    reset.request_password_reset_email(reset_email()).await?;
    let token = reset_token(&f.smtp, EMAIL, 1).await?;
    let session = login(&mut f.client, EMAIL, NEW_PASSWORD)
        .await?
        .into_inner()
        .session_token;

    f.client
        .change_password(with_bearer(
            ChangePasswordRequest {
                current_password: NEW_PASSWORD.into(),
                new_password: CHANGED_PASSWORD.into(),
            },
            &session,
        )?)
        .await?;
    assert_link_refused(&mut reset, &token).await?;
    login(&mut f.client, EMAIL, CHANGED_PASSWORD).await?;
    let old_link_password = failure(login(&mut f.client, EMAIL, RESET_PASSWORD).await)?;
    assert_eq!(old_link_password.reason, "INVALID_CREDENTIALS");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_by_email_voids_a_question_flow_started_before_it() -> anyhow::Result<()> {
    let (f, mut reset) = registered().await?;
    let flow = reset
        .start_security_question_reset(StartSecurityQuestionResetRequest {
            email: EMAIL.into(),
        })
        .await?
        .into_inner();
    reset.request_password_reset_email(reset_email()).await?;
    let token = reset_token(&f.smtp, EMAIL, 1).await?;

    reset
        .complete_password_reset(complete(&token, RESET_PASSWORD))
        .await?;
    let answers = [
        ("first-pet", "Rex"),
        ("childhood-street", "Elm Street"),
        ("first-school", "Hillside Primary"),
    ]
    .into_iter()
    .map(|(id, text)| SecurityAnswer {
        question_id: id.into(),
        answer: text.into(),
    })
    .collect();
    let refused = failure(
        reset
            .answer_security_questions(AnswerSecurityQuestionsRequest {
                reset_flow_id: flow.reset_flow_id,
                answers,
            })
            .await,
    )?;

    assert_eq!(refused.reason, "RESET_FLOW_INVALID", "{refused:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_temporary_password_voids_reset_links_and_the_old_one() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let mut onboarded = onboard(&mut f).await?;
    let first = provision(&f, &mut onboarded, EMAIL, true).await?;
    let mut reset = PasswordResetServiceClient::new(f.auth.channel().await?);
    reset.request_password_reset_email(reset_email()).await?;
    let token = reset_token(&f.smtp, EMAIL, 1).await?;
    let user_id = f.auth.domain_user_id(EMAIL).await?;

    onboarded
        .admin
        .resend_access_email(with_bearer(
            ResendAccessEmailRequest { user_id },
            &onboarded.admin_token,
        )?)
        .await?;
    let second = portal_tests::registration::temporary_password(&f.smtp, EMAIL, 2).await?;

    assert_link_refused(&mut reset, &token).await?;
    let old = failure(login(&mut f.client, EMAIL, &first).await)?;
    assert_eq!(old.reason, "INVALID_CREDENTIALS");
    login(&mut f.client, EMAIL, &second).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn disabling_an_account_voids_its_reset_links() -> anyhow::Result<()> {
    let (mut f, mut reset) = registered().await?;
    reset.request_password_reset_email(reset_email()).await?;
    let token = reset_token(&f.smtp, EMAIL, 1).await?;
    assert_eq!(live_reset_tokens(&f.db).await?, 1);
    let admin_token = login(&mut f.client, ADMIN, PASSWORD)
        .await?
        .into_inner()
        .session_token;
    let mut admin = AdminServiceClient::new(f.auth.channel().await?);

    admin
        .disable_user(with_bearer(
            DisableUserRequest {
                user_id: f.auth.domain_user_id(EMAIL).await?,
            },
            &admin_token,
        )?)
        .await?;

    assert_eq!(
        live_reset_tokens(&f.db).await?,
        0,
        "voided, not only hidden"
    );
    assert_link_refused(&mut reset, &token).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn choosing_the_password_during_registration_voids_an_earlier_reset_link()
-> anyhow::Result<()> {
    use portal_proto::auth::v1::SetPasswordRequest;
    use portal_proto::auth::v1::registration_service_client::RegistrationServiceClient;
    let mut f = fixture().await?;
    let mut onboarded = onboard(&mut f).await?;
    let temporary = provision(&f, &mut onboarded, EMAIL, true).await?;
    let mut reset = PasswordResetServiceClient::new(f.auth.channel().await?);
    reset.request_password_reset_email(reset_email()).await?;
    let token = reset_token(&f.smtp, EMAIL, 1).await?;
    let session = login(&mut f.client, EMAIL, &temporary)
        .await?
        .into_inner()
        .session_token;

    RegistrationServiceClient::new(f.auth.channel().await?)
        .set_password(with_bearer(
            SetPasswordRequest {
                new_password: CHANGED_PASSWORD.into(),
            },
            &session,
        )?)
        .await?;

    assert_link_refused(&mut reset, &token).await?;
    assert_eq!(live_reset_tokens(&f.db).await?, 0);
    Ok(())
}
