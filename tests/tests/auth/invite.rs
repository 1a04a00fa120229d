//! Shared set-up for the registration suites: an active platform admin, an
//! organisation with a site, and an invited user signed in with the
//! temporary password from their access email.

use auth_service::domain::model::Role;
use portal_proto::auth::v1::admin_service_client::AdminServiceClient;
use portal_proto::auth::v1::{CreateOrganizationRequest, CreateSiteRequest, ProvisionUserRequest};
use portal_tests::grpc::with_bearer;
use portal_tests::registration::temporary_password;
use tonic::transport::Channel;

use super::{Fixture, PASSWORD, login};

pub const ADMIN: &str = "admin@example.com";

/// The admin's session, the organisation id and its site id.
pub struct Onboarded {
    pub admin_token: String,
    pub organization_id: String,
    pub site_id: String,
    pub admin: AdminServiceClient<Channel>,
}

pub async fn onboard(f: &mut Fixture) -> anyhow::Result<Onboarded> {
    f.auth
        .create_user_with_roles(ADMIN, PASSWORD, &[], &[Role::PlatformAdmin])
        .await?;
    let admin_token = login(&mut f.client, ADMIN, PASSWORD)
        .await?
        .into_inner()
        .session_token;
    let mut admin = AdminServiceClient::new(f.auth.channel().await?);
    let organization_id = admin
        .create_organization(with_bearer(
            CreateOrganizationRequest {
                name: "Beta Care".into(),
            },
            &admin_token,
        )?)
        .await?
        .into_inner()
        .id;
    let site_id = admin
        .create_site(with_bearer(
            CreateSiteRequest {
                organization_id: organization_id.clone(),
                name: "East Clinic".into(),
            },
            &admin_token,
        )?)
        .await?
        .into_inner()
        .id;
    Ok(Onboarded {
        admin_token,
        organization_id,
        site_id,
        admin,
    })
}

/// Provisions `email` (with the site, or none) and returns its temporary
/// password as delivered.
pub async fn provision(
    f: &Fixture,
    onboarded: &mut Onboarded,
    email: &str,
    with_site: bool,
) -> anyhow::Result<String> {
    let before = f
        .smtp
        .messages_with_subject(email, "Tracers with AMP Access")
        .len();
    onboarded
        .admin
        .provision_user(with_bearer(
            ProvisionUserRequest {
                email: email.into(),
                organization_id: onboarded.organization_id.clone(),
                site_ids: if with_site {
                    vec![onboarded.site_id.clone()]
                } else {
                    vec![]
                },
                roles: vec![],
            },
            &onboarded.admin_token,
        )?)
        .await?;
    temporary_password(&f.smtp, email, before + 1).await
}

/// A REGISTRATION session of a freshly provisioned user.
pub async fn invited_session(f: &mut Fixture, email: &str) -> anyhow::Result<String> {
    let mut onboarded = onboard(f).await?;
    let temporary = provision(f, &mut onboarded, email, true).await?;
    Ok(login(&mut f.client, email, &temporary)
        .await?
        .into_inner()
        .session_token)
}
