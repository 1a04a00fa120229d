//! A fresh, empty database per test: a SQLite file in a temporary folder,
//! or, when `PORTAL_TEST_POSTGRES_URL` names a server, a new PostgreSQL
//! database on it.

use secrecy::SecretString;
use sqlx::Connection;
use tempfile::TempDir;
use uuid::Uuid;

/// Names the PostgreSQL server to run the suite against, e.g.
/// `postgres://postgres@127.0.0.1:5432/postgres`.
pub const POSTGRES_ENV: &str = "PORTAL_TEST_POSTGRES_URL";

#[derive(Debug)]
pub struct TestDatabase {
    /// `None` on SQLite: the service puts its file under `data_dir`.
    pub url: Option<String>,
    pub data_dir: TempDir,
    /// The server URL and database name to drop afterwards (PostgreSQL).
    created: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn fresh() -> anyhow::Result<Self> {
        let data_dir = tempfile::tempdir()?;
        let (url, created) = match std::env::var(POSTGRES_ENV) {
            Ok(server) if !server.trim().is_empty() => {
                let (url, name) = create_postgres_database(&server).await?;
                (Some(url), Some((server, name)))
            }
            _ => (None, None),
        };
        Ok(Self {
            url,
            data_dir,
            created,
        })
    }

    pub fn url_secret(&self) -> Option<SecretString> {
        self.url.clone().map(SecretString::from)
    }

    /// A pool on the same database, for assertions on what was stored.
    pub async fn connect(&self, sqlite_name: &str) -> anyhow::Result<sqlx::AnyPool> {
        sqlx::any::install_default_drivers();
        let url = match &self.url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}",
                self.data_dir.path().join(sqlite_name).display()
            ),
        };
        Ok(sqlx::any::AnyPoolOptions::new()
            .max_connections(2)
            .connect(&url)
            .await?)
    }
}

impl Drop for TestDatabase {
    /// Drops the PostgreSQL database, on a thread of its own because `Drop`
    /// cannot await; services still connected are disconnected by FORCE.
    fn drop(&mut self) {
        let Some((server, name)) = self.created.take() else {
            return;
        };
        let dropped = std::thread::spawn(move || -> anyhow::Result<()> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&server).await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await?;
                admin.close().await?;
                anyhow::Ok(())
            })
        })
        .join();
        if let Ok(Err(error)) = dropped {
            eprintln!("could not drop test database: {error:#}");
        }
    }
}

/// Creates a database on `server`; returns its URL and name.
async fn create_postgres_database(server: &str) -> anyhow::Result<(String, String)> {
    let name = format!("portal_test_{}", Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(server).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server, String::new()),
    };
    let prefix = base.rsplit_once('/').map_or(base, |(prefix, _)| prefix);
    Ok((format!("{prefix}/{name}{query}"), name))
}
