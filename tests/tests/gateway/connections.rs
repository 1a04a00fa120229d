//! What one connection may hold, on every port: a request whose body stops
//! half-way is answered and closed after the body timeout, a silent
//! connection after the idle timeout, and connections beyond the cap wait
//! until one closes.

use std::net::SocketAddr;
use std::time::Duration;

use portal_common::connections::ConnectionSettings;
use portal_tests::gateway::{TestGateway, TestGatewayOptions};
use portal_tests::{TestAuth, TestAuthOptions, TestDatabase};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{embedded, proxied};

/// Short limits, so the tests need not wait long.
fn short() -> ConnectionSettings {
    ConnectionSettings {
        max_connections: 2,
        idle_timeout_ms: 1_000,
        body_timeout_ms: 500,
    }
}

/// Sends grpc-web headers announcing a 100-byte body, then 10 bytes of it.
async fn half_sent(addr: SocketAddr) -> anyhow::Result<TcpStream> {
    let mut stream = TcpStream::connect(addr).await?;
    stream
        .write_all(
            b"POST /portal.auth.v1.AuthService/Login HTTP/1.1\r\nhost: portal\r\n\
              content-type: application/grpc-web+proto\r\nx-grpc-web: 1\r\n\
              content-length: 100\r\n\r\n\0\0\0\0\x5f01234",
        )
        .await?;
    Ok(stream)
}

/// Everything the server sends until it closes the connection; an error
/// when it is still open after 10 s.
async fn read_until_closed(stream: &mut TcpStream) -> anyhow::Result<String> {
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut received))
        .await
        .map_err(|_| anyhow::anyhow!("the connection is still open"))??;
    Ok(String::from_utf8_lossy(&received).into_owned())
}

async fn a_half_sent_request_is_answered_and_closed(addr: SocketAddr) -> anyhow::Result<()> {
    let mut stream = half_sent(addr).await?;
    let answer = read_until_closed(&mut stream).await?;
    assert!(
        answer.contains("grpc-status: 4"),
        "DEADLINE_EXCEEDED: {answer}"
    );
    Ok(())
}

async fn a_silent_connection_is_closed(addr: SocketAddr) -> anyhow::Result<()> {
    let mut stream = TcpStream::connect(addr).await?;
    let answer = read_until_closed(&mut stream).await?;
    assert_eq!(answer, "", "nothing was asked");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_embedded_gateway_ends_half_sent_requests_and_silent_connections() -> anyhow::Result<()>
{
    let e = embedded(TestGatewayOptions {
        connections: Some(short()),
        ..Default::default()
    })
    .await?;
    a_half_sent_request_is_answered_and_closed(e.gateway.addr).await?;
    a_silent_connection_is_closed(e.gateway.addr).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_proxy_gateway_and_a_service_end_half_sent_requests_and_silent_connections()
-> anyhow::Result<()> {
    let p = proxied().await?;
    let gateway = TestGateway::proxy(
        p.services.auth.url(),
        format!("http://{}", p.services.support.addr),
        TestGatewayOptions {
            connections: Some(short()),
            ..Default::default()
        },
    )
    .await?;
    a_half_sent_request_is_answered_and_closed(gateway.addr).await?;
    a_silent_connection_is_closed(gateway.addr).await?;

    let db = TestDatabase::fresh().await?;
    let auth = TestAuth::spawn(
        &db,
        TestAuthOptions {
            connections: Some(short()),
            ..Default::default()
        },
    )
    .await?;
    a_half_sent_request_is_answered_and_closed(auth.addr).await?;
    a_silent_connection_is_closed(auth.addr).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_beyond_the_cap_wait_until_one_closes() -> anyhow::Result<()> {
    let e = embedded(TestGatewayOptions {
        connections: Some(ConnectionSettings {
            idle_timeout_ms: 60_000,
            ..short()
        }),
        ..Default::default()
    })
    .await?;
    let first = TcpStream::connect(e.gateway.addr).await?;
    let _second = TcpStream::connect(e.gateway.addr).await?;
    let mut third = TcpStream::connect(e.gateway.addr).await?;
    third
        .write_all(b"GET /metrics HTTP/1.1\r\nhost: portal\r\nconnection: close\r\n\r\n")
        .await?;

    let mut byte = [0u8; 1];
    let waiting = tokio::time::timeout(Duration::from_millis(500), third.read(&mut byte)).await;
    assert!(waiting.is_err(), "served beyond the cap of 2");
    drop(first);
    let answer = read_until_closed(&mut third).await?;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    Ok(())
}
