//! Proxy mode: a generic pass-through, bad bodies answered cleanly, and an
//! upstream that dies and comes back.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::Method;
use portal_proto::auth::v1::LoginResponse;
use portal_tests::web::{decode_chunks, frame, frames, grpc_status, send, set_cookie};
use prost::Message;

use portal_proto::auth::v1::LoginRequest;
use portal_proto::auth::v1::auth_service_client::AuthServiceClient;
use portal_proto::support::v1::support_service_client::SupportServiceClient;
use portal_proto::support::v1::{Category, SubmitContactFormRequest};
use portal_tests::gateway::{TestGateway, TestGatewayOptions};
use portal_tests::grpc::failure;
use portal_tests::smtp::free_port;
use portal_tests::{Services, TestAuth, TestAuthOptions, TestSupportOptions};
use tonic::Code;

use super::{PASSWORD, proxied};

#[tokio::test(flavor = "multi_thread")]
async fn an_upstream_that_dies_is_unavailable_quickly_and_used_again_when_back()
-> anyhow::Result<()> {
    let auth_addr = free_port()?;
    let auth_options = || TestAuthOptions {
        listen: Some(auth_addr),
        ..Default::default()
    };
    let Services {
        auth,
        support,
        smtp: _smtp,
        auth_db,
        support_db: _support_db,
    } = Services::spawn(auth_options(), TestSupportOptions::default()).await?;
    auth.create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let gateway = TestGateway::proxy(
        auth.url(),
        format!("http://{}", support.addr),
        TestGatewayOptions {
            upstream_timeout_ms: Some(2000),
            ..Default::default()
        },
    )
    .await?;
    let mut client = AuthServiceClient::new(gateway.web());
    let login = || LoginRequest {
        email: "jane@example.com".into(),
        password: PASSWORD.into(),
    };
    client.login(login()).await?;
    let mut support_client = SupportServiceClient::new(gateway.web());
    let ticket = support_client
        .submit_contact_form(SubmitContactFormRequest {
            name: "Jane".into(),
            email: "jane@example.com".into(),
            category: Category::Other as i32,
            subject: "Hello".into(),
            message: "Through the proxy.".into(),
            ..Default::default()
        })
        .await?
        .into_inner();
    assert!(
        ticket.ticket_ref.starts_with("SUP-"),
        "support calls pass through too"
    );

    drop(auth);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let down = failure(client.login(login()).await)?;
    let waited = started.elapsed();

    assert_eq!(down.code, Code::Unavailable);
    assert!(
        waited < Duration::from_secs(5),
        "answered in {waited:?}, not a hang"
    );

    let _auth = TestAuth::spawn(&auth_db, auth_options()).await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match client.login(login()).await {
            Ok(_) => break,
            Err(status) if Instant::now() < deadline => {
                assert_eq!(status.code(), Code::Unavailable);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(status) => anyhow::bail!("never recovered: {status:?}"),
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_browsers_hop_by_hop_headers_and_grpc_web_text_pass_the_proxy() -> anyhow::Result<()> {
    let p = proxied().await?;
    p.services
        .auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let request = LoginRequest {
        email: "jane@example.com".into(),
        password: PASSWORD.into(),
    };
    // HTTP/1.1-only headers a browser or an old proxy may send; HTTP/2
    // forbids them upstream, so the gateway must drop them, not fail.
    let response = send(
        p.gateway.addr,
        Method::POST,
        "/portal.auth.v1.AuthService/Login",
        &[
            ("content-type", "application/grpc-web-text"),
            ("accept", "application/grpc-web-text"),
            ("x-grpc-web", "1"),
            ("connection", "keep-alive"),
            ("keep-alive", "timeout=5"),
            ("proxy-connection", "keep-alive"),
            ("te", "gzip"),
        ],
        STANDARD
            .encode(frame(0, &request.encode_to_vec()))
            .into_bytes(),
    )
    .await?;

    assert_eq!(response.status, 200, "{response:?}");
    let body = decode_chunks(&response.body)?;
    let frames = frames(&body);
    let reply = LoginResponse::decode(frames[0].1.as_slice())?;
    assert_eq!(reply.session_token, "", "{reply:?}");
    let cookie = set_cookie(&response).unwrap_or_default();
    assert!(cookie.starts_with("portal_session=ps_"), "{cookie}");
    let trailer = String::from_utf8_lossy(&frames[1].1).into_owned();
    assert!(trailer.contains("grpc-status:0"), "{trailer}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_bodies_through_the_proxy_get_clean_answers_and_change_nothing() -> anyhow::Result<()> {
    let p = proxied().await?;
    let gateway = &p.gateway;
    let support_db = &p.services.support_db;
    let path = "/portal.support.v1.SupportService/SubmitContactForm";
    let web = [
        ("content-type", "application/grpc-web+proto"),
        ("x-grpc-web", "1"),
    ];
    let status_of = |r: &portal_tests::web::RawResponse| grpc_status(r, &r.body);

    // A frame that promises 9 bytes and carries 2, and bytes that are no
    // message: the service itself refuses them.
    let truncated = send(
        gateway.addr,
        Method::POST,
        path,
        &web,
        vec![0, 0, 0, 0, 9, 1, 2],
    )
    .await?;
    let garbage = send(gateway.addr, Method::POST, path, &web, frame(0, &[0xff; 3])).await?;
    assert_eq!(
        status_of(&truncated),
        Some(Code::InvalidArgument as i32),
        "{truncated:?}"
    );
    assert_eq!(
        status_of(&garbage),
        Some(Code::InvalidArgument as i32),
        "{garbage:?}"
    );

    // Too large, streamed without a length: the gateway stops reading at
    // its limit and forwards nothing. (Over HTTP/2, where an answer can
    // come before the whole body is sent.)
    let mut client = SupportServiceClient::new(gateway.channel().await?);
    let huge = failure(
        client
            .submit_contact_form(SubmitContactFormRequest {
                name: "Jane".into(),
                email: "jane@example.com".into(),
                category: Category::Other as i32,
                subject: "Hello".into(),
                message: "a".repeat(5 * 1024 * 1024),
                ..Default::default()
            })
            .await,
    )?;
    assert_eq!(huge.code, Code::ResourceExhausted, "{huge:?}");

    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(&support_db.connect("support.db").await?)
        .await?;
    assert_eq!(stored, 0, "no bad body became a ticket");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_silent_upstream_times_out_and_its_connection_is_made_afresh() -> anyhow::Result<()> {
    // Accepts connections and never says a word: a host that vanished
    // without a reset looks like this from the gateway.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", silent.local_addr()?);
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            held.push(socket);
        }
    });
    let gateway = TestGateway::proxy(
        url.clone(),
        url,
        TestGatewayOptions {
            upstream_timeout_ms: Some(300),
            ..Default::default()
        },
    )
    .await?;
    let mut client = AuthServiceClient::new(gateway.web());
    let attempt = || LoginRequest {
        email: "jane@example.com".into(),
        password: PASSWORD.into(),
    };

    let started = Instant::now();
    let first = failure(client.login(attempt()).await)?;
    let second = failure(client.login(attempt()).await)?;

    assert_eq!(first.code, Code::Unavailable);
    assert_eq!(second.code, Code::Unavailable);
    assert!(started.elapsed() < Duration::from_secs(5), "no hang");
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "the connection that timed out is not used again"
    );
    Ok(())
}
