//! The `auth-service` binary itself: the operator command and a served
//! process that stops cleanly on SIGTERM.

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use portal_proto::auth::v1::LoginRequest;
use portal_proto::auth::v1::auth_service_client::AuthServiceClient;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;

const BINARY: &str = env!("CARGO_BIN_EXE_auth-service");
const PASSWORD: &str = "violet-harbour-lantern-42";

fn command(data_dir: &Path) -> Command {
    let mut command = Command::new(BINARY);
    command
        .env("PORTAL_DATA_DIR", data_dir)
        .env_remove("AUTH_DATABASE_URL")
        .env_remove("PORTAL_SMTP_URL")
        .env_remove("AUTH_CONFIG");
    command
}

fn create_user(data_dir: &Path, email: &str, password: &str) -> anyhow::Result<Output> {
    let mut child = command(data_dir)
        .args([
            "user",
            "create",
            "--email",
            email,
            "--organization",
            "Acme Health",
        ])
        .args([
            "--site",
            "North Clinic",
            "--first-name",
            "Jane",
            "--last-name",
            "Doe",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .ok_or_else(|| anyhow::anyhow!("no stdin"))?
        .write_all(format!("{password}\n").as_bytes())?;
    Ok(child.wait_with_output()?)
}

fn free_addr() -> anyhow::Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

/// Kills the served process if a test fails before stopping it.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

#[tokio::test]
async fn user_create_enforces_the_policy_and_the_served_binary_signs_the_user_in()
-> anyhow::Result<()> {
    let data_dir = tempfile::tempdir()?;

    let weak = create_user(data_dir.path(), "jane@example.com", "short")?;
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("at least 12 characters"));

    let created = create_user(data_dir.path(), "jane@example.com", PASSWORD)?;
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(String::from_utf8_lossy(&created.stdout).starts_with("created user "));

    let duplicate = create_user(data_dir.path(), "JANE@example.com", PASSWORD)?;
    assert!(!duplicate.status.success());
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("already exists"));

    let addr = free_addr()?;
    let mut server = Server(
        command(data_dir.path())
            .env("AUTH_LISTEN", addr.to_string())
            .spawn()?,
    );
    let channel = wait_until_serving(addr).await?;
    let reply = AuthServiceClient::new(channel)
        .login(LoginRequest {
            email: "jane@example.com".into(),
            password: PASSWORD.into(),
        })
        .await?
        .into_inner();
    assert_eq!(reply.user.map(|u| u.first_name), Some("Jane".into()));
    assert_eq!(reply.sites.len(), 1);

    let status = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()?;
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = server.0.try_wait()? {
            break exit;
        }
        assert!(Instant::now() < deadline, "no exit after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(exit.success(), "graceful shutdown exits 0: {exit:?}");
    assert!(
        data_dir.path().join("auth.db").exists(),
        "SQLite file under PORTAL_DATA_DIR"
    );
    Ok(())
}

async fn wait_until_serving(addr: SocketAddr) -> anyhow::Result<tonic::transport::Channel> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(channel) = tonic::transport::Channel::from_shared(format!("http://{addr}"))?
            .connect()
            .await
        {
            let reply = HealthClient::new(channel.clone())
                .check(HealthCheckRequest {
                    service: "portal.auth.v1.AuthService".into(),
                })
                .await;
            if reply.is_ok_and(|r| r.into_inner().status() == ServingStatus::Serving) {
                return Ok(channel);
            }
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "auth-service never became SERVING"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[test]
fn bootstrap_admin_writes_the_access_email_and_is_idempotent() -> anyhow::Result<()> {
    let data_dir = tempfile::tempdir()?;
    let run = || {
        command(data_dir.path())
            .args(["bootstrap-admin", "--email", "ops@example.com"])
            .output()
    };

    let first = run()?;
    let second = run()?;

    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("created platform administrator"));
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stdout).contains("still invited"));
    let mails: Vec<String> = std::fs::read_dir(data_dir.path().join("mail"))?
        .filter_map(Result::ok)
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .filter(|text| text.contains("Subject: Tracers with AMP Access"))
        .collect();
    assert_eq!(mails.len(), 2, "one access email per run");
    assert!(mails.iter().all(|m| m.contains("Temporary password:")));
    Ok(())
}

#[tokio::test]
async fn a_failed_call_is_logged_with_the_request_id_its_caller_saw() -> anyhow::Result<()> {
    let data_dir = tempfile::tempdir()?;
    let addr = free_addr()?;
    let mut served = command(data_dir.path());
    served
        .env("AUTH_LISTEN", addr.to_string())
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut server = tokio::process::Command::from(served)
        .kill_on_drop(true)
        .spawn()?;
    let channel = wait_until_serving(addr).await?;
    let mut request = tonic::Request::new(LoginRequest {
        email: "nobody@example.com".into(),
        password: PASSWORD.into(),
    });
    request
        .metadata_mut()
        .insert("x-request-id", "probe-7f3a".parse()?);
    let refused = AuthServiceClient::new(channel)
        .login(request)
        .await
        .expect_err("no such account");
    assert_eq!(refused.code(), tonic::Code::Unauthenticated);
    assert_eq!(
        refused
            .metadata()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("probe-7f3a"),
        "the id is echoed"
    );

    server.start_kill()?;
    let output = server.wait_with_output().await?;
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let line = log
        .lines()
        .find(|line| line.contains("request_id=probe-7f3a") && line.contains("call refused"))
        .unwrap_or_else(|| panic!("no log line names the request id:\n{log}"));
    assert!(line.contains("Login"), "{line}");
    assert!(line.contains("Unauthenticated"), "{line}");
    assert!(!line.contains(PASSWORD), "{line}");
    Ok(())
}
