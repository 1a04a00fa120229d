//! Sign-in: success, wrong password, unknown email, the no-sites rule, audit.

use auth_service::domain::messages;
use auth_service::domain::model::Role;
use portal_proto::auth::v1::SessionScope;
use portal_tests::grpc::failure;
use tonic::Code;

use super::{PASSWORD, WRONG_PASSWORD, fixture, login};

#[tokio::test(flavor = "multi_thread")]
async fn login_succeeds_with_a_full_session_when_password_is_right() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("Jane.Doe@Example.com", PASSWORD, &["North Clinic"])
        .await?;

    let reply = login(&mut f.client, "  jane.doe@EXAMPLE.com ", PASSWORD)
        .await?
        .into_inner();

    assert!(reply.session_token.starts_with("ps_"));
    assert_eq!(reply.session_token.len(), 3 + 43);
    assert_eq!(reply.scope(), SessionScope::Full);
    assert!(reply.pending_steps.is_empty());
    let user = reply.user.expect("user");
    assert_eq!(user.email, "jane.doe@example.com");
    assert_eq!(reply.sites.len(), 1);
    assert_eq!(reply.sites[0].name, "North Clinic");
    let expires = reply.expires_at.expect("expiry").seconds;
    let now = f.auth.clock_now_seconds();
    assert!(
        (expires - now - 30 * 60).abs() <= 1,
        "idle expiry of 30 minutes"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_fails_with_invalid_credentials_when_password_is_wrong() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;

    let failure = failure(login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await)?;

    assert_eq!(failure.code, Code::Unauthenticated);
    assert_eq!(failure.reason, "INVALID_CREDENTIALS");
    assert_eq!(failure.message, "Invalid email and/or password.");
    assert_eq!(failure.message, messages::INVALID_CREDENTIALS);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_fails_with_invalid_credentials_when_email_is_unknown() -> anyhow::Result<()> {
    let mut f = fixture().await?;

    let failure = failure(login(&mut f.client, "nobody@example.com", PASSWORD).await)?;

    assert_eq!(failure.code, Code::Unauthenticated);
    assert_eq!(failure.reason, "INVALID_CREDENTIALS");
    assert_eq!(failure.message, messages::INVALID_CREDENTIALS);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_is_denied_with_no_sites_when_user_has_no_site_and_no_role() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("lonely@example.com", PASSWORD, &[])
        .await?;

    let failure = failure(login(&mut f.client, "lonely@example.com", PASSWORD).await)?;

    assert_eq!(failure.code, Code::PermissionDenied);
    assert_eq!(failure.reason, "NO_SITES");
    assert_eq!(
        failure.message,
        "There are no sites associated to your account. Please contact your Program Administrator or the License Owner within your organization for further assistance."
    );
    assert_eq!(
        super::count_rows(&f.db, "sessions").await?,
        0,
        "no session opened"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_succeeds_without_sites_when_user_is_staff() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user_with_roles("agent@example.com", PASSWORD, &[], &[Role::SupportAgent])
        .await?;

    let reply = login(&mut f.client, "agent@example.com", PASSWORD)
        .await?
        .into_inner();

    assert_eq!(reply.scope(), SessionScope::Full);
    assert!(reply.sites.is_empty());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_records_success_and_failure_in_the_audit_trail() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;

    login(&mut f.client, "jane@example.com", PASSWORD).await?;
    let _ = login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await;

    assert_eq!(super::count_events(&f.db, "LOGIN_SUCCEEDED").await?, 1);
    assert_eq!(super::count_events(&f.db, "LOGIN_FAILED").await?, 1);
    let pool = f.db.connect("auth.db").await?;
    let ip: String =
        sqlx::query_scalar("SELECT client_ip FROM auth_events WHERE kind = 'LOGIN_FAILED'")
            .fetch_one(&pool)
            .await?;
    assert_eq!(ip, "127.0.0.1");
    let details: Vec<String> = sqlx::query_scalar("SELECT detail FROM auth_events")
        .fetch_all(&pool)
        .await?;
    assert!(
        details
            .iter()
            .all(|d| !d.contains(PASSWORD) && !d.contains(WRONG_PASSWORD))
    );
    Ok(())
}
