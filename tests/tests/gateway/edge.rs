//! The edge: per-IP limits, and bad HTTP that must not hurt the gateway.

use std::net::IpAddr;

use http::Method;
use portal_proto::auth::v1::LoginRequest;
use portal_proto::auth::v1::auth_service_client::AuthServiceClient;
use portal_tests::gateway::TestGatewayOptions;
use portal_tests::grpc::failure;
use portal_tests::web::{frame, grpc_status, send};
use prost::Message;
use tonic::Code;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;

use super::embedded;

fn attempt() -> LoginRequest {
    LoginRequest {
        email: "nobody@example.com".into(),
        password: "whatever-it-is".into(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sign_in_rate_limit_trips_for_one_ip_and_not_another() -> anyhow::Result<()> {
    let e = embedded(TestGatewayOptions {
        rate_limit_per_minute: Some(3),
        ..Default::default()
    })
    .await?;
    let mut first = AuthServiceClient::new(e.gateway.web_from(IpAddr::from([127, 0, 0, 2])));
    let mut second = AuthServiceClient::new(e.gateway.web_from(IpAddr::from([127, 0, 0, 3])));

    let mut codes = Vec::new();
    for _ in 0..4 {
        codes.push(failure(first.login(attempt()).await)?);
    }
    let other = failure(second.login(attempt()).await)?;

    assert!(
        codes[..3].iter().all(|f| f.code == Code::Unauthenticated),
        "{codes:?}"
    );
    assert_eq!(codes[3].code, Code::ResourceExhausted);
    assert_eq!(codes[3].reason, "RATE_LIMITED");
    assert!(codes[3].retry_after.is_some());
    assert_eq!(
        other.code,
        Code::Unauthenticated,
        "another address is not limited"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_frames_huge_bodies_and_wrong_content_types_get_clean_errors()
-> anyhow::Result<()> {
    let e = embedded(TestGatewayOptions::default()).await?;
    let path = "/portal.auth.v1.AuthService/Login";
    let web = [
        ("content-type", "application/grpc-web+proto"),
        ("x-grpc-web", "1"),
    ];

    let garbage = send(
        e.gateway.addr,
        Method::POST,
        path,
        &web,
        vec![0, 0, 0, 0, 9, 1, 2],
    )
    .await?;
    let bad_message = send(
        e.gateway.addr,
        Method::POST,
        path,
        &web,
        frame(0, &[0xff, 0xff, 0xff]),
    )
    .await?;
    // Refused as soon as it is seen to be too large: by tonic's own message
    // limit from the length prefix (OUT_OF_RANGE), or by the gateway's cap.
    // The connection is then closed; depending on timing the client sees
    // the answer or a reset while still sending. Either way nothing reached
    // a service.
    let huge = send(
        e.gateway.addr,
        Method::POST,
        path,
        &web,
        frame(0, &vec![b'a'; 10 * 1024 * 1024]),
    )
    .await;
    let wrong_type = send(
        e.gateway.addr,
        Method::POST,
        path,
        &[("content-type", "text/plain")],
        b"hello".to_vec(),
    )
    .await?;

    let status_of = |r: &portal_tests::web::RawResponse| grpc_status(r, &r.body);
    assert!(
        matches!(status_of(&garbage), Some(s) if s != 0),
        "{garbage:?}"
    );
    assert_eq!(
        status_of(&bad_message),
        Some(Code::InvalidArgument as i32),
        "{bad_message:?}"
    );
    if let Ok(huge) = &huge {
        assert!(
            [Code::ResourceExhausted, Code::OutOfRange]
                .iter()
                .any(|code| status_of(huge) == Some(*code as i32)),
            "{huge:?}"
        );
    }
    assert!(
        wrong_type.status.is_client_error() || status_of(&wrong_type).is_some_and(|s| s != 0),
        "{wrong_type:?}"
    );
    for response in [&garbage, &bad_message, &wrong_type] {
        assert_ne!(
            status_of(response),
            Some(Code::Internal as i32),
            "never INTERNAL: {response:?}"
        );
    }
    let mut health = HealthClient::new(e.gateway.channel().await?);
    health
        .check(HealthCheckRequest {
            service: String::new(),
        })
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_streamed_past_the_cap_is_resource_exhausted_in_grpc_web_form() -> anyhow::Result<()>
{
    let e = embedded(TestGatewayOptions {
        max_body_bytes: Some(64 * 1024),
        ..Default::default()
    })
    .await?;
    // 100 KiB: past the gateway's cap, well under tonic's own 4 MiB
    // message limit, so it is the cap that refuses it.
    let request = || LoginRequest {
        email: "nobody@example.com".into(),
        password: "a".repeat(100 * 1024),
    };

    // Native gRPC over HTTP/2 streams the body without a length.
    let native = failure(
        AuthServiceClient::new(e.gateway.channel().await?)
            .login(request())
            .await,
    )?;
    assert_eq!(native.code, Code::ResourceExhausted, "{native:?}");

    // A browser: grpc-web over HTTP/1.1, from an allowed origin. The
    // answer must be grpc-web with the CORS headers, or the browser could
    // not read it at all.
    let web = send(
        e.gateway.addr,
        Method::POST,
        "/portal.auth.v1.AuthService/Login",
        &[
            ("content-type", "application/grpc-web+proto"),
            ("x-grpc-web", "1"),
            ("origin", "https://portal.example"),
        ],
        frame(0, &request().encode_to_vec()),
    )
    .await;
    if let Ok(web) = web {
        assert_eq!(
            grpc_status(&web, &web.body),
            Some(Code::ResourceExhausted as i32),
            "{web:?}"
        );
        assert_eq!(
            web.headers
                .get("access-control-allow-origin")
                .and_then(|v| v.to_str().ok()),
            Some("https://portal.example")
        );
        assert!(web.headers.contains_key("x-request-id"));
        assert!(
            web.headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|t| t.starts_with("application/grpc-web")),
            "{web:?}"
        );
    }
    Ok(())
}
