//! The whole first-time journey: bootstrap → operator onboards an
//! organisation → a provisioned user registers and reaches their site.

use portal_proto::auth::v1::admin_service_client::AdminServiceClient;
use portal_proto::auth::v1::{
    CreateOrganizationRequest, CreateSiteRequest, ProvisionUserRequest, RegistrationStep,
    SessionScope, ValidateSessionRequest,
};
use portal_tests::grpc::{failure, with_bearer};
use portal_tests::registration::{NEW_PASSWORD, register, temporary_password};
use tonic::Code;

use super::{count_events, fixture, login};

#[tokio::test(flavor = "multi_thread")]
async fn the_first_time_journey_ends_in_a_full_session_listing_the_site() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let channel = f.auth.channel().await?;

    // The operator is bootstrapped and registers from the emailed password.
    f.auth.bootstrap_admin("ops@example.com").await?;
    let temporary = temporary_password(&f.smtp, "ops@example.com", 1).await?;
    assert!(temporary.len() >= 16);
    let first = login(&mut f.client, "ops@example.com", &temporary)
        .await?
        .into_inner();
    assert_eq!(first.scope(), SessionScope::Registration);
    assert_eq!(first.pending_steps.len(), 5);
    let ops = register(
        channel.clone(),
        &f.smtp,
        "ops@example.com",
        &first.session_token,
    )
    .await??;
    assert_eq!(ops.scope(), SessionScope::Full);

    // The operator onboards an organisation and provisions a user.
    let mut admin = AdminServiceClient::new(channel.clone());
    let token = ops.session_token.as_str();
    let organization = admin
        .create_organization(with_bearer(
            CreateOrganizationRequest {
                name: "Acme Health".into(),
            },
            token,
        )?)
        .await?
        .into_inner();
    let site = admin
        .create_site(with_bearer(
            CreateSiteRequest {
                organization_id: organization.id.clone(),
                name: "North Clinic".into(),
            },
            token,
        )?)
        .await?
        .into_inner();
    let provisioned = admin
        .provision_user(with_bearer(
            ProvisionUserRequest {
                email: "Jane@Example.com".into(),
                organization_id: organization.id.clone(),
                site_ids: vec![site.id.clone()],
                roles: vec![],
            },
            token,
        )?)
        .await?
        .into_inner();
    assert!(provisioned.created);

    // The user reads the access email, signs in and registers.
    let access = f
        .smtp
        .wait_for_subject("jane@example.com", "Tracers with AMP Access", 1)
        .await?;
    assert!(access.body.contains("15 minutes"));
    assert!(access.body.contains("http://127.0.0.1:8080/login"));
    let temporary = temporary_password(&f.smtp, "jane@example.com", 1).await?;
    let invited = login(&mut f.client, "jane@example.com", &temporary)
        .await?
        .into_inner();
    assert_eq!(invited.scope(), SessionScope::Registration);
    assert!(
        invited
            .pending_steps
            .contains(&(RegistrationStep::Password as i32))
    );
    let full = register(
        channel.clone(),
        &f.smtp,
        "jane@example.com",
        &invited.session_token,
    )
    .await??;

    assert_eq!(full.scope(), SessionScope::Full);
    assert_eq!(full.sites.len(), 1);
    assert_eq!(full.sites[0].name, "North Clinic");
    let principal = f
        .client
        .validate_session(ValidateSessionRequest {
            session_token: full.session_token.clone(),
        })
        .await?
        .into_inner();
    assert_eq!(principal.site_ids, vec![site.id]);
    assert_eq!(
        (principal.first_name.as_str(), principal.last_name.as_str()),
        ("Jane", "Doe")
    );
    // The registration session ended; the new password works from now on.
    let ended = failure(
        f.client
            .validate_session(ValidateSessionRequest {
                session_token: invited.session_token,
            })
            .await,
    )?;
    assert_eq!(ended.code, Code::Unauthenticated);
    login(&mut f.client, "jane@example.com", NEW_PASSWORD).await?;
    for kind in [
        "REGISTRATION_PROFILE",
        "REGISTRATION_SECURITY_QUESTIONS",
        "REGISTRATION_PASSWORD",
        "REGISTRATION_EMAIL_VERIFIED",
        "REGISTRATION_TERMS",
        "REGISTRATION_COMPLETED",
    ] {
        assert_eq!(
            count_events(&f.db, kind).await?,
            2,
            "{kind} for both accounts"
        );
    }
    for kind in ["ORGANIZATION_CREATED", "SITE_CREATED", "USER_PROVISIONED"] {
        assert_eq!(count_events(&f.db, kind).await?, 1, "{kind}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn bootstrap_admin_twice_resends_the_access_email_without_a_duplicate() -> anyhow::Result<()>
{
    let mut f = fixture().await?;

    f.auth.bootstrap_admin("ops@example.com").await?;
    let first = temporary_password(&f.smtp, "ops@example.com", 1).await?;
    f.auth.bootstrap_admin("OPS@example.com").await?;
    let second = temporary_password(&f.smtp, "ops@example.com", 2).await?;

    assert_ne!(first, second);
    assert_eq!(super::count_rows(&f.db, "users").await?, 1);
    let voided = failure(login(&mut f.client, "ops@example.com", &first).await)?;
    assert_eq!(voided.reason, "INVALID_CREDENTIALS");
    login(&mut f.client, "ops@example.com", &second).await?;
    Ok(())
}
