//! Anything that is not valid gRPC or grpc-web framing is the caller's
//! mistake: `INVALID_ARGUMENT`, the same in embedded mode, in proxy mode
//! and on a service's own port — never `INTERNAL`, never a silent accept.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use http::Method;
use portal_proto::auth::v1::LoginRequest;
use portal_tests::web::{RawResponse, decode_chunks, frame, grpc_status, send, send_grpc};
use prost::Message;
use std::net::SocketAddr;
use tonic::Code;

use super::{PASSWORD, embedded, proxied};

const LOGIN: &str = "/portal.auth.v1.AuthService/Login";

fn login_message() -> Vec<u8> {
    LoginRequest {
        email: "jane@example.com".into(),
        password: PASSWORD.into(),
    }
    .encode_to_vec()
}

/// The call's status, from the headers, the trailers or (grpc-web) the
/// trailer frame of a text or binary body.
fn status(response: &RawResponse) -> Option<i32> {
    let text = response.headers.get("content-type").is_some_and(|t| {
        t.to_str()
            .unwrap_or("")
            .starts_with("application/grpc-web-text")
    });
    let body = if text {
        decode_chunks(&response.body).unwrap_or_default()
    } else {
        response.body.to_vec()
    };
    grpc_status(response, &body)
}

/// The framing mistakes, each sent to `addr` as grpc-web (binary or text).
async fn grpc_web_mistakes(addr: SocketAddr) -> anyhow::Result<Vec<(&'static str, RawResponse)>> {
    let binary = [
        ("content-type", "application/grpc-web+proto"),
        ("x-grpc-web", "1"),
    ];
    let text = [
        ("content-type", "application/grpc-web-text"),
        ("accept", "application/grpc-web-text"),
        ("x-grpc-web", "1"),
    ];
    let whole = frame(0, &login_message());
    let mut unpadded = STANDARD_NO_PAD.encode(&whole).into_bytes();
    if unpadded.len().is_multiple_of(4) {
        unpadded.truncate(unpadded.len() - 1);
    }
    let mut bad_base64 = STANDARD.encode(&whole).into_bytes();
    bad_base64[3] = b'*';
    Ok(vec![
        (
            "unpadded base64",
            send(addr, Method::POST, LOGIN, &text, unpadded).await?,
        ),
        (
            "bad base64",
            send(addr, Method::POST, LOGIN, &text, bad_base64).await?,
        ),
        (
            "flag 0x02",
            send(
                addr,
                Method::POST,
                LOGIN,
                &binary,
                frame(0x02, &login_message()),
            )
            .await?,
        ),
        (
            "flag 0x80 from a client",
            send(
                addr,
                Method::POST,
                LOGIN,
                &binary,
                frame(0x80, &login_message()),
            )
            .await?,
        ),
        (
            "compressed, no encoding",
            send(
                addr,
                Method::POST,
                LOGIN,
                &binary,
                frame(0x01, &login_message()),
            )
            .await?,
        ),
    ])
}

/// The framing mistakes, each sent to `path` on `addr` as native gRPC.
async fn native_mistakes(
    addr: SocketAddr,
    path: &str,
) -> anyhow::Result<Vec<(&'static str, RawResponse)>> {
    // Any message will do: the frame around it is what is wrong.
    let message = login_message();
    Ok(vec![
        (
            "native flag 0x02",
            send_grpc(addr, path, frame(0x02, &message)).await?,
        ),
        (
            "native flag 0x80",
            send_grpc(addr, path, frame(0x80, &message)).await?,
        ),
        (
            "native compressed, no encoding",
            send_grpc(addr, path, frame(0x01, &message)).await?,
        ),
    ])
}

const CONTACT: &str = "/portal.support.v1.SupportService/SubmitContactForm";

fn assert_invalid(place: &str, answers: &[(&str, RawResponse)]) {
    for (mistake, response) in answers {
        assert_eq!(
            status(response),
            Some(Code::InvalidArgument as i32),
            "{place}, {mistake}: {response:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn framing_mistakes_are_invalid_arguments_in_embedded_mode() -> anyhow::Result<()> {
    let e = embedded(Default::default()).await?;
    assert_invalid("embedded", &grpc_web_mistakes(e.gateway.addr).await?);
    assert_invalid("embedded", &native_mistakes(e.gateway.addr, LOGIN).await?);
    assert_invalid("embedded", &native_mistakes(e.gateway.addr, CONTACT).await?);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn framing_mistakes_are_invalid_arguments_in_proxy_mode_and_on_the_services_own_ports()
-> anyhow::Result<()> {
    let p = proxied().await?;
    assert_invalid("proxy", &grpc_web_mistakes(p.gateway.addr).await?);
    assert_invalid("proxy", &native_mistakes(p.gateway.addr, LOGIN).await?);
    assert_invalid("proxy", &native_mistakes(p.gateway.addr, CONTACT).await?);
    assert_invalid(
        "auth service",
        &native_mistakes(p.services.auth.addr, LOGIN).await?,
    );
    let support = p.services.support.addr;
    assert_invalid("support service", &native_mistakes(support, CONTACT).await?);
    Ok(())
}
