//! The command line: `serve` (the default) and the operator commands.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use portal_common::SystemClock;
use secrecy::SecretString;
use tokio_util::sync::CancellationToken;

use crate::domain::accounts::NewAccount;
use crate::domain::model::Role;
use crate::settings::Settings;
use crate::startup::build_domain;

#[derive(Debug, Parser)]
#[command(
    name = "auth-service",
    about = "Accounts, sign-in, sessions and lockout"
)]
pub struct Cli {
    /// TOML settings file (also `AUTH_CONFIG`).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve gRPC (the default).
    Serve,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an active account; the password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "")]
        first_name: String,
        #[arg(long, default_value = "")]
        last_name: String,
        /// Organisation name, created when missing.
        #[arg(long)]
        organization: Option<String>,
        /// Site name inside the organisation (repeatable), created when missing.
        #[arg(long = "site")]
        sites: Vec<String>,
        /// PLATFORM_ADMIN, PROGRAM_ADMIN, LICENSE_OWNER or SUPPORT_AGENT (repeatable).
        #[arg(long = "role", value_parser = parse_role)]
        roles: Vec<Role>,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        "expected PLATFORM_ADMIN, PROGRAM_ADMIN, LICENSE_OWNER or SUPPORT_AGENT".to_owned()
    })
}

/// Runs an operator command against the configured database.
pub async fn run_user_command(settings: Settings, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Create {
            email,
            first_name,
            last_name,
            organization,
            sites,
            roles,
        } => {
            let password = read_password()?;
            let stop = CancellationToken::new();
            let domain = build_domain(&settings, Arc::new(SystemClock), stop.clone()).await?;
            let result = domain
                .create_account(NewAccount {
                    email,
                    password,
                    first_name,
                    last_name,
                    organization,
                    sites,
                    roles,
                })
                .await;
            stop.cancel();
            match result {
                Ok(id) => {
                    println!("created user {id}");
                    Ok(())
                }
                Err(crate::error::AuthError::InvalidArgument(violations)) => {
                    let lines: Vec<String> = violations
                        .iter()
                        .map(|v| format!("{}: {}", v.field, v.description))
                        .collect();
                    anyhow::bail!("refused:\n  {}", lines.join("\n  "))
                }
                Err(error) => Err(anyhow::anyhow!("{error}")),
            }
        }
    }
}

/// The password is read from standard input (one line), never from
/// arguments, which other users of the machine can see.
fn read_password() -> anyhow::Result<SecretString> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password: ");
    }
    let mut text = String::new();
    stdin
        .read_to_string(&mut text)
        .context("reading the password from standard input")?;
    let password = text.strip_suffix('\n').unwrap_or(&text);
    let password = password.strip_suffix('\r').unwrap_or(password);
    Ok(SecretString::from(password.to_owned()))
}
