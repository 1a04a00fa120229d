//! Which measurements run, in what order, and the report that compares
//! them with the bars of the README's "Benchmarks".

use std::time::Duration;

use crate::load::{self, Stats, Window};
use crate::scenarios::{
    contact_forms, cores, count_tickets, echoes, logins, raw_argon2, session_token,
    thousand_logins, validate_native, validate_web,
};
use crate::servers::Server;
use auth_service::domain::hashing::Implementation;

/// The two sides of each ratio alternate in rounds of about this length,
/// so that drift in what the shared cores can give (other tenants,
/// frequency) weighs on both sides alike.
pub const ROUND: Duration = Duration::from_millis(250);

/// `--quick` rounds are longer, so that fewer warm-ups fit the minute.
pub const QUICK_ROUND: Duration = Duration::from_millis(500);

/// Each round and run first warms up for this long, uncounted, so that
/// every figure is taken in steady state (a login's pipeline is a queue of
/// hashing plus database work; a cold one would count its filling).
const WARMUP: Duration = Duration::from_millis(250);

/// One bar's measurement, selectable with `--only`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Measurement {
    /// Correct-password Login vs raw argon2id.
    Login,
    /// ValidateSession vs a trivial tonic echo.
    Validate,
    /// ValidateSession through grpc-web vs native gRPC, embedded and in
    /// proxy mode.
    Web,
    /// SubmitContactForm throughput, latency and tickets stored.
    Forms,
    /// Peak memory under 1,000 concurrent Logins.
    Burst,
}

#[derive(Debug)]
pub struct Options {
    pub duration: Duration,
    /// The length of each alternating round.
    pub round: Duration,
    pub concurrency: usize,
    /// Empty: all of them.
    pub only: Vec<Measurement>,
}

impl Options {
    fn wants(&self, measurement: Measurement) -> bool {
        self.only.is_empty() || self.only.contains(&measurement)
    }
}

/// What the run found: one line per figure, one per bar.
#[derive(Debug, Default)]
struct Report {
    figures: Vec<String>,
    verdicts: Vec<String>,
}

impl Report {
    fn figure(&mut self, stats: &Stats, name: &str) {
        self.figures.push(stats.line(name));
    }

    /// The bar is judged on the ratio of the totals; the spread of the
    /// round-by-round ratios shows how steady the machine was.
    fn ratio(&mut self, name: &str, (ours, reference): (&[Stats], &[Stats]), bar: f64) {
        let value = load::combine(ours).per_second() / load::combine(reference).per_second();
        let mut rounds: Vec<f64> = ours
            .iter()
            .zip(reference)
            .map(|(ours, reference)| ours.per_second() / reference.per_second() * 100.0)
            .collect();
        rounds.sort_by(f64::total_cmp);
        let (low, median, high) = (
            rounds.first().copied().unwrap_or_default(),
            rounds.get(rounds.len() / 2).copied().unwrap_or_default(),
            rounds.last().copied().unwrap_or_default(),
        );
        self.verdicts.push(format!(
            "{name:<40} {:>6.1}%  (bar ≥ {:.0}%: {}; rounds {low:.0}–{high:.0}%, median {median:.0}%)",
            value * 100.0,
            bar * 100.0,
            meets(value >= bar),
        ));
    }

    fn print(&self) {
        println!();
        for line in self
            .figures
            .iter()
            .chain([&String::new()])
            .chain(&self.verdicts)
        {
            println!("{line}");
        }
    }
}

/// Every acknowledged submission must be stored. More stored than
/// acknowledged is no loss: a reply the bench did not receive.
fn lost_or_not(stored: u64, acknowledged: u64) -> String {
    match stored.checked_sub(acknowledged) {
        Some(0) => "none lost".into(),
        Some(extra) => format!("none lost; {extra} stored whose reply was not received"),
        None => format!("{} LOST", acknowledged - stored),
    }
}

/// The grpc-web bar in proxy mode: the auth service in a process of its
/// own, a proxy-mode gateway in front of it; grpc-web through the gateway
/// against native gRPC straight to the service. The two serving processes
/// and the bench share the machine's cores, so each serving process runs
/// one Tokio worker: with a worker per core in each, their threads
/// outnumber the cores and preempt one another mid-call.
async fn proxied(
    report: &mut Report,
    dir: &std::path::Path,
    rounds: u32,
    round: Window,
    concurrency: usize,
) -> anyhow::Result<()> {
    let auth =
        Server::spawn_on_one_worker("serve-auth", &[&dir.join("auth").display().to_string()])?;
    let proxy = Server::spawn_on_one_worker("serve-proxy", &[&format!("http://{}", auth.addr)])?;
    let token = session_token(&auth).await?;
    let (mut web, mut native) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        web.push(validate_web(&proxy, &token, round, concurrency).await?);
        native.push(validate_native(&auth, &token, round, concurrency).await?);
    }
    report.ratio("3b. proxy mode: grpc-web / native", (&web, &native), 0.50);
    report.figure(
        &load::combine(&web),
        "ValidateSession (grpc-web via proxy-mode gateway)",
    );
    report.figure(
        &load::combine(&native),
        "ValidateSession (native, straight to the service)",
    );
    Ok(())
}

fn meets(ok: bool) -> &'static str {
    if ok { "meets" } else { "MISSES" }
}

