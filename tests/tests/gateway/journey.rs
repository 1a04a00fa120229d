//! The whole journey through the gateway's grpc-web path: bootstrap →
//! onboarding → provisioning → registration → sign-in → a support ticket
//! that an agent answers; in embedded and in proxy mode.

use auth_service::domain::model::Role;
use portal_proto::auth::v1::admin_service_client::AdminServiceClient;
use portal_proto::auth::v1::auth_service_client::AuthServiceClient;
use portal_proto::auth::v1::{
    CreateOrganizationRequest, CreateSiteRequest, GetSessionRequest, LoginRequest,
    ProvisionUserRequest, SessionScope,
};
use portal_proto::support::v1::agent_service_client::AgentServiceClient;
use portal_proto::support::v1::support_service_client::SupportServiceClient;
use portal_proto::support::v1::{
    AddNoteRequest, Category, GetTicketStatusRequest, ListTicketsRequest, NoteVisibility,
    SubmitContactFormRequest,
};
use portal_tests::SmtpServer;
use portal_tests::gateway::{TestGatewayOptions, WebTransport};
use portal_tests::grpc::with_bearer;
use portal_tests::registration::{register, temporary_password};

use super::{PASSWORD, embedded, proxied};

/// Everything after the operator was bootstrapped and the agent created.
async fn walk(web: WebTransport, smtp: &SmtpServer) -> anyhow::Result<()> {
    let mut auth = AuthServiceClient::new(web.clone());
    let temporary = temporary_password(smtp, "ops@example.com", 1).await?;
    let first = auth
        .login(LoginRequest {
            email: "ops@example.com".into(),
            password: temporary,
        })
        .await?
        .into_inner();
    let ops = register(web.clone(), smtp, "ops@example.com", &first.session_token).await??;

    let mut admin = AdminServiceClient::new(web.clone());
    let org = admin
        .create_organization(with_bearer(
            CreateOrganizationRequest {
                name: "Acme Health".into(),
            },
            &ops.session_token,
        )?)
        .await?
        .into_inner();
    let site = admin
        .create_site(with_bearer(
            CreateSiteRequest {
                organization_id: org.id.clone(),
                name: "North Clinic".into(),
            },
            &ops.session_token,
        )?)
        .await?
        .into_inner();
    admin
        .provision_user(with_bearer(
            ProvisionUserRequest {
                email: "jane@example.com".into(),
                organization_id: org.id,
                site_ids: vec![site.id.clone()],
                roles: vec![],
            },
            &ops.session_token,
        )?)
        .await?;
    let temporary = temporary_password(smtp, "jane@example.com", 1).await?;
    let invited = auth
        .login(LoginRequest {
            email: "jane@example.com".into(),
            password: temporary,
        })
        .await?
        .into_inner();
    let jane = register(
        web.clone(),
        smtp,
        "jane@example.com",
        &invited.session_token,
    )
    .await??;
    assert_eq!(jane.scope(), SessionScope::Full);
    let principal = auth
        .get_session(GetSessionRequest {})
        .await?
        .into_inner()
        .principal
        .unwrap_or_default();
    assert_eq!(principal.site_ids, vec![site.id]);

    let mut support = SupportServiceClient::new(web.clone());
    let ticket = support
        .submit_contact_form(with_bearer(
            SubmitContactFormRequest {
                category: Category::NoSites as i32,
                subject: "Where is South Clinic?".into(),
                message: "I only see North Clinic.".into(),
                ..Default::default()
            },
            &jane.session_token,
        )?)
        .await?
        .into_inner()
        .ticket_ref;
    let agent_token = auth
        .login(LoginRequest {
            email: "agent@example.com".into(),
            password: PASSWORD.into(),
        })
        .await?
        .into_inner()
        .session_token;
    let mut agents = AgentServiceClient::new(web);
    let listed = agents
        .list_tickets(with_bearer(ListTicketsRequest::default(), &agent_token)?)
        .await?
        .into_inner();
    assert_eq!(listed.tickets.len(), 1);
    assert_eq!(listed.tickets[0].requester_email, "jane@example.com");
    agents
        .add_note(with_bearer(
            AddNoteRequest {
                ticket_ref: ticket.clone(),
                body: "Your administrator can grant South Clinic.".into(),
                visibility: NoteVisibility::Public as i32,
                version: listed.tickets[0].version,
            },
            &agent_token,
        )?)
        .await?;
    let status = support
        .get_ticket_status(GetTicketStatusRequest {
            ticket_ref: ticket,
            email: "jane@example.com".into(),
        })
        .await?
        .into_inner();
    assert_eq!(status.replies.len(), 1);
    let mail = smtp.wait_for("jane@example.com", 4).await?; // access, code, confirmation, reply
    assert!(
        mail.iter()
            .any(|m| m.body.contains("can grant South Clinic"))
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_journey_runs_through_grpc_web_on_the_embedded_gateway() -> anyhow::Result<()> {
    let e = embedded(TestGatewayOptions::default()).await?;
    let auth = &e.gateway.embedded.as_ref().expect("embedded").auth;
    auth.bootstrap_admin(&portal_common::email::Email::parse(
        "ops@example.com",
        "email",
    )?)
    .await
    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    e.create_user("agent@example.com", &[], &[Role::SupportAgent])
        .await?;

    walk(e.gateway.web(), &e.smtp).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_journey_runs_through_grpc_web_on_the_proxy_gateway() -> anyhow::Result<()> {
    let p = proxied().await?;
    let auth = &p.services.auth;
    auth.bootstrap_admin("ops@example.com").await?;
    auth.create_staff("agent@example.com", PASSWORD, &[Role::SupportAgent])
        .await?;

    walk(p.gateway.web(), &p.services.smtp).await
}
