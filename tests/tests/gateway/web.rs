//! grpc-web (binary and text), rich error details through the browser path,
//! and CORS.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::Method;
use portal_proto::auth::v1::auth_service_client::AuthServiceClient;
use portal_proto::auth::v1::{LoginRequest, LoginResponse};
use portal_tests::gateway::TestGatewayOptions;
use portal_tests::grpc::failure;
use portal_tests::web::{decode_chunks, frame, frames, grpc_status, send, set_cookie};
use prost::Message;
use tonic::Code;

use super::{PASSWORD, embedded};

#[tokio::test(flavor = "multi_thread")]
async fn a_grpc_web_call_signs_in_and_errors_carry_their_details() -> anyhow::Result<()> {
    let e = embedded(TestGatewayOptions::default()).await?;
    e.create_user("jane@example.com", &["North Clinic"], &[])
        .await?;
    let browser = e.gateway.web();
    let mut client = AuthServiceClient::new(browser.clone());

    let reply = client
        .login(LoginRequest {
            email: "jane@example.com".into(),
            password: PASSWORD.into(),
        })
        .await?
        .into_inner();
    let refused = failure(
        client
            .login(LoginRequest {
                email: "jane@example.com".into(),
                password: "nope-nope-nope".into(),
            })
            .await,
    )?;

    assert_eq!(
        reply.session_token, "",
        "a browser's token is a cookie, not in the body"
    );
    let cookie = browser.session_cookie().unwrap_or_default();
    assert!(cookie.starts_with("portal_session=ps_"), "{cookie}");
    assert_eq!(reply.sites[0].name, "North Clinic");
    assert_eq!(refused.code, Code::Unauthenticated);
    assert_eq!(
        refused.reason, "INVALID_CREDENTIALS",
        "decoded from grpc-status-details-bin"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_grpc_web_text_call_is_answered_in_base64() -> anyhow::Result<()> {
    let e = embedded(TestGatewayOptions::default()).await?;
    e.create_user("jane@example.com", &["North Clinic"], &[])
        .await?;
    let request = LoginRequest {
        email: "jane@example.com".into(),
        password: PASSWORD.into(),
    };
    let body = STANDARD.encode(frame(0, &request.encode_to_vec()));

    let response = send(
        e.gateway.addr,
        Method::POST,
        "/portal.auth.v1.AuthService/Login",
        &[
            ("content-type", "application/grpc-web-text"),
            ("accept", "application/grpc-web-text"),
            ("x-grpc-web", "1"),
        ],
        body.into_bytes(),
    )
    .await?;

    assert_eq!(response.status, 200);
    let content_type = response
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/grpc-web-text"),
        "{content_type}"
    );
    let decoded = decode_chunks(&response.body)?;
    let data = frames(&decoded)
        .into_iter()
        .find(|(flag, _)| *flag == 0)
        .expect("a data frame");
    let reply = LoginResponse::decode(data.1.as_slice())?;
    assert_eq!(reply.session_token, "");
    let cookie = set_cookie(&response).unwrap_or_default();
    assert!(cookie.starts_with("portal_session=ps_"), "{cookie}");
    assert_eq!(grpc_status(&response, &decoded), Some(0));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn cors_preflight_allows_the_configured_origin_and_refuses_others() -> anyhow::Result<()> {
    let e = embedded(TestGatewayOptions::default()).await?;
    let addr = e.gateway.addr;
    let preflight = |origin: &'static str| async move {
        send(
            addr,
            Method::OPTIONS,
            "/portal.auth.v1.AuthService/Login",
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "content-type,x-grpc-web,authorization",
                ),
            ],
            Vec::new(),
        )
        .await
    };

    let allowed = preflight("https://portal.example").await?;
    let refused = preflight("https://evil.example").await?;

    let header = |r: &portal_tests::web::RawResponse, name: &str| {
        r.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(
        header(&allowed, "access-control-allow-origin").as_deref(),
        Some("https://portal.example")
    );
    let allowed_headers = header(&allowed, "access-control-allow-headers").unwrap_or_default();
    assert!(allowed_headers.contains("x-grpc-web") && allowed_headers.contains("authorization"));
    assert_eq!(header(&refused, "access-control-allow-origin"), None);

    let call = send(
        e.gateway.addr,
        Method::POST,
        "/portal.auth.v1.AuthService/Login",
        &[
            ("origin", "https://portal.example"),
            ("content-type", "application/grpc-web+proto"),
        ],
        frame(0, &LoginRequest::default().encode_to_vec()),
    )
    .await?;
    let exposed = header(&call, "access-control-expose-headers").unwrap_or_default();
    for name in ["grpc-status", "grpc-message", "grpc-status-details-bin"] {
        assert!(exposed.contains(name), "{name} not exposed: {exposed}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_calls_by_method_and_code_and_show_queue_and_backlog() -> anyhow::Result<()> {
    let e = embedded(TestGatewayOptions::default()).await?;
    let mut client = AuthServiceClient::new(e.gateway.web());
    let _ = client
        .login(LoginRequest {
            email: "nobody@example.com".into(),
            password: "whatever-it-is".into(),
        })
        .await;

    let scrape = send(e.gateway.addr, Method::GET, "/metrics", &[], Vec::new()).await?;

    assert_eq!(scrape.status, 200);
    let text = String::from_utf8_lossy(&scrape.body);
    assert!(
        text.contains(
            "grpc_requests_total{method=\"/portal.auth.v1.AuthService/Login\",code=\"16\"} 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("grpc_request_duration_seconds_bucket{"),
        "{text}"
    );
    for gauge in [
        "password_hash_queue_depth",
        "auth_mail_outbox_backlog",
        "support_mail_outbox_backlog",
    ] {
        assert!(
            text.contains(&format!("\n{gauge} ")),
            "{gauge} missing: {text}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_seeding_creates_accounts_that_sign_in_and_is_idempotent() -> anyhow::Result<()> {
    let e = embedded(TestGatewayOptions::default()).await?;
    let auth = &e
        .gateway
        .embedded
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("embedded"))?
        .auth;

    let first = gateway::demo::seed(auth).await?;
    let second = gateway::demo::seed(auth).await?;

    assert_eq!(first.len(), 4);
    assert!(
        second.iter().all(|line| line.contains("exists already")),
        "{second:?}"
    );
    for line in &first {
        let browser = e.gateway.web();
        let mut client = AuthServiceClient::new(browser.clone());
        let mut words = line.split_whitespace();
        let email = words.next().unwrap_or_default().to_owned();
        let password = words.nth(1).unwrap_or_default().to_owned();
        let reply = client
            .login(LoginRequest {
                email: email.clone(),
                password,
            })
            .await?
            .into_inner();
        assert!(reply.session_token.is_empty(), "{email}");
        let cookie = browser.session_cookie().unwrap_or_default();
        assert!(
            cookie.starts_with("portal_session=ps_"),
            "{email}: {cookie}"
        );
    }
    Ok(())
}
