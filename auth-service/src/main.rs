//! `auth-service`: load settings, start telemetry, run.

use std::sync::Arc;

use auth_service::cli::{Cli, Command};
use auth_service::{Application, Settings};
use clap::Parser;
use portal_common::SystemClock;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    portal_common::telemetry::init("info,sqlx=warn");
    let settings = Settings::load(cli.config.as_deref())?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(settings, Arc::new(SystemClock)).await?;
            app.run_until_stopped(portal_common::shutdown::signal())
                .await
        }
        Command::User { command } => auth_service::cli::run_user_command(settings, command).await,
        Command::BootstrapAdmin { email } => {
            auth_service::cli::run_bootstrap_admin(settings, email).await
        }
    }
}
