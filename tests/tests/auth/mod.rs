//! The auth service: sign-in, lockout, sessions, mail, bad input, health.

mod account_support;
mod admin;
mod admin_views;
mod bad_input;
mod credential_changes;
mod embedded_mail;
mod health;
mod invite;
mod journey;
mod lockout;
mod lockout_concurrency;
mod login;
mod mail;
mod overload;
mod registration;
mod reset;
mod reset_tokens;
mod sessions;
mod verification;
mod who_am_i;

use portal_proto::auth::v1::auth_service_client::AuthServiceClient;
use portal_proto::auth::v1::{LoginRequest, LoginResponse};
use portal_tests::{SmtpServer, TestAuth, TestAuthOptions, TestDatabase};
use tonic::transport::Channel;
use tonic::{Response, Status};

pub const PASSWORD: &str = "violet-harbour-lantern-42";
pub const WRONG_PASSWORD: &str = "not-the-password-at-all";

/// A fresh database, a real SMTP server and a running service.
pub struct Fixture {
    pub db: TestDatabase,
    pub smtp: SmtpServer,
    pub auth: TestAuth,
    pub client: AuthServiceClient<Channel>,
}

pub async fn fixture() -> anyhow::Result<Fixture> {
    let db = TestDatabase::fresh().await?;
    let smtp = SmtpServer::start()?;
    let auth = TestAuth::spawn(
        &db,
        TestAuthOptions {
            smtp_url: Some(smtp.url()),
            ..Default::default()
        },
    )
    .await?;
    let client = auth.client().await?;
    Ok(Fixture {
        db,
        smtp,
        auth,
        client,
    })
}

pub async fn login(
    client: &mut AuthServiceClient<Channel>,
    email: &str,
    password: &str,
) -> Result<Response<LoginResponse>, Status> {
    client
        .login(LoginRequest {
            email: email.into(),
            password: password.into(),
        })
        .await
}

/// Rows of `table`, for checking that bad input stored nothing.
pub async fn count_rows(db: &TestDatabase, table: &str) -> anyhow::Result<i64> {
    let pool = db.connect("auth.db").await?;
    let count = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    Ok(count)
}

/// Audit rows of `kind`.
pub async fn count_events(db: &TestDatabase, kind: &str) -> anyhow::Result<i64> {
    let pool = db.connect("auth.db").await?;
    let count = sqlx::query_scalar("SELECT COUNT(*) FROM auth_events WHERE kind = $1")
        .bind(kind)
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    Ok(count)
}
