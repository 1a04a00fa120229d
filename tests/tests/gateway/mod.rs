//! The gateway: grpc-web for browsers, native gRPC, CORS, limits, proxying
//! and the end-to-end journey through the grpc-web path.

mod browser_session;
mod client_address;
mod connections;
mod edge;
mod framing;
mod journey;
mod upstream;
mod web;

use portal_tests::gateway::{TestGateway, TestGatewayOptions};
use portal_tests::{Services, SmtpServer, TestAuthOptions, TestDatabase, TestSupportOptions};

pub const PASSWORD: &str = "violet-harbour-lantern-42";

/// An embedded gateway with its databases and a real SMTP server.
pub struct Embedded {
    pub gateway: TestGateway,
    pub smtp: SmtpServer,
    _auth_db: TestDatabase,
    _support_db: TestDatabase,
}

pub async fn embedded(options: TestGatewayOptions) -> anyhow::Result<Embedded> {
    let auth_db = TestDatabase::fresh().await?;
    let support_db = TestDatabase::fresh().await?;
    let smtp = SmtpServer::start()?;
    let gateway = TestGateway::embedded(
        &auth_db,
        &support_db,
        TestGatewayOptions {
            smtp_url: Some(smtp.url()),
            ..options
        },
    )
    .await?;
    Ok(Embedded {
        gateway,
        smtp,
        _auth_db: auth_db,
        _support_db: support_db,
    })
}

/// Both services (fresh databases, a real SMTP server) behind a
/// proxy-mode gateway.
pub struct Proxied {
    pub gateway: TestGateway,
    pub services: Services,
}

pub async fn proxied() -> anyhow::Result<Proxied> {
    let services =
        Services::spawn(TestAuthOptions::default(), TestSupportOptions::default()).await?;
    let gateway = TestGateway::proxy(
        services.auth.url(),
        format!("http://{}", services.support.addr),
        TestGatewayOptions::default(),
    )
    .await?;
    Ok(Proxied { gateway, services })
}

impl Embedded {
    pub async fn create_user(
        &self,
        email: &str,
        sites: &[&str],
        roles: &[auth_service::domain::model::Role],
    ) -> anyhow::Result<String> {
        let auth = &self
            .gateway
            .embedded
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("not embedded"))?
            .auth;
        auth.create_account(auth_service::domain::accounts::NewAccount {
            email: portal_common::email::Email::parse(email, "email")?,
            password: secrecy::SecretString::from(PASSWORD),
            first_name: "Test".into(),
            last_name: "User".into(),
            organization: Some("Acme Health".into()).filter(|_| !sites.is_empty()),
            sites: sites.iter().map(|s| (*s).to_owned()).collect(),
            roles: roles.to_vec(),
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))
    }
}
