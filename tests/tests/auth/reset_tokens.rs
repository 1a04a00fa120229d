//! Reset tokens: single use, 60-minute life, voided by newer ones; the
//! per-account email limit; and a reset that finishes a registration.

use std::time::Duration;

use portal_proto::auth::v1::password_reset_service_client::PasswordResetServiceClient;
use portal_proto::auth::v1::{
    CheckPasswordResetTokenRequest, RegistrationStep, RequestPasswordResetEmailRequest,
    SessionScope,
};
use portal_tests::grpc::failure;
use portal_tests::registration::{NEW_PASSWORD, reset_token};
use tonic::Code;

use super::invite::{onboard, provision};
use super::reset::{EMAIL, RESET_PASSWORD, complete, registered};
use super::{fixture, login};

fn request() -> RequestPasswordResetEmailRequest {
    RequestPasswordResetEmailRequest {
        email: EMAIL.into(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn complete_password_reset_refuses_bad_tokens_and_changes_nothing() -> anyhow::Result<()> {
    let (mut f, mut reset) = registered().await?;
    reset.request_password_reset_email(request()).await?;
    let first = reset_token(&f.smtp, EMAIL, 1).await?;
    f.auth.clock.advance(Duration::from_secs(61));
    reset.request_password_reset_email(request()).await?;
    let second = reset_token(&f.smtp, EMAIL, 2).await?;

    let voided = failure(
        reset
            .complete_password_reset(complete(&first, RESET_PASSWORD))
            .await,
    )?;
    let made_up = failure(
        reset
            .complete_password_reset(complete(&"A".repeat(43), RESET_PASSWORD))
            .await,
    )?;
    let empty = failure(
        reset
            .complete_password_reset(complete("", RESET_PASSWORD))
            .await,
    )?;
    let weak = failure(
        reset
            .complete_password_reset(complete(&second, "short"))
            .await,
    )?;

    for refused in [&voided, &made_up] {
        assert_eq!(refused.code, Code::InvalidArgument);
        assert_eq!(refused.reason, "RESET_TOKEN_INVALID");
    }
    assert_eq!(empty.fields, vec!["reset_token".to_string()]);
    assert_eq!(weak.fields, vec!["new_password".to_string()]);
    login(&mut f.client, EMAIL, NEW_PASSWORD).await?; // nothing changed

    reset
        .complete_password_reset(complete(&second, RESET_PASSWORD))
        .await?;
    let reused = failure(
        reset
            .complete_password_reset(complete(&second, "another-long-passphrase-5"))
            .await,
    )?;
    assert_eq!(reused.reason, "RESET_TOKEN_INVALID");
    login(&mut f.client, EMAIL, RESET_PASSWORD).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_token_expires_after_60_minutes() -> anyhow::Result<()> {
    let (mut f, mut reset) = registered().await?;
    reset.request_password_reset_email(request()).await?;
    let token = reset_token(&f.smtp, EMAIL, 1).await?;

    f.auth.clock.advance(Duration::from_secs(60 * 60));
    let expired = failure(
        reset
            .complete_password_reset(complete(&token, RESET_PASSWORD))
            .await,
    )?;

    assert_eq!(expired.reason, "RESET_TOKEN_INVALID");
    login(&mut f.client, EMAIL, NEW_PASSWORD).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_emails_are_limited_to_one_a_minute_and_five_an_hour() -> anyhow::Result<()> {
    let (f, mut reset) = registered().await?;

    reset.request_password_reset_email(request()).await?;
    reset_token(&f.smtp, EMAIL, 1).await?;
    reset.request_password_reset_email(request()).await?; // within the minute: dropped
    f.auth.domain.flush_mail().await?;
    // The email is queued after the reply, so wait for each before moving
    // the clock on.
    for sent in 2..=5 {
        f.auth.clock.advance(Duration::from_secs(61));
        reset.request_password_reset_email(request()).await?;
        reset_token(&f.smtp, EMAIL, sent).await?;
    }
    f.auth.clock.advance(Duration::from_secs(61));
    reset.request_password_reset_email(request()).await?; // sixth in the hour: dropped
    f.auth.domain.flush_mail().await?;

    let sent = f
        .smtp
        .messages_with_subject(EMAIL, "Reset your portal password")
        .len();
    assert_eq!(sent, 5, "one dropped for the minute, one for the hour");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_after_the_temporary_password_expired_completes_the_password_step()
-> anyhow::Result<()> {
    let mut f = fixture().await?;
    let mut onboarded = onboard(&mut f).await?;
    let temporary = provision(&f, &mut onboarded, EMAIL, true).await?;
    f.auth.clock.advance(Duration::from_secs(16 * 60));
    let expired = failure(login(&mut f.client, EMAIL, &temporary).await)?;
    assert_eq!(expired.reason, "TEMPORARY_PASSWORD_EXPIRED");
    let mut reset = PasswordResetServiceClient::new(f.auth.channel().await?);

    reset.request_password_reset_email(request()).await?;
    let token = reset_token(&f.smtp, EMAIL, 1).await?;
    reset
        .complete_password_reset(complete(&token, RESET_PASSWORD))
        .await?;

    let resumed = login(&mut f.client, EMAIL, RESET_PASSWORD)
        .await?
        .into_inner();
    assert_eq!(resumed.scope(), SessionScope::Registration);
    assert!(
        !resumed
            .pending_steps
            .contains(&(RegistrationStep::Password as i32))
    );
    assert!(
        resumed
            .pending_steps
            .contains(&(RegistrationStep::Terms as i32))
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn check_password_reset_token_names_the_account_of_a_live_token_only() -> anyhow::Result<()> {
    let (f, mut reset) = registered().await?;
    reset.request_password_reset_email(request()).await?;
    let token = reset_token(&f.smtp, EMAIL, 1).await?;
    let check = |token: &str| CheckPasswordResetTokenRequest {
        reset_token: token.into(),
    };

    let live = reset
        .check_password_reset_token(check(&token))
        .await?
        .into_inner();
    reset
        .check_password_reset_token(check(&token))
        .await
        .map_err(|status| anyhow::anyhow!("checking twice spends nothing: {status:?}"))?;
    let made_up = failure(
        reset
            .check_password_reset_token(check(&"A".repeat(43)))
            .await,
    )?;
    reset
        .complete_password_reset(complete(&token, RESET_PASSWORD))
        .await?;
    let used = failure(reset.check_password_reset_token(check(&token)).await)?;
    let empty = failure(reset.check_password_reset_token(check("")).await)?;

    assert_eq!(live.email, EMAIL);
    for refused in [&made_up, &used] {
        assert_eq!(refused.code, Code::InvalidArgument);
        assert_eq!(refused.reason, "RESET_TOKEN_INVALID");
    }
    assert_eq!(empty.fields, vec!["reset_token".to_string()]);
    Ok(())
}
