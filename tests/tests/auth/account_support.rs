//! The agent desk's account context: `AccountSupportService` for support
//! agents (and platform admins) only, every lookup and action audited,
//! never a secret, the emails under the self-service limits.

use std::time::Duration;

use auth_service::domain::model::Role;
use portal_proto::auth::v1::account_support_service_client::AccountSupportServiceClient;
use portal_proto::auth::v1::{
    AccountState, LookupAccountRequest, LookupAccountResponse, RegistrationStep,
    ResendAccountAccessEmailRequest, SendPasswordResetEmailRequest, TemporaryPasswordStatus,
};
use portal_tests::grpc::{failure, with_bearer};
use portal_tests::registration::reset_token;
use portal_tests::smtp::free_port;
use portal_tests::{MAIL_RETRY_MAX, SmtpServer, TestAuth, TestAuthOptions, TestDatabase};
use tonic::Code;
use tonic::transport::Channel;

use super::invite::{onboard, provision};
use super::{PASSWORD, WRONG_PASSWORD, count_events, fixture, login};

const AGENT: &str = "agent@example.com";
const JANE: &str = "jane@example.com";

/// A signed-in agent's client and token.
async fn agent(auth: &TestAuth) -> anyhow::Result<(AccountSupportServiceClient<Channel>, String)> {
    auth.create_staff(AGENT, PASSWORD, &[Role::SupportAgent])
        .await?;
    let token = auth
        .client()
        .await?
        .login(portal_proto::auth::v1::LoginRequest {
            email: AGENT.into(),
            password: PASSWORD.into(),
        })
        .await?
        .into_inner()
        .session_token;
    Ok((
        AccountSupportServiceClient::new(auth.channel().await?),
        token,
    ))
}

async fn lookup(
    client: &mut AccountSupportServiceClient<Channel>,
    token: &str,
    email: &str,
) -> anyhow::Result<LookupAccountResponse> {
    Ok(client
        .lookup_account(with_bearer(
            LookupAccountRequest {
                email: email.into(),
            },
            token,
        )?)
        .await?
        .into_inner())
}

