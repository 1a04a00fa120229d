//! Both services started together the way the suites need them: each on a
//! fresh database, both mailing one real SMTP server, and support checking
//! sessions against this auth service.

use crate::{SmtpServer, TestAuth, TestAuthOptions, TestDatabase, TestSupport, TestSupportOptions};

/// Fields drop in order: the services stop before their databases go.
#[derive(Debug)]
pub struct Services {
    pub auth: TestAuth,
    pub support: TestSupport,
    pub smtp: SmtpServer,
    pub auth_db: TestDatabase,
    pub support_db: TestDatabase,
}

impl Services {
    /// `smtp_url` left unset in either options means the shared SMTP
    /// server; `support.auth_url` is always this auth service.
    pub async fn spawn(auth: TestAuthOptions, support: TestSupportOptions) -> anyhow::Result<Self> {
        let auth_db = TestDatabase::fresh().await?;
        let support_db = TestDatabase::fresh().await?;
        let smtp = SmtpServer::start()?;
        let auth = TestAuth::spawn(
            &auth_db,
            TestAuthOptions {
                smtp_url: auth.smtp_url.clone().or_else(|| Some(smtp.url())),
                ..auth
            },
        )
        .await?;
        let support = TestSupport::spawn(
            &support_db,
            TestSupportOptions {
                smtp_url: support.smtp_url.clone().or_else(|| Some(smtp.url())),
                auth_url: auth.url(),
                ..support
            },
        )
        .await?;
        Ok(Self {
            auth,
            support,
            smtp,
            auth_db,
            support_db,
        })
    }
}
