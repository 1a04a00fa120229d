//! Raw HTTP/1.1 for what generated clients cannot send: CORS preflights,
//! grpc-web-text, malformed frames, wrong content types, huge bodies.

use std::net::SocketAddr;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// What came back.
#[derive(Debug)]
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub trailers: Option<HeaderMap>,
}

pub async fn send(
    addr: SocketAddr,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> anyhow::Result<RawResponse> {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    exchange(client, addr, method, path, headers, body).await
}

/// A native gRPC call (HTTP/2) with `body` as its raw request body.
pub async fn send_grpc(addr: SocketAddr, path: &str, body: Vec<u8>) -> anyhow::Result<RawResponse> {
    let client = Client::builder(TokioExecutor::new())
        .http2_only(true)
        .build_http::<Full<Bytes>>();
    let headers = [("content-type", "application/grpc"), ("te", "trailers")];
    exchange(client, addr, Method::POST, path, &headers, body).await
}

async fn exchange(
    client: Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
    addr: SocketAddr,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> anyhow::Result<RawResponse> {
    let mut request = Request::builder()
        .method(method)
        .uri(format!("http://{addr}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = client
        .request(request.body(Full::new(Bytes::from(body)))?)
        .await?;
    let (parts, body) = response.into_parts();
    let collected = body.collect().await?;
    let trailers = collected.trailers().cloned();
    Ok(RawResponse {
        status: parts.status,
        headers: parts.headers,
        body: collected.to_bytes(),
        trailers,
    })
}

/// One gRPC frame: flag, big-endian length, payload.
pub fn frame(flag: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![flag];
    out.extend_from_slice(
        &u32::try_from(payload.len())
            .unwrap_or(u32::MAX)
            .to_be_bytes(),
    );
    out.extend_from_slice(payload);
    out
}

/// Splits a grpc-web body into (flag, payload) frames.
pub fn frames(mut body: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    while body.len() >= 5 {
        let len = u32::from_be_bytes([body[1], body[2], body[3], body[4]]) as usize;
        if body.len() < 5 + len {
            break;
        }
        out.push((body[0], body[5..5 + len].to_vec()));
        body = &body[5 + len..];
    }
    out
}

/// The `grpc-status` of a grpc-web response: from the headers
/// (trailers-only) or from the trailer frame in the body.
pub fn grpc_status(response: &RawResponse, body: &[u8]) -> Option<i32> {
    if let Some(status) = response.headers.get("grpc-status") {
        return status.to_str().ok()?.parse().ok();
    }
    frames(body)
        .into_iter()
        .filter(|(flag, _)| flag & 0x80 != 0)
        .find_map(|(_, trailer)| {
            String::from_utf8_lossy(&trailer)
                .lines()
                .find_map(|line| {
                    line.strip_prefix("grpc-status:")
                        .map(|v| v.trim().parse().ok())
                })
                .flatten()
        })
}

/// grpc-web-text bodies are base64 chunks (one per frame), each with its
/// own padding: decode them one by one.
pub fn decode_chunks(body: &[u8]) -> anyhow::Result<Vec<u8>> {
    let text: String = body
        .iter()
        .map(|b| char::from(*b))
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut decoded = Vec::new();
    let mut chunk = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        chunk.push(c);
        let chunk_ends = c == '=' && chars.peek().is_some_and(|next| *next != '=');
        if chunk_ends || chars.peek().is_none() {
            decoded.extend(STANDARD.decode(&chunk)?);
            chunk.clear();
        }
    }
    Ok(decoded)
}

/// The `name=value` of the first `Set-Cookie` of `response`.
pub fn set_cookie(response: &RawResponse) -> Option<String> {
    let header = response
        .headers
        .get(http::header::SET_COOKIE)?
        .to_str()
        .ok()?;
    Some(header.split(';').next()?.trim().to_owned())
}
