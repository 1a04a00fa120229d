//! `gateway`: load settings, start telemetry, run in proxy or embedded mode.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;
use gateway::{Backends, Gateway, Settings};
use portal_common::SystemClock;

#[derive(Debug, Parser)]
#[command(name = "gateway", about = "grpc-web and gRPC front door of the portal")]
struct Cli {
    /// TOML settings file (also `GATEWAY_CONFIG`).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Seed a demo organisation, site and accounts (embedded mode) and print
    /// their passwords.
    #[arg(long)]
    demo: bool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    portal_common::telemetry::init("info,sqlx=warn");
    let settings = Settings::load(cli.config.as_deref())?;
    let backends = match (settings.auth_url.clone(), settings.support_url.clone()) {
        (Some(auth_url), Some(support_url)) => Backends::Remote {
            auth_url,
            support_url,
        },
        (None, None) => Backends::Embedded {
            auth: Box::new(auth_service::Settings::load(None)?),
            support: Box::new(support_service::Settings::load(None)?),
            clock: Arc::new(SystemClock),
        },
        _ => anyhow::bail!(
            "set both AUTH_URL and SUPPORT_URL (proxy mode) or neither (embedded mode)"
        ),
    };
    let gateway = Gateway::build(settings, backends).await?;
    let address = gateway.local_addr()?;
    if cli.demo {
        let Some(embedded) = gateway.embedded() else {
            anyhow::bail!("--demo seeds the embedded services; unset AUTH_URL and SUPPORT_URL");
        };
        let lines = gateway::demo::seed(&embedded.auth).await?;
        println!("Demo accounts (organisation Demo Health, site Demo Clinic):");
        for line in lines {
            println!("{line}");
        }
    }
    if !gateway::web::is_built() {
        println!("The web front end is not built into this gateway (run `make run`).");
    }
    println!(
        "Portal listening on http://{address}/ : open it in a browser (gRPC and grpc-web on the same port)"
    );
    gateway
        .run_until_stopped(portal_common::shutdown::signal())
        .await
}
