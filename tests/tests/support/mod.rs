//! The support service, with a real auth-service confirming agents.

mod agent;
mod bad_input;
mod callbacks;
mod limits;
mod mail;
mod reply;
mod roster;
mod submit;

use std::time::Duration;

use auth_service::domain::model::Role;
use portal_proto::auth::v1::LoginRequest;
use portal_proto::support::v1::agent_service_client::AgentServiceClient;
use portal_proto::support::v1::support_service_client::SupportServiceClient;
use portal_proto::support::v1::{Category, RequestCallbackRequest, SubmitContactFormRequest};
use portal_tests::{
    Services, SmtpServer, TestAuth, TestAuthOptions, TestDatabase, TestSupport, TestSupportOptions,
};
use tonic::Request;
use tonic::transport::Channel;

pub const AGENT: &str = "agent@example.com";
pub const PASSWORD: &str = "violet-harbour-lantern-42";

/// Both services, a real SMTP server and a signed-in agent.
pub struct Desk {
    /// Kept so the auth database lives as long as the desk.
    pub _auth_db: TestDatabase,
    pub support_db: TestDatabase,
    pub smtp: SmtpServer,
    pub auth: TestAuth,
    pub support: TestSupport,
    pub client: SupportServiceClient<Channel>,
    pub agents: AgentServiceClient<Channel>,
    pub agent_token: String,
}

pub async fn desk() -> anyhow::Result<Desk> {
    desk_with(TestSupportOptions::default()).await
}

pub async fn desk_with(options: TestSupportOptions) -> anyhow::Result<Desk> {
    let Services {
        auth,
        support,
        smtp,
        auth_db,
        support_db,
    } = Services::spawn(TestAuthOptions::default(), options).await?;
    auth.create_user_with_roles(AGENT, PASSWORD, &[], &[Role::SupportAgent])
        .await?;
    let agent_token = sign_in(&auth, AGENT).await?;
    Ok(Desk {
        client: support.client().await?,
        agents: support.agent_client().await?,
        _auth_db: auth_db,
        support_db,
        smtp,
        auth,
        support,
        agent_token,
    })
}

pub async fn sign_in(auth: &TestAuth, email: &str) -> anyhow::Result<String> {
    Ok(auth
        .client()
        .await?
        .login(LoginRequest {
            email: email.into(),
            password: PASSWORD.into(),
        })
        .await?
        .into_inner()
        .session_token)
}

pub fn contact(email: &str) -> SubmitContactFormRequest {
    SubmitContactFormRequest {
        name: "Jane Doe".into(),
        email: email.into(),
        organization: "Acme Health".into(),
        category: Category::AccountLocked as i32,
        subject: "Locked out".into(),
        message: "I typed my password wrong three times and now I am locked out.".into(),
        website: String::new(),
    }
}

pub fn callback(desk: &Desk, email: &str) -> RequestCallbackRequest {
    let now = desk.support.clock.clone();
    let start = {
        use portal_common::Clock;
        now.now().plus(Duration::from_secs(24 * 3600))
    };
    RequestCallbackRequest {
        name: "Jane Doe".into(),
        email: email.into(),
        phone: "+1 415 555 2671".into(),
        window_start: Some(start.to_timestamp()),
        window_end: Some(start.plus(Duration::from_secs(2 * 3600)).to_timestamp()),
        time_zone: "America/Los_Angeles".into(),
        category: Category::FirstTimeLogin as i32,
        message: "Please call me in the afternoon.".into(),
        website: String::new(),
    }
}

/// Submits the standard contact form from `email`; answers its reference.
pub async fn submitted(d: &mut Desk, email: &str) -> anyhow::Result<String> {
    Ok(d.client
        .submit_contact_form(contact(email))
        .await?
        .into_inner()
        .ticket_ref)
}

/// `message` as if sent by the gateway for a browser at `ip`.
pub fn from_ip<T>(message: T, ip: &str) -> anyhow::Result<Request<T>> {
    let mut request = Request::new(message);
    request.metadata_mut().insert("x-client-ip", ip.parse()?);
    Ok(request)
}

pub async fn count_tickets(db: &TestDatabase) -> anyhow::Result<i64> {
    let pool = db.connect("support.db").await?;
    let count = sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    Ok(count)
}
