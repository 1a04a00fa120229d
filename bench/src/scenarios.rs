//! The measurements: each drives one kind of call and returns its figures.

use std::thread;
use std::time::Instant;

use auth_service::domain::hashing::{Cost, Engine, Implementation, OUTPUT_LEN, SALT_LEN};
use portal_proto::auth::v1::auth_service_client::AuthServiceClient;
use portal_proto::auth::v1::{LoginRequest, ValidateSessionRequest};
use portal_proto::support::v1::support_service_client::SupportServiceClient;
use portal_proto::support::v1::{Category, SubmitContactFormRequest};
use tonic::transport::Channel;

use crate::load::{self, Stats, Window};
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

pub(crate) fn cores() -> usize {
    thread::available_parallelism().map_or(1, usize::from)
}

/// The production cost (README, "Passwords").
const COST: Cost = Cost {
    memory_kib: 19_456,
    iterations: 2,
    parallelism: 1,
};

/// argon2id verifications per second, m=19456 t=2 p=1, computed by
/// `implementation` on one thread per core: the ceiling for sign-in.
pub(crate) fn raw_argon2(window: Window, implementation: Implementation) -> anyhow::Result<Stats> {
    let placed = window.place_now();
    let handles: Vec<_> = (0..cores())
        .map(|_| {
            thread::spawn(move || -> anyhow::Result<Vec<std::time::Duration>> {
                let mut engine = Engine::new(COST)?;
                let mut out = [0u8; OUTPUT_LEN];
                let mut latencies = Vec::new();
                while Instant::now() < placed.closes {
                    let at = Instant::now();
                    let ok = engine
                        .derive(
                            COST,
                            PASSWORD.as_bytes(),
                            &[7u8; SALT_LEN],
                            &mut out,
                            Some(implementation),
                        )
                        .is_ok();
                    // Counted like the load driver counts calls.
                    let done = Instant::now();
                    if ok && placed.counts(done) {
                        latencies.push(done - at);
                    }
                }
                Ok(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for handle in handles {
        latencies.extend(
            handle
                .join()
                .map_err(|_| anyhow::anyhow!("argon2 thread panicked"))??,
        );
    }
    Ok(load::summarize(latencies, 0, window.length))
}

pub(crate) async fn logins(
    server: &Server,
    window: Window,
    concurrency: usize,
) -> anyhow::Result<Stats> {
    let channels = channels(server).await?;
    Ok(load::run(
        concurrency,
        window,
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

pub(crate) async fn session_token(server: &Server) -> anyhow::Result<String> {
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

pub(crate) async fn validate_native(
    server: &Server,
    token: &str,
    window: Window,
    concurrency: usize,
) -> anyhow::Result<Stats> {
    let channels = channels(server).await?;
    let token = token.to_owned();
    Ok(load::run(
        concurrency,
        window,
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

pub(crate) async fn validate_web(
    server: &Server,
    token: &str,
    window: Window,
    concurrency: usize,
) -> anyhow::Result<Stats> {
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    let origin: http::Uri = format!("http://{}", server.addr).parse()?;
    let token = token.to_owned();
    Ok(load::run(
        concurrency,
        window,
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

pub(crate) async fn echoes(
    server: &Server,
    window: Window,
    concurrency: usize,
) -> anyhow::Result<Stats> {
    let channels = channels(server).await?;
    Ok(load::run(
        concurrency,
        window,
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

pub(crate) async fn contact_forms(
    server: &Server,
    window: Window,
    concurrency: usize,
) -> anyhow::Result<Stats> {
    let channels = channels(server).await?;
    Ok(load::run(
        concurrency,
        window,
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
pub(crate) async fn thousand_logins(
    data_dir: &std::path::Path,
) -> anyhow::Result<(Stats, u64, u64)> {
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

pub(crate) async fn count_tickets(file: &std::path::Path) -> anyhow::Result<u64> {
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
