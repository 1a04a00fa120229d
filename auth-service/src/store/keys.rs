//! Deployment-wide random keys, created by whichever replica starts first.

use sqlx::AnyPool;

use crate::domain::tokens::random_secret;
use secrecy::ExposeSecret;

/// The key named `name`, generated on first use.
pub async fn load_or_create(pool: &AnyPool, name: &str) -> anyhow::Result<Vec<u8>> {
    sqlx::query("INSERT INTO service_keys (name, key_material) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(random_secret().expose_secret().to_owned())
        .execute(pool)
        .await?;
    let material: String =
        sqlx::query_scalar("SELECT key_material FROM service_keys WHERE name = $1")
            .bind(name)
            .fetch_one(pool)
            .await?;
    Ok(material.into_bytes())
}
