//! Deployment-wide random keys, created by whichever replica starts first.

use sqlx::AnyPool;

use secrecy::{ExposeSecret, SecretString};

/// The key named `name`; `fresh` is stored as that key when none is yet
/// (the first replica to start wins).
pub async fn load_or_create(
    pool: &AnyPool,
    name: &str,
    fresh: &SecretString,
) -> anyhow::Result<Vec<u8>> {
    sqlx::query("INSERT INTO service_keys (name, key_material) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(fresh.expose_secret().to_owned())
        .execute(pool)
        .await?;
    let material: String =
        sqlx::query_scalar("SELECT key_material FROM service_keys WHERE name = $1")
            .bind(name)
            .fetch_one(pool)
            .await?;
    Ok(material.into_bytes())
}
