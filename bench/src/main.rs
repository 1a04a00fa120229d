//! `bench`: measures the portal against the bars of DESIGN §11, each as a
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
#[command(name = "bench", about = "Portal benchmarks (DESIGN §11)")]
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
    ServePortal { data_dir: PathBuf },
    /// (internal) serve the echo service for the bench.
    ServeEcho,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match cli.role {
        Some(Role::ServePortal { data_dir }) => runtime.block_on(servers::serve_portal(&data_dir)),
        Some(Role::ServeEcho) => runtime.block_on(servers::serve_echo()),
        None => {
            let duration =
                Duration::from_secs(cli.duration.unwrap_or(if cli.quick { 3 } else { 10 }));
            runtime.block_on(run::run(run::Options {
                duration,
                concurrency: cli.concurrency,
                only: cli.only,
            }))
        }
    }
}