pub async fn run(options: Options) -> anyhow::Result<()> {
    let Options {
        duration,
        round: round_length,
        concurrency,
        ..
    } = options;
    let dir = tempfile::tempdir()?;
    let portal_dir = dir.path().join("main");
    let rounds = u32::try_from(duration.as_millis() / round_length.as_millis().max(1))
        .unwrap_or(u32::MAX)
        .max(3);
    let round = Window {
        warmup: WARMUP,
        length: duration / rounds,
    };
    let whole = Window {
        warmup: WARMUP,
        length: duration,
    };
    let portal = Server::spawn("serve-portal", &[&portal_dir.display().to_string()])?;
    println!(
        "machine: {} cores; {} s per measurement, ratios in {rounds} alternating rounds; \
         {concurrency} concurrent callers",
        cores(),
        duration.as_secs()
    );
    let mut report = Report::default();

    if options.wants(Measurement::Login) {
        let (mut ours, mut sodium, mut rust, mut login) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            for (implementation, stats) in [
                (Implementation::Argon2Rust, &mut ours),
                (Implementation::Sodium, &mut sodium),
                (Implementation::RustCrypto, &mut rust),
            ] {
                stats.push(
                    tokio::task::spawn_blocking(move || raw_argon2(round, implementation))
                        .await??,
                );
            }
            login.push(logins(&portal, round, cores() * 4).await?);
        }
        report.ratio("1. Login / raw libsodium argon2id", (&login, &sodium), 0.90);
        report.ratio(
            "   Login / raw argon2-rust argon2id (what Login hashes with)",
            (&login, &ours),
            0.90,
        );
        report.ratio(
            "   raw argon2-rust / raw libsodium argon2id",
            (&ours, &sodium),
            1.0,
        );
        report.ratio(
            "   raw libsodium / raw RustCrypto argon2id",
            (&sodium, &rust),
            1.0,
        );
        let (ours, sodium, rust, login) = (
            load::combine(&ours),
            load::combine(&sodium),
            load::combine(&rust),
            load::combine(&login),
        );
        report.figure(&ours, "raw argon2-rust argon2id (1 thread/core)");
        report.figure(&sodium, "raw libsodium argon2id (1 thread/core)");
        report.figure(&rust, "raw RustCrypto argon2id (1 thread/core)");
        report.figure(&login, "Login, correct password");
        report.verdicts.push(format!(
            "   {:.1} logins/s per core at argon2id m=19456 KiB t=2. Anchors: Kanidm 57/s per \
             core at m=8 MiB; Keycloak 15/s per vCPU at m=7 MiB t=5",
            login.per_second() / cores() as f64
        ));
    }

    if options.wants(Measurement::Validate) || options.wants(Measurement::Web) {
        let token = session_token(&portal).await?;
        if options.wants(Measurement::Validate) {
            let echo_server = Server::spawn("serve-echo", &[])?;
            let (mut validate, mut echo) = (Vec::new(), Vec::new());
            for _ in 0..rounds {
                validate.push(validate_native(&portal, &token, round, concurrency).await?);
                echo.push(echoes(&echo_server, round, concurrency).await?);
            }
            report.ratio("2. ValidateSession / echo", (&validate, &echo), 0.70);
            report.figure(&load::combine(&echo), "trivial tonic echo (native gRPC)");
            report.figure(&load::combine(&validate), "ValidateSession (native gRPC)");
        }
        if options.wants(Measurement::Web) {
            let (mut web, mut native) = (Vec::new(), Vec::new());
            for _ in 0..rounds {
                web.push(validate_web(&portal, &token, round, concurrency).await?);
                native.push(validate_native(&portal, &token, round, concurrency).await?);
            }
            report.ratio(
                "3. grpc-web ValidateSession / native",
                (&web, &native),
                0.50,
            );
            report.figure(
                &load::combine(&web),
                "ValidateSession (grpc-web via gateway)",
            );
            report.figure(
                &load::combine(&native),
                "ValidateSession (native, beside grpc-web)",
            );
            proxied(&mut report, dir.path(), rounds, round, concurrency).await?;
        }
    }

    if options.wants(Measurement::Forms) {
        let forms = contact_forms(&portal, whole, concurrency).await?;
        drop(portal);
        let stored = count_tickets(&portal_dir.join("support.db")).await?;
        report.figure(&forms, "SubmitContactForm (embedded, SQLite)");
        let fast = forms.p99 < Duration::from_millis(50);
        report.verdicts.push(format!(
            "4. SubmitContactForm: {:.0}/s (bar ≥ 1000/s: {}), p99 {:.1} ms (bar < 50 ms: {}), \
             stored {stored} of {} acknowledged ({})",
            forms.per_second(),
            meets(forms.per_second() >= 1000.0),
            forms.p99.as_secs_f64() * 1000.0,
            meets(fast),
            forms.acknowledged,
            lost_or_not(stored, forms.acknowledged),
        ));
    } else {
        drop(portal);
    }

    if options.wants(Measurement::Burst) {
        let (burst, unavailable, peak_kib) = thousand_logins(&dir.path().join("burst")).await?;
        report.figure(&burst, "1,000 concurrent Logins");
        report.verdicts.push(format!(
            "5. peak RSS during 1,000 concurrent Logins: {:.1} MiB (bar ≤ 300 MiB: {}); \
             {} of 1,000 signed in (bar ≥ 950: {}), p99 {:.0} ms; {unavailable} answered \
             UNAVAILABLE",
            peak_kib as f64 / 1024.0,
            meets(peak_kib <= 300 * 1024),
            burst.ok,
            meets(burst.ok >= 950),
            burst.p99.as_secs_f64() * 1000.0,
        ));
    }

    report.print();
    Ok(())
}
