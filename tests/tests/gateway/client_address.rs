//! Who may claim a client's address: by default the gateway takes the
//! socket's and a service believes `x-client-ip` from this machine only;
//! behind a load balancer named in `GATEWAY_TRUSTED_PROXIES`, the gateway
//! takes the client from `X-Forwarded-For` for limits and audit.

use std::net::{IpAddr, UdpSocket};

use portal_proto::auth::v1::LoginRequest;
use portal_proto::auth::v1::auth_service_client::AuthServiceClient;
use portal_tests::gateway::TestGatewayOptions;
use portal_tests::grpc::failure;
use portal_tests::{TestAuth, TestAuthOptions, TestDatabase};
use tonic::Code;
use tonic::transport::Channel;

use super::embedded;

/// A sign-in attempt carrying `header: value`.
fn attempt_with(header: &'static str, value: &str) -> anyhow::Result<tonic::Request<LoginRequest>> {
    let mut request = tonic::Request::new(LoginRequest {
        email: "nobody@example.com".into(),
        password: "whatever-it-is".into(),
    });
    request.metadata_mut().insert(header, value.parse()?);
    Ok(request)
}

/// The client addresses of the failed sign-ins the audit trail recorded,
/// in order.
async fn audited_ips(pool: &sqlx::AnyPool) -> anyhow::Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT client_ip FROM auth_events WHERE kind = 'LOGIN_FAILED' ORDER BY occurred_at, id",
    )
    .fetch_all(pool)
    .await?)
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_a_trusted_balancer_the_forwarded_client_is_limited_and_audited()
-> anyhow::Result<()> {
    let e = embedded(TestGatewayOptions {
        rate_limit_per_minute: Some(2),
        // The tests reach the gateway from loopback: the "balancer".
        trusted_proxies: Some("127.0.0.0/8".into()),
        ..Default::default()
    })
    .await?;
    let mut client = AuthServiceClient::new(e.gateway.channel().await?);

    let mut answers = Vec::new();
    for _ in 0..3 {
        let chain = "1.2.3.4, 198.51.100.7";
        answers.push(failure(
            client.login(attempt_with("x-forwarded-for", chain)?).await,
        )?);
    }
    let other = failure(
        client
            .login(attempt_with("x-forwarded-for", "198.51.100.8")?)
            .await,
    )?;

    assert_eq!(answers[0].code, Code::Unauthenticated);
    assert_eq!(answers[2].reason, "RATE_LIMITED", "{answers:?}");
    assert_eq!(
        other.code,
        Code::Unauthenticated,
        "another client, another bucket"
    );
    let embedded = e.gateway.embedded.as_ref().expect("embedded mode");
    let ips = audited_ips(embedded.auth.database().pool()).await?;
    assert_eq!(ips, vec!["198.51.100.7", "198.51.100.7", "198.51.100.8"]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_trusted_balancer_forwarded_headers_are_ignored() -> anyhow::Result<()> {
    let e = embedded(TestGatewayOptions::default()).await?;
    let mut client = AuthServiceClient::new(e.gateway.channel().await?);

    failure(
        client
            .login(attempt_with("x-forwarded-for", "198.51.100.7")?)
            .await,
    )?;
    failure(
        client
            .login(attempt_with("forwarded", "for=198.51.100.7")?)
            .await,
    )?;
    failure(
        client
            .login(attempt_with("x-client-ip", "198.51.100.7")?)
            .await,
    )?;

    let embedded = e.gateway.embedded.as_ref().expect("embedded mode");
    let ips = audited_ips(embedded.auth.database().pool()).await?;
    assert_eq!(ips, vec!["127.0.0.1"; 3]);
    Ok(())
}

/// An address of this machine that is not loopback (the one its default
/// route leaves from; no packet is sent).
fn non_loopback_ip() -> anyhow::Result<IpAddr> {
    for target in [
        "192.0.2.1:9",
        "198.51.100.1:9",
        "10.255.255.1:9",
        "8.8.8.8:53",
    ] {
        let socket = UdpSocket::bind("0.0.0.0:0")?;
        if socket.connect(target).is_ok() {
            let ip = socket.local_addr()?.ip();
            if !ip.is_loopback() && !ip.is_unspecified() {
                return Ok(ip);
            }
        }
    }
    anyhow::bail!("this machine has no non-loopback address to call from")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_service_ignores_a_client_ip_claimed_by_a_non_loopback_peer_by_default()
-> anyhow::Result<()> {
    let db = TestDatabase::fresh().await?;
    let auth = TestAuth::spawn(&db, TestAuthOptions::default()).await?;
    let neighbour = non_loopback_ip()?;
    let channel = Channel::from_shared(auth.url())?
        .local_address(Some(neighbour))
        .connect()
        .await?;
    let mut client = AuthServiceClient::new(channel);

    failure(
        client
            .login(attempt_with("x-client-ip", "203.0.113.9")?)
            .await,
    )?;
    let mut local = auth.client().await?;
    failure(
        local
            .login(attempt_with("x-client-ip", "203.0.113.10")?)
            .await,
    )?;

    let ips = audited_ips(auth.domain.database().pool()).await?;
    assert_eq!(
        ips,
        vec![neighbour.to_string(), "203.0.113.10".to_string()],
        "the neighbour's claim is dropped; this machine's gateway is believed"
    );
    Ok(())
}
