//! `support-service`: load settings, start telemetry, run.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;
use portal_common::SystemClock;
use support_service::{Application, Settings};

#[derive(Debug, Parser)]
#[command(
    name = "support-service",
    about = "Contact forms, call backs and the agent desk"
)]
struct Cli {
    /// TOML settings file (also `SUPPORT_CONFIG`).
    #[arg(long)]
    config: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    portal_common::telemetry::init("info,sqlx=warn");
    let settings = Settings::load(cli.config.as_deref())?;
    let app = Application::build(settings, Arc::new(SystemClock)).await?;
    app.run_until_stopped(portal_common::shutdown::signal())
        .await
}
