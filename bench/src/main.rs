//! `bench`: measures the portal against the bars of the README's "Benchmarks", each as a
//! ratio taken in the same run on the same machine. `--quick` finishes in
//! under a minute; see BENCHMARKS.md for the figures.

mod load;
mod run;
mod scenarios;
mod servers;

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "bench",
    about = "Portal benchmarks (the README's \"Benchmarks\")"
)]
struct Cli {
    /// Short runs (the whole bench in under a minute).
    #[arg(long)]
    quick: bool,
    /// Seconds per measurement (default 10, or 3 with --quick).
    #[arg(long)]
    duration: Option<u64>,
    /// Concurrent callers for the throughput measurements.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Run only these measurements (comma-separated; default: all).
    #[arg(long, value_enum, value_delimiter = ',')]
    only: Vec<run::Measurement>,
    #[command(subcommand)]
    role: Option<Role>,
}

#[derive(Debug, Subcommand)]
enum Role {
    /// (internal) serve the embedded portal for the bench.
    #[command(name = "serve-portal")]
    Portal { data_dir: PathBuf },
    /// (internal) serve the echo service for the bench.
    #[command(name = "serve-echo")]
    Echo,
    /// (internal) serve the auth service alone for the bench.
    #[command(name = "serve-auth")]
    Auth { data_dir: PathBuf },
    /// (internal) serve a proxy-mode gateway in front of `auth_url`.
    #[command(name = "serve-proxy")]
    Proxy { auth_url: String },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match cli.role {
        Some(Role::Portal { data_dir }) => runtime.block_on(servers::serve_portal(&data_dir)),
        Some(Role::Echo) => runtime.block_on(servers::serve_echo()),
        Some(Role::Auth { data_dir }) => runtime.block_on(servers::serve_auth(&data_dir)),
        Some(Role::Proxy { auth_url }) => runtime.block_on(servers::serve_proxy(auth_url)),
        None => {
            let duration =
                Duration::from_secs(cli.duration.unwrap_or(if cli.quick { 3 } else { 10 }));
            runtime.block_on(run::run(run::Options {
                duration,
                round: if cli.quick {
                    run::QUICK_ROUND
                } else {
                    run::ROUND
                },
                concurrency: cli.concurrency,
                only: cli.only,
            }))
        }
    }
}