#[tokio::test(flavor = "multi_thread")]
async fn only_support_agents_and_platform_admins_may_look_accounts_up() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let (mut desk, _) = agent(&f.auth).await?;
    f.auth
        .create_user(JANE, PASSWORD, &["North Clinic"])
        .await?;
    f.auth
        .create_user_with_roles(
            "pa@example.com",
            PASSWORD,
            &["North Clinic"],
            &[Role::ProgramAdmin],
        )
        .await?;
    f.auth
        .create_staff("ops@example.com", PASSWORD, &[Role::PlatformAdmin])
        .await?;
    let session = |email: &'static str| {
        let mut client = f.client.clone();
        async move {
            anyhow::Ok(
                login(&mut client, email, PASSWORD)
                    .await?
                    .into_inner()
                    .session_token,
            )
        }
    };
    let (user, program_admin, platform) = (
        session(JANE).await?,
        session("pa@example.com").await?,
        session("ops@example.com").await?,
    );
    let ask = |token: &str| with_bearer(LookupAccountRequest { email: JANE.into() }, token);

    let nobody = failure(desk.lookup_account(ask("")?).await)?;
    let as_user = failure(desk.lookup_account(ask(&user)?).await)?;
    let as_program_admin = failure(desk.lookup_account(ask(&program_admin)?).await)?;
    let mut reset = failure(
        desk.send_password_reset_email(with_bearer(
            SendPasswordResetEmailRequest { email: JANE.into() },
            &user,
        )?)
        .await,
    )?;

    assert_eq!(nobody.code, Code::Unauthenticated);
    for refused in [&as_user, &as_program_admin, &reset] {
        assert_eq!(refused.code, Code::PermissionDenied, "{refused:?}");
    }
    let found = lookup(&mut desk, &platform, JANE).await?;
    assert!(found.exists, "a platform admin may");
    reset = failure(
        desk.lookup_account(with_bearer(
            LookupAccountRequest {
                email: "\"a,b\"@example.com".into(),
            },
            &platform,
        )?)
        .await,
    )?;
    assert_eq!(reset.code, Code::InvalidArgument);
    assert_eq!(reset.fields, vec!["email".to_string()]);
    login(&mut f.client, JANE, PASSWORD).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_account_shows_its_lock_failures_events_and_lock_email() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let (mut desk, token) = agent(&f.auth).await?;
    f.auth
        .create_user(JANE, PASSWORD, &["North Clinic"])
        .await?;
    login(&mut f.client, JANE, PASSWORD).await?;
    for _ in 0..3 {
        let _ = login(&mut f.client, JANE, WRONG_PASSWORD).await;
    }
    f.auth.domain.flush_mail().await?;
    assert_eq!(
        f.smtp
            .messages_with_subject(JANE, "Your portal account has been locked")
            .len(),
        1
    );

    let found = lookup(&mut desk, &token, JANE).await?;

    assert!(found.exists);
    let account = found.account.expect("an account");
    assert_eq!(
        account.user.as_ref().map(|u| u.state()),
        Some(AccountState::Active)
    );
    let locked_until = account.locked_until.expect("locked").seconds;
    assert_eq!(locked_until, f.auth.clock_now_seconds() + 30 * 60);
    assert_eq!(account.failed_sign_ins, 3);
    assert_eq!(account.site_count, 1);
    assert_eq!(account.organization_name, "Acme Health");
    assert!(account.last_signed_in_at.is_some());
    assert!(!account.security_questions_set);
    assert_eq!(account.temporary_password(), TemporaryPasswordStatus::None);
    let kinds: Vec<&str> = account
        .recent_events
        .iter()
        .map(|e| e.kind.as_str())
        .collect();
    assert_eq!(
        kinds[..5],
        [
            "ACCOUNT_LOCKED",
            "LOGIN_FAILED",
            "LOGIN_FAILED",
            "LOGIN_FAILED",
            "LOGIN_SUCCEEDED"
        ],
        "{kinds:?}"
    );
    let mail = &found.mail[0];
    assert_eq!((mail.kind.as_str(), mail.attempts), ("ACCOUNT_LOCKED", 1));
    assert!(mail.sent_at.is_some() && mail.last_error.is_empty() && !mail.failed);
    assert_eq!(
        count_events(&f.db, "ACCOUNT_LOOKED_UP").await?,
        1,
        "the lookup is audited"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_email_is_said_to_have_no_account_and_the_lookup_is_audited()
-> anyhow::Result<()> {
    let f = fixture().await?;
    let (mut desk, token) = agent(&f.auth).await?;

    let found = lookup(&mut desk, &token, "nobody@example.com").await?;

    assert!(!found.exists);
    assert!(found.account.is_none());
    assert!(found.mail.is_empty());
    let pool = f.db.connect("auth.db").await?;
    let (email, detail): (String, String) =
        sqlx::query_as("SELECT email, detail FROM auth_events WHERE kind = 'ACCOUNT_LOOKED_UP'")
            .fetch_one(&pool)
            .await?;
    pool.close().await;
    assert_eq!(email, "nobody@example.com");
    assert!(detail.contains(AGENT), "names the agent: {detail}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invited_account_with_an_expired_temporary_password_gets_a_new_access_email()
-> anyhow::Result<()> {
    let mut f = fixture().await?;
    let mut onboarded = onboard(&mut f).await?;
    let first = provision(&f, &mut onboarded, JANE, true).await?;
    let (mut desk, token) = agent(&f.auth).await?;
    f.auth.clock.advance(Duration::from_secs(16 * 60));

    let found = lookup(&mut desk, &token, JANE).await?;
    let account = found.account.expect("an account");
    assert_eq!(
        account.user.as_ref().map(|u| u.state()),
        Some(AccountState::Invited)
    );
    assert_eq!(
        account.temporary_password(),
        TemporaryPasswordStatus::Expired
    );
    assert!(account.temporary_password_expires_at.is_some());
    assert!(
        account
            .pending_steps
            .contains(&(RegistrationStep::Password as i32))
    );
    assert_eq!(found.mail[0].kind, "ACCESS");

    desk.resend_access_email(with_bearer(
        ResendAccountAccessEmailRequest { email: JANE.into() },
        &token,
    )?)
    .await?;
    let second = portal_tests::registration::temporary_password(&f.smtp, JANE, 2).await?;
    let again = failure(
        desk.resend_access_email(with_bearer(
            ResendAccountAccessEmailRequest { email: JANE.into() },
            &token,
        )?)
        .await,
    )?;

    assert_ne!(first, second);
    let pool = f.db.connect("auth.db").await?;
    let sent: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM auth_events WHERE kind = 'ACCESS_EMAIL_SENT'")
            .fetch_all(&pool)
            .await?;
    pool.close().await;
    assert!(
        sent.iter().any(|detail| detail.contains(AGENT)),
        "the resend is audited with the agent: {sent:?}"
    );
    assert_eq!(again.code, Code::ResourceExhausted, "1 a minute");
    assert!(again.retry_after.is_some());
    let refreshed = lookup(&mut desk, &token, JANE).await?;
    assert_eq!(
        refreshed.account.map(|a| a.temporary_password()),
        Some(TemporaryPasswordStatus::Valid)
    );
    login(&mut f.client, JANE, &second).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reset_email_goes_to_the_account_under_the_self_service_limits() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let (mut desk, token) = agent(&f.auth).await?;
    f.auth.create_user(JANE, PASSWORD, &[]).await?;
    f.auth
        .create_user_with_roles(
            "pa@example.com",
            PASSWORD,
            &["North Clinic"],
            &[Role::ProgramAdmin],
        )
        .await?;
    let send = |email: &str| {
        with_bearer(
            SendPasswordResetEmailRequest {
                email: email.into(),
            },
            &token,
        )
    };

    desk.send_password_reset_email(send(JANE)?).await?;
    let reset = reset_token(&f.smtp, JANE, 1).await?;
    let too_soon = failure(desk.send_password_reset_email(send(JANE)?).await)?;
    let unknown = failure(
        desk.send_password_reset_email(send("nobody@example.com")?)
            .await,
    )?;
    let active = failure(
        desk.resend_access_email(with_bearer(
            ResendAccountAccessEmailRequest { email: JANE.into() },
            &token,
        )?)
        .await,
    )?;

    assert_eq!(reset.len(), 43);
    assert_eq!(too_soon.code, Code::ResourceExhausted);
    assert_eq!(unknown.code, Code::NotFound);
    assert_eq!(active.code, Code::FailedPrecondition);
    assert_eq!(active.reason, "ACCOUNT_NOT_INVITED");
    let no_sites = lookup(&mut desk, &token, JANE)
        .await?
        .account
        .expect("account");
    assert_eq!(no_sites.site_count, 0, "the no-sites case shows as such");
    let who_can_grant: Vec<(&str, &str)> = no_sites
        .organization_administrators
        .iter()
        .map(|admin| (admin.name.as_str(), admin.email.as_str()))
        .collect();
    assert_eq!(who_can_grant, vec![("Test User", "pa@example.com")]);
    let issued = no_sites
        .recent_events
        .iter()
        .find(|e| e.kind == "RESET_TOKEN_ISSUED")
        .map(|e| e.detail.clone())
        .unwrap_or_default();
    assert!(issued.contains(AGENT), "audited with the agent: {issued}");
    let refused = failure(login(&mut f.client, JANE, PASSWORD).await)?;
    assert_eq!(refused.reason, "NO_SITES");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_mail_log_shows_attempts_and_the_last_error_through_an_outage_then_the_delivery()
-> anyhow::Result<()> {
    let db = TestDatabase::fresh().await?;
    let smtp_addr = free_port()?;
    let auth = TestAuth::spawn(
        &db,
        TestAuthOptions {
            smtp_url: Some(format!("smtp://{smtp_addr}")),
            ..Default::default()
        },
    )
    .await?;
    let (mut desk, token) = agent(&auth).await?;
    auth.create_user(JANE, PASSWORD, &["North Clinic"]).await?;
    let mut client = auth.client().await?;
    for _ in 0..3 {
        let _ = login(&mut client, JANE, WRONG_PASSWORD).await;
    }

    // Two attempts, the second once the clock passed the first's backoff.
    auth.domain.flush_mail().await?;
    auth.clock.advance(MAIL_RETRY_MAX);
    auth.domain.flush_mail().await?;
    let during = lookup(&mut desk, &token, JANE).await?;
    let waiting = &during.mail[0];
    assert!(waiting.sent_at.is_none(), "{waiting:?}");
    assert_eq!(waiting.attempts, 2, "{waiting:?}");
    assert!(!waiting.last_error.is_empty(), "{waiting:?}");

    let smtp = SmtpServer::start_on(smtp_addr)?;
    auth.clock.advance(MAIL_RETRY_MAX);
    auth.domain.flush_mail().await?;
    assert_eq!(smtp.messages_to(JANE).len(), 1);
    let after = lookup(&mut desk, &token, JANE).await?;
    assert!(after.mail[0].sent_at.is_some(), "{:?}", after.mail[0]);
    Ok(())
}
