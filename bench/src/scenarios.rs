//! The five measurements and the report.

use std::thread;
use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Block, Params, Version};
use portal_proto::auth::v1::auth_service_client::AuthServiceClient;
use portal_proto::auth::v1::{LoginRequest, ValidateSessionRequest};
use portal_proto::support::v1::support_service_client::SupportServiceClient;
use portal_proto::support::v1::{Category, SubmitContactFormRequest};
use tonic::transport::Channel;

use crate::load::{self, Stats};
use crate::servers::{PASSWORD, Server, USERS, echo, user};

const CHANNELS: usize = 4;

async fn channels(server: &Server) -> anyhow::Result<Vec<Channel>> {
    let mut out = Vec::new();
    for _ in 0..CHANNELS {
        out.push(
            Channel::from_shared(format!("http://{}", server.addr))?
                .connect()
                .await?,
        );
    }
    Ok(out)
}

fn cores() -> usize {
    thread::available_parallelism().map_or(1, usize::from)
}

/// argon2id verifications per second, m=19456 t=2 p=1, on one thread per
/// core, each reusing its memory: the ceiling for sign-in.
fn raw_argon2(duration: Duration) -> anyhow::Result<Stats> {
    let params = Params::new(19_456, 2, 1, Some(32)).map_err(|e| anyhow::anyhow!("{e}"))?;
    let started = Instant::now();
    let handles: Vec<_> = (0..cores())
        .map(|_| {
            let params = params.clone();
            thread::spawn(move || {
                let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
                let mut blocks = vec![Block::default(); params.block_count()];
                let mut out = [0u8; 32];
                let mut latencies = Vec::new();
                while started.elapsed() < duration {
                    let at = Instant::now();
                    if argon2
                        .hash_password_into_with_memory(
                            PASSWORD.as_bytes(),
                            b"sixteen byte salt",
                            &mut out,
                            &mut blocks,
                        )
                        .is_ok()
                    {
                        latencies.push(at.elapsed());
                    }
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for handle in handles {
        latencies.extend(
            handle
                .join()
                .map_err(|_| anyhow::anyhow!("argon2 thread panicked"))?,
        );
    }
    Ok(load::summarize(latencies, 0, started.elapsed()))
}

async fn logins(server: &Server, duration: Duration, concurrency: usize) -> anyhow::Result<Stats> {
    let channels = channels(server).await?;
    Ok(load::run(
        concurrency,
        duration,
        |i| (AuthServiceClient::new(channels[i % CHANNELS].clone()), i),
        |(client, i): &mut (AuthServiceClient<Channel>, usize)| {
            let request = LoginRequest {
                email: user(*i % USERS),
                password: PASSWORD.into(),
            };
            let mut client = client.clone();
            async move { client.login(request).await.is_ok() }
        },
    )
    .await)
}

async fn session_token(server: &Server) -> anyhow::Result<String> {
    let mut client = AuthServiceClient::new(channels(server).await?.remove(0));
    Ok(client
        .login(LoginRequest {
            email: user(0),
            password: PASSWORD.into(),
        })
        .await?
        .into_inner()
        .session_token)
}

async fn validate_native(
    server: &Server,
    token: &str,
    duration: Duration,
    concurrency: usize,
) -> anyhow::Result<Stats> {
    let channels = channels(server).await?;
    let token = token.to_owned();
    Ok(load::run(
        concurrency,
        duration,
        |i| AuthServiceClient::new(channels[i % CHANNELS].clone()),
        move |client: &mut AuthServiceClient<Channel>| {
            let mut client = client.clone();
            let request = ValidateSessionRequest {
                session_token: token.clone(),
            };
            async move { client.validate_session(request).await.is_ok() }
        },
    )
    .await)
}

async fn validate_web(
    server: &Server,
    token: &str,
    duration: Duration,
    concurrency: usize,
) -> anyhow::Result<Stats> {
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    let origin: http::Uri = format!("http://{}", server.addr).parse()?;
    let token = token.to_owned();
    Ok(load::run(
        concurrency,
        duration,
        move |_| {
            let http = Client::builder(TokioExecutor::new()).build_http();
            let web = tower::ServiceBuilder::new()
                .layer(tonic_web::GrpcWebClientLayer::new())
                .service(http);
            AuthServiceClient::with_origin(web, origin.clone())
        },
        move |client| {
            let mut client = client.clone();
            let request = ValidateSessionRequest {
                session_token: token.clone(),
            };
            async move { client.validate_session(request).await.is_ok() }
        },
    )
    .await)
}

async fn echoes(server: &Server, duration: Duration, concurrency: usize) -> anyhow::Result<Stats> {
    let channels = channels(server).await?;
    Ok(load::run(
        concurrency,
        duration,
        |i| echo::echo_client::EchoClient::new(channels[i % CHANNELS].clone()),
        |client: &mut echo::echo_client::EchoClient<Channel>| {
            let mut client = client.clone();
            async move {
                client
                    .echo(echo::EchoMessage {
                        text: "ps_session-token-sized-payload-0123456789abc".into(),
                    })
                    .await
                    .is_ok()
            }
        },
    )
    .await)
}

async fn contact_forms(
    server: &Server,
    duration: Duration,
    concurrency: usize,
) -> anyhow::Result<Stats> {
    let channels = channels(server).await?;
    Ok(load::run(
        concurrency,
        duration,
        |i| {
            (
                SupportServiceClient::new(channels[i % CHANNELS].clone()),
                i,
                0usize,
            )
        },
        |(client, i, n): &mut (SupportServiceClient<Channel>, usize, usize)| {
            *n += 1;
            let mut client = client.clone();
            let request = SubmitContactFormRequest {
                name: "Bench Requester".into(),
                email: format!("requester{i}@example.com"),
                organization: "Bench Org".into(),
                category: Category::Other as i32,
                subject: format!("Bench ticket {i}-{n}"),
                message: "I cannot sign in and would like some help, please.".into(),
                website: String::new(),
            };
            async move { client.submit_contact_form(request).await.is_ok() }
        },
    )
    .await)
}

/// 1,000 logins at once against a fresh portal: how many were answered,
/// how many refused as UNAVAILABLE, and the portal's peak memory.
async fn thousand_logins(data_dir: &std::path::Path) -> anyhow::Result<(Stats, u64, u64)> {
    let server = Server::spawn("serve-portal", &[&data_dir.display().to_string()])?;
    let channels = channels(&server).await?;
    let started = Instant::now();
    let tasks: Vec<_> = (0..1000)
        .map(|i| {
            let mut client = AuthServiceClient::new(channels[i % CHANNELS].clone());
            tokio::spawn(async move {
                let at = Instant::now();
                let result = client
                    .login(LoginRequest {
                        email: user(i % USERS),
                        password: PASSWORD.into(),
                    })
                    .await;
                (result.map(|_| ()).map_err(|s| s.code()), at.elapsed())
            })
        })
        .collect();
    let (mut latencies, mut unavailable, mut other) = (Vec::new(), 0u64, 0u64);
    for task in tasks {
        match task.await? {
            (Ok(()), latency) => latencies.push(latency),
            (Err(tonic::Code::Unavailable), _) => unavailable += 1,
            (Err(code), _) => {
                other += 1;
                if other == 1 {
                    println!("(first other refusal in the burst: {code:?})");
                }
            }
        }
    }
    let stats = load::summarize(latencies, unavailable + other, started.elapsed());
    Ok((stats, unavailable, server.peak_rss_kib()?))
}

fn ratio(name: &str, value: f64, bar: f64) -> String {
    let verdict = if value >= bar { "meets" } else { "MISSES" };
    format!(
        "{name:<52} {:>6.1}%   (bar ≥ {:.0}%: {verdict})",
        value * 100.0,
        bar * 100.0
    )
}

pub async fn run_all(duration: Duration, concurrency: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let portal = Server::spawn(
        "serve-portal",
        &[&dir.path().join("main").display().to_string()],
    )?;
    let echo_server = Server::spawn("serve-echo", &[])?;
    println!(
        "machine: {} cores; {} s per measurement; {concurrency} concurrent callers",
        cores(),
        duration.as_secs()
    );

    // Raw argon2 and Login alternate in three rounds, so that drift in what
    // the shared cores can give (other tenants, frequency) weighs on both
    // sides of the ratio alike.
    let round = duration / 3;
    let (mut raw, mut login) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        raw.push(tokio::task::spawn_blocking(move || raw_argon2(round)).await??);
        login.push(logins(&portal, round, cores() * 4).await?);
    }
    let (raw, login) = (load::combine(&raw), load::combine(&login));
    let token = session_token(&portal).await?;
    // Likewise for the session check and the echo it is compared with.
    let (mut validate, mut echo_stats) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        validate.push(validate_native(&portal, &token, round, concurrency).await?);
        echo_stats.push(echoes(&echo_server, round, concurrency).await?);
    }
    let (validate, echo_stats) = (load::combine(&validate), load::combine(&echo_stats));
    let web = validate_web(&portal, &token, duration, concurrency).await?;
    let forms = contact_forms(&portal, duration, concurrency).await?;
    drop(portal);
    let stored = count_tickets(&dir.path().join("main").join("support.db")).await?;
    let (burst, unavailable, peak_kib) = thousand_logins(&dir.path().join("burst")).await?;

    println!();
    println!("{}", raw.line("raw argon2id verifications (1 thread/core)"));
    println!("{}", login.line("Login, correct password"));
    println!("{}", echo_stats.line("trivial tonic echo (native gRPC)"));
    println!("{}", validate.line("ValidateSession (native gRPC)"));
    println!("{}", web.line("ValidateSession (grpc-web via gateway)"));
    println!("{}", forms.line("SubmitContactForm (embedded, SQLite)"));
    println!("{}", burst.line("1,000 concurrent Logins"));
    println!();
    println!(
        "{}",
        ratio(
            "1. Login / raw argon2id",
            login.per_second() / raw.per_second(),
            0.90
        )
    );
    println!(
        "{}",
        ratio(
            "2. ValidateSession / echo",
            validate.per_second() / echo_stats.per_second(),
            0.70
        )
    );
    println!(
        "{}",
        ratio(
            "3. grpc-web ValidateSession / native",
            web.per_second() / validate.per_second(),
            0.50
        )
    );
    println!(
        "4. SubmitContactForm: {:.0}/s (bar ≥ 1000/s: {}), p99 {:.1} ms (bar < 50 ms: {}), stored {} of {} acknowledged ({})",
        forms.per_second(),
        if forms.per_second() >= 1000.0 {
            "meets"
        } else {
            "MISSES"
        },
        forms.p99.as_secs_f64() * 1000.0,
        if forms.p99 < Duration::from_millis(50) {
            "meets"
        } else {
            "MISSES"
        },
        stored,
        forms.ok,
        if stored == forms.ok {
            "none lost"
        } else {
            "MISMATCH"
        }
    );
    println!(
        "5. peak RSS during 1,000 concurrent Logins: {:.1} MiB (bar ≤ 300 MiB: {}); {} answered UNAVAILABLE",
        peak_kib as f64 / 1024.0,
        if peak_kib <= 300 * 1024 {
            "meets"
        } else {
            "MISSES"
        },
        unavailable
    );
    println!(
        "Keycloak anchor: 15 password logins/s per vCPU at argon2id m=7168 KiB t=5; here {:.1} logins/s per core at m=19456 KiB t=2",
        login.per_second() / cores() as f64
    );
    Ok(())
}

async fn count_tickets(file: &std::path::Path) -> anyhow::Result<u64> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&format!("sqlite://{}?mode=ro", file.display()))
        .await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(&pool)
        .await?;
    Ok(u64::try_from(count).unwrap_or(0))
}
