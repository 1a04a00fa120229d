//! The command line: `serve` (the default) and the operator commands.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use portal_common::SystemClock;
use portal_common::email::Email;
use secrecy::SecretString;
use tokio_util::sync::CancellationToken;

use crate::domain::AuthDomain;
use crate::domain::accounts::NewAccount;
use crate::domain::admin::BootstrapOutcome;
use crate::domain::model::Role;
use crate::settings::Settings;

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
    /// Create the first PLATFORM_ADMIN (INVITED) and email the access email;
    /// run again for the same email to re-send it.
    BootstrapAdmin {
        #[arg(long, value_parser = parse_email)]
        email: Email,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an active account; the password is read from standard input.
    Create {
        #[arg(long, value_parser = parse_email)]
        email: Email,
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

fn parse_email(text: &str) -> Result<Email, String> {
    Email::parse(text, "--email").map_err(|violation| violation.description)
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        "expected PLATFORM_ADMIN, PROGRAM_ADMIN, LICENSE_OWNER or SUPPORT_AGENT".to_owned()
    })
}

/// `bootstrap-admin`: creates or re-invites the first operator.
pub async fn run_bootstrap_admin(settings: Settings, email: Email) -> anyhow::Result<()> {
    let stop = CancellationToken::new();
    let domain =
        portal_common::service::build::<AuthDomain>(&settings, Arc::new(SystemClock), stop.clone())
            .await?;
    let outcome = domain.bootstrap_admin(&email).await;
    // Try the access email once before the process ends; what could not
    // be sent stays in the outbox for the service to deliver.
    if let Err(error) = domain.flush_mail().await {
        tracing::warn!(error = %format!("{error:#}"), "access email left in the outbox");
    }
    stop.cancel();
    match outcome.map_err(|error| anyhow::anyhow!("{error:#}"))? {
        BootstrapOutcome::Created { user_id } => {
            println!("created platform administrator {user_id}; the access email is on its way")
        }
        BootstrapOutcome::AccessEmailResent { user_id } => {
            println!(
                "platform administrator {user_id} is still invited; a new access email is on its way"
            )
        }
        BootstrapOutcome::AlreadyActive { user_id } => {
            println!(
                "platform administrator {user_id} has already completed registration; nothing sent"
            )
        }
    }
    Ok(())
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
            let domain = portal_common::service::build::<AuthDomain>(
                &settings,
                Arc::new(SystemClock),
                stop.clone(),
            )
            .await?;
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
                Err(error) => Err(anyhow::anyhow!("{error:#}")),
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
