//! The servers under test, each in a child process of its own (so its
//! memory can be measured and it does not share a runtime with the load):
//! the portal (the embedded gateway, as the README runs it), the auth
//! service alone behind a proxy-mode gateway, and a trivial echo service.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use anyhow::Context;
use portal_common::SystemClock;
use tonic::{Request, Response, Status};

pub mod echo {
    tonic::include_proto!("bench.echo.v1");
}

pub const PASSWORD: &str = "violet-harbour-lantern-42";
pub const USERS: usize = 16;

pub fn user(i: usize) -> String {
    format!("bench{i}@example.com")
}

/// A running child; killed when dropped.
#[derive(Debug)]
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `bench <role> <args…>` and waits for its `LISTENING addr` line.
    pub fn spawn(role: &str, args: &[&str]) -> anyhow::Result<Self> {
        Self::start(Command::new(std::env::current_exe()?).arg(role).args(args))
    }

    /// The same, with a single Tokio worker thread (`TOKIO_WORKER_THREADS`,
    /// which the runtime reads), for processes that share the cores with
    /// other serving processes.
    pub fn spawn_on_one_worker(role: &str, args: &[&str]) -> anyhow::Result<Self> {
        Self::start(
            Command::new(std::env::current_exe()?)
                .arg(role)
                .args(args)
                .env("TOKIO_WORKER_THREADS", "1"),
        )
    }

    fn start(command: &mut Command) -> anyhow::Result<Self> {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().context("child stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let addr = line
            .trim()
            .strip_prefix("LISTENING ")
            .with_context(|| format!("unexpected child output {line:?}"))?
            .parse()?;
        Ok(Self { child, addr })
    }

    /// Peak resident memory of the child so far (VmHWM), in KiB.
    pub fn peak_rss_kib(&self) -> anyhow::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .context("no VmHWM")
    }
}

/// Child role: the embedded portal on port 0 with limits off, seeded with
/// bench accounts.
pub async fn serve_portal(data_dir: &Path) -> anyhow::Result<()> {
    let auth = auth_service::Settings {
        data_dir: data_dir.to_path_buf(),
        ..auth_service::Settings::default()
    };
    // The bench submits from one address and a few emails: limits off.
    let support = support_service::Settings {
        data_dir: data_dir.to_path_buf(),
        limits: support_service::settings::LimitSettings {
            per_ip_per_hour: 0,
            per_email_per_hour: 0,
        },
        ..support_service::Settings::default()
    };
    let settings = gateway::Settings {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        rate_limit_per_minute: u32::MAX,
        ..gateway::Settings::default()
    };
    let backends = gateway::Backends::Embedded {
        auth: Box::new(auth),
        support: Box::new(support),
        clock: Arc::new(SystemClock),
    };
    let portal = gateway::Gateway::build(settings, backends).await?;
    seed_accounts(&portal.embedded().context("embedded")?.auth).await?;
    println!("LISTENING {}", portal.local_addr()?);
    portal.run_until_stopped(std::future::pending()).await
}

/// Child role: the auth service alone on port 0, seeded with bench
/// accounts (the back end of a proxy-mode gateway).
pub async fn serve_auth(data_dir: &Path) -> anyhow::Result<()> {
    let settings = auth_service::Settings {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        data_dir: data_dir.to_path_buf(),
        ..auth_service::Settings::default()
    };
    let app = auth_service::Application::build(settings, Arc::new(SystemClock)).await?;
    seed_accounts(&app.domain()).await?;
    println!("LISTENING {}", app.local_addr()?);
    app.run_until_stopped(std::future::pending()).await
}

/// Child role: the gateway in proxy mode, in front of the auth service at
/// `auth_url` (the bench sends it no support calls).
pub async fn serve_proxy(auth_url: String) -> anyhow::Result<()> {
    let settings = gateway::Settings {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        rate_limit_per_minute: u32::MAX,
        ..gateway::Settings::default()
    };
    let backends = gateway::Backends::Remote {
        support_url: auth_url.clone(),
        auth_url,
    };
    let gateway = gateway::Gateway::build(settings, backends).await?;
    println!("LISTENING {}", gateway.local_addr()?);
    gateway.run_until_stopped(std::future::pending()).await
}

/// The bench accounts; those that exist already are left as they are.
async fn seed_accounts(domain: &auth_service::domain::AuthDomain) -> anyhow::Result<()> {
    for i in 0..USERS {
        let _ = domain
            .create_account(auth_service::domain::accounts::NewAccount {
                email: portal_common::email::Email::parse(&user(i), "email")?,
                password: secrecy::SecretString::from(PASSWORD),
                first_name: "Bench".into(),
                last_name: format!("User{i}"),
                organization: Some("Bench Org".into()),
                sites: vec!["Bench Site".into()],
                roles: vec![],
            })
            .await;
    }
    Ok(())
}

#[derive(Debug, Default)]
struct EchoService;

#[tonic::async_trait]
impl echo::echo_server::Echo for EchoService {
    async fn echo(
        &self,
        request: Request<echo::EchoMessage>,
    ) -> Result<Response<echo::EchoMessage>, Status> {
        Ok(Response::new(request.into_inner()))
    }
}

/// Child role: the echo service on port 0.
pub async fn serve_echo() -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("LISTENING {}", listener.local_addr()?);
    tonic::transport::Server::builder()
        .add_service(echo::echo_server::EchoServer::new(EchoService))
        .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener))
        .await?;
    Ok(())
}
