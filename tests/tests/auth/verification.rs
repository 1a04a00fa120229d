//! Email verification codes: every limit of the README's "First-time access", codes read from
//! the delivered email.

use std::time::Duration;

use portal_proto::auth::v1::registration_service_client::RegistrationServiceClient;
use portal_proto::auth::v1::{
    GetRegistrationRequest, RegistrationStep, SendVerificationCodeRequest, VerifyEmailRequest,
};
use portal_tests::grpc::{Failure, failure, with_bearer};
use portal_tests::registration::verification_code;
use tonic::Code;
use tonic::transport::Channel;

use super::fixture;
use super::invite::invited_session;

const EMAIL: &str = "jane@example.com";

struct Codes {
    client: RegistrationServiceClient<Channel>,
    token: String,
}

impl Codes {
    async fn send(&mut self) -> anyhow::Result<Result<(), Failure>> {
        let result = self
            .client
            .send_verification_code(with_bearer(SendVerificationCodeRequest {}, &self.token)?)
            .await;
        Ok(result.map(|_| ()).map_err(|status| Failure::from(&status)))
    }

    async fn verify(&mut self, code: &str) -> anyhow::Result<Result<(), Failure>> {
        let result = self
            .client
            .verify_email(with_bearer(
                VerifyEmailRequest { code: code.into() },
                &self.token,
            )?)
            .await;
        Ok(result.map(|_| ()).map_err(|status| Failure::from(&status)))
    }

    async fn email_pending(&mut self) -> anyhow::Result<bool> {
        let progress = self
            .client
            .get_registration(with_bearer(GetRegistrationRequest {}, &self.token)?)
            .await?
            .into_inner();
        Ok(progress
            .pending_steps
            .contains(&(RegistrationStep::EmailVerification as i32)))
    }
}

async fn setup() -> anyhow::Result<(super::Fixture, Codes)> {
    let mut f = fixture().await?;
    let token = invited_session(&mut f, EMAIL).await?;
    let client = RegistrationServiceClient::new(f.auth.channel().await?);
    Ok((f, Codes { client, token }))
}

fn other_code(code: &str) -> String {
    let n: u32 = code.parse().unwrap_or(0);
    format!("{:06}", (n + 1) % 1_000_000)
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_email_accepts_the_code_from_the_email() -> anyhow::Result<()> {
    let (f, mut codes) = setup().await?;
    codes.send().await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let code = verification_code(&f.smtp, EMAIL, 1).await?;
    assert_eq!(code.len(), 6);

    codes
        .verify(&code)
        .await?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;

    assert!(!codes.email_pending().await?);
    let pool = f.db.connect("auth.db").await?;
    let stored: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM verification_codes")
        .fetch_all(&pool)
        .await?;
    assert!(stored.is_empty(), "a used code is gone");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_email_refuses_a_wrong_code_and_the_right_one_after_five_wrong() -> anyhow::Result<()>
{
    let (f, mut codes) = setup().await?;
    codes.send().await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let code = verification_code(&f.smtp, EMAIL, 1).await?;
    let pool = f.db.connect("auth.db").await?;
    let stored: String = sqlx::query_scalar("SELECT code_hash FROM verification_codes")
        .fetch_one(&pool)
        .await?;
    assert!(!stored.contains(&code), "only a keyed hash is stored");

    for _ in 0..5 {
        let wrong = codes
            .verify(&other_code(&code))
            .await?
            .expect_err("wrong code");
        assert_eq!(wrong.code, Code::InvalidArgument);
        assert_eq!(wrong.reason, "VERIFICATION_CODE_INCORRECT");
        assert_eq!(wrong.fields, vec!["code".to_string()]);
    }
    let sixth = codes
        .verify(&code)
        .await?
        .expect_err("voided after 5 wrong entries");

    assert_eq!(sixth.reason, "VERIFICATION_CODE_EXPIRED");
    assert!(codes.email_pending().await?);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_email_refuses_a_code_older_than_10_minutes() -> anyhow::Result<()> {
    let (f, mut codes) = setup().await?;
    codes.send().await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let code = verification_code(&f.smtp, EMAIL, 1).await?;

    f.auth.clock.advance(Duration::from_secs(10 * 60));
    let expired = codes.verify(&code).await?.expect_err("expired");

    assert_eq!(expired.reason, "VERIFICATION_CODE_EXPIRED");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_send_voids_the_previous_code() -> anyhow::Result<()> {
    let (f, mut codes) = setup().await?;
    codes.send().await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let old = verification_code(&f.smtp, EMAIL, 1).await?;
    f.auth.clock.advance(Duration::from_secs(61));
    codes.send().await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let new = verification_code(&f.smtp, EMAIL, 2).await?;

    if old != new {
        let voided = codes.verify(&old).await?.expect_err("old code voided");
        assert_eq!(voided.code, Code::InvalidArgument);
    }
    codes
        .verify(&new)
        .await?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn send_verification_code_is_limited_to_one_a_minute_and_five_an_hour() -> anyhow::Result<()>
{
    let (f, mut codes) = setup().await?;
    codes.send().await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;

    f.auth.clock.advance(Duration::from_secs(30));
    let too_soon = codes.send().await?.expect_err("resend before 60 s");
    assert_eq!(too_soon.code, Code::ResourceExhausted);
    assert_eq!(too_soon.reason, "VERIFICATION_CODE_RESEND_TOO_SOON");
    assert_eq!(too_soon.retry_after, Some(Duration::from_secs(30)));

    for _ in 0..4 {
        f.auth.clock.advance(Duration::from_secs(60));
        codes.send().await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    f.auth.clock.advance(Duration::from_secs(60));
    let sixth = codes.send().await?.expect_err("sixth send in an hour");
    assert_eq!(sixth.code, Code::ResourceExhausted);
    assert_eq!(sixth.reason, "VERIFICATION_CODE_TOO_MANY_SENDS");
    // The first send was 30 + 4×60 + 60 = 330 s ago; it leaves the hour then.
    assert_eq!(sixth.retry_after, Some(Duration::from_secs(3600 - 330)));
    assert_eq!(
        f.smtp.wait_for(EMAIL, 6).await?.len(),
        6,
        "access email + 5 codes"
    );
    assert!(
        failure(
            codes
                .client
                .send_verification_code(SendVerificationCodeRequest {})
                .await
        )?
        .code
            == Code::Unauthenticated
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn get_registration_tells_when_a_code_may_be_sent_again() -> anyhow::Result<()> {
    let (f, mut codes) = setup().await?;
    let resend_at = |codes: &mut Codes| {
        let mut client = codes.client.clone();
        let token = codes.token.clone();
        async move {
            let reply = client
                .get_registration(with_bearer(GetRegistrationRequest {}, &token)?)
                .await?
                .into_inner();
            anyhow::Ok(reply.resend_available_at.map(|t| t.seconds))
        }
    };
    assert_eq!(resend_at(&mut codes).await?, None, "nothing sent yet");

    let sent = codes
        .client
        .send_verification_code(with_bearer(SendVerificationCodeRequest {}, &codes.token)?)
        .await?
        .into_inner();
    f.auth.clock.advance(Duration::from_secs(20));

    let promised = sent.resend_available_at.map(|t| t.seconds);
    assert!(promised.is_some());
    assert_eq!(resend_at(&mut codes).await?, promised, "after a reload");
    f.auth.clock.advance(Duration::from_secs(40));
    assert_eq!(resend_at(&mut codes).await?, None, "the wait is over");
    Ok(())
}
