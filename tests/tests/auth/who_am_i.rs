//! GetSession ("who am I") and GetAccessPolicy, the calls the portal's
//! pages are built on.

use portal_proto::auth::v1::{GetAccessPolicyRequest, GetSessionRequest, SessionScope};
use portal_tests::grpc::{failure, with_bearer};
use tonic::Code;

use super::invite::invited_session;
use super::{PASSWORD, fixture, login};

#[tokio::test(flavor = "multi_thread")]
async fn get_session_names_the_caller_with_sites_and_organisation() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let user_id = f
        .auth
        .create_user(
            "jane@example.com",
            PASSWORD,
            &["North Clinic", "South Clinic"],
        )
        .await?;
    let token = login(&mut f.client, "jane@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;

    let me = f
        .client
        .get_session(with_bearer(GetSessionRequest {}, &token)?)
        .await?
        .into_inner();

    let principal = me.principal.unwrap_or_default();
    assert_eq!(principal.user_id, user_id);
    assert_eq!(principal.scope(), SessionScope::Full);
    let sites: Vec<_> = me.sites.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(sites, ["North Clinic", "South Clinic"]);
    assert_eq!(me.organization_name, "Acme Health");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn get_session_shows_a_registration_session_without_sites() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let token = invited_session(&mut f, "jane@example.com").await?;

    let me = f
        .client
        .get_session(with_bearer(GetSessionRequest {}, &token)?)
        .await?
        .into_inner();

    let principal = me.principal.unwrap_or_default();
    assert_eq!(principal.scope(), SessionScope::Registration);
    assert_eq!(principal.email, "jane@example.com");
    assert!(me.sites.is_empty(), "{:?}", me.sites);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn get_session_is_unauthenticated_without_a_live_session() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let none = failure(f.client.get_session(GetSessionRequest {}).await)?;
    let bogus = failure(
        f.client
            .get_session(with_bearer(GetSessionRequest {}, "ps_not-a-session")?)
            .await,
    )?;

    for refused in [none, bogus] {
        assert_eq!(refused.code, Code::Unauthenticated);
        assert_eq!(refused.reason, "SESSION_INVALID");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn get_access_policy_gives_the_configured_numbers_without_a_session() -> anyhow::Result<()> {
    let mut f = fixture().await?;

    let policy = f
        .client
        .get_access_policy(GetAccessPolicyRequest {})
        .await?
        .into_inner();

    assert_eq!(
        (policy.password_min_length, policy.password_max_length),
        (12, 128)
    );
    assert_eq!((policy.max_failed_logins, policy.lock_minutes), (3, 30));
    assert_eq!(policy.temporary_password_minutes, 15);
    assert_eq!(
        (
            policy.verification_code_minutes,
            policy.verification_resend_seconds,
            policy.verification_sends_per_hour
        ),
        (10, 60, 5)
    );
    assert_eq!(policy.reset_link_minutes, 60);
    assert_eq!(policy.mail_from_domain, "portal.localhost");
    Ok(())
}
