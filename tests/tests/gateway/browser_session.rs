//! Browser sessions live in an HttpOnly cookie the gateway keeps: set on a
//! grpc-web sign-in, turned back into `authorization` for the portal's own
//! page, refused for anyone else's, cleared when the session ends. Native
//! gRPC callers keep tokens in bodies.

use http::Method;
use portal_proto::auth::v1::auth_service_client::AuthServiceClient;
use portal_proto::auth::v1::{
    GetSessionRequest, GetSessionResponse, ListSessionsRequest, ListSessionsResponse, LoginRequest,
    LoginResponse, LogoutRequest, RevokeSessionRequest,
};
use portal_tests::gateway::TestGatewayOptions;
use portal_tests::grpc::failure;
use portal_tests::web::{RawResponse, frame, frames, grpc_status, send, set_cookie};
use prost::Message;
use tonic::Code;
use tonic::metadata::MetadataValue;

use super::{Embedded, PASSWORD, embedded};

const GET_SESSION: &str = "/portal.auth.v1.AuthService/GetSession";
const LOGOUT: &str = "/portal.auth.v1.AuthService/Logout";
const GRPC_WEB: &str = "application/grpc-web+proto";

/// A gateway where Jane, of Acme Health's North Clinic, exists.
async fn with_jane() -> anyhow::Result<Embedded> {
    let e = embedded(TestGatewayOptions::default()).await?;
    e.create_user("jane@example.com", &["North Clinic"], &[])
        .await?;
    Ok(e)
}

/// Jane's sign-in with `password`.
fn jane(password: &str) -> LoginRequest {
    LoginRequest {
        email: "jane@example.com".into(),
        password: password.into(),
    }
}

/// A gateway where Jane exists, and the session cookie of her sign-in.
async fn signed_in() -> anyhow::Result<(Embedded, String)> {
    let e = with_jane().await?;
    let login = jane(PASSWORD);
    let response = call(&e, "/portal.auth.v1.AuthService/Login", &[], login).await?;
    let cookie = set_cookie(&response).unwrap_or_default();
    Ok((e, cookie))
}

/// A grpc-web call from the gateway's own page, plus `extra` headers
/// (later ones win).
async fn call(
    e: &Embedded,
    path: &str,
    extra: &[(&str, &str)],
    message: impl Message,
) -> anyhow::Result<RawResponse> {
    let origin = e.gateway.url();
    let mut headers = vec![
        ("content-type", GRPC_WEB),
        ("x-grpc-web", "1"),
        ("origin", origin.as_str()),
        ("sec-fetch-site", "same-origin"),
    ];
    for (name, value) in extra {
        headers.retain(|(n, _)| n != name);
        headers.push((name, value));
    }
    send(
        e.gateway.addr,
        Method::POST,
        path,
        &headers,
        frame(0, &message.encode_to_vec()),
    )
    .await
}

fn reply<M: Message + Default>(response: &RawResponse) -> anyhow::Result<M> {
    let data = frames(&response.body)
        .into_iter()
        .find(|(flag, _)| *flag == 0)
        .ok_or_else(|| anyhow::anyhow!("no message in {response:?}"))?;
    Ok(M::decode(data.1.as_slice())?)
}

fn header<'a>(response: &'a RawResponse, name: &str) -> &'a str {
    response
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_grpc_web_sign_in_sets_an_httponly_strict_cookie_and_no_token_in_the_body()
-> anyhow::Result<()> {
    let e = with_jane().await?;
    let login = jane(PASSWORD);

    let response = call(&e, "/portal.auth.v1.AuthService/Login", &[], login).await?;

    let body: LoginResponse = reply(&response)?;
    assert_eq!(body.session_token, "");
    assert!(body.user.is_some());
    let set = header(&response, "set-cookie");
    assert!(set.starts_with("portal_session=ps_"), "{set}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(attribute), "{set} lacks {attribute}");
    }
    assert!(!set.contains("Secure"), "plain http: {set}");
    assert_eq!(header(&response, "x-portal-session-token"), "", "removed");
    assert_eq!(header(&response, "cache-control"), "no-store");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cookie_names_the_caller_for_the_portals_own_page() -> anyhow::Result<()> {
    let (e, cookie) = signed_in().await?;

    let response = call(
        &e,
        GET_SESSION,
        &[("cookie", &cookie)],
        GetSessionRequest {},
    )
    .await?;

    assert_eq!(grpc_status(&response, &response.body), Some(0));
    let me: GetSessionResponse = reply(&response)?;
    assert_eq!(me.principal.unwrap_or_default().email, "jane@example.com");
    assert_eq!(me.sites[0].name, "North Clinic");
    assert_eq!(me.organization_name, "Acme Health");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_is_recorded_with_the_browsers_user_agent_not_the_librarys() -> anyhow::Result<()>
{
    let e = with_jane().await?;
    let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    let browser = [
        ("user-agent", firefox),
        ("x-user-agent", "connect-es/2.1.1"),
    ];
    let login = jane(PASSWORD);
    let signed_in = call(&e, "/portal.auth.v1.AuthService/Login", &browser, login).await?;
    let cookie = set_cookie(&signed_in).unwrap_or_default();

    let listed = call(
        &e,
        "/portal.auth.v1.AuthService/ListSessions",
        &[("cookie", &cookie)],
        ListSessionsRequest {},
    )
    .await?;

    let sessions: ListSessionsResponse = reply(&listed)?;
    assert_eq!(sessions.sessions.len(), 1);
    assert_eq!(sessions.sessions[0].user_agent, firefox);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn cookie_calls_from_elsewhere_are_refused_and_change_nothing() -> anyhow::Result<()> {
    let (e, cookie) = signed_in().await?;
    let cookie = cookie.as_str();
    let attempts: [&[(&str, &str)]; 5] = [
        &[("cookie", cookie), ("origin", "https://evil.example")],
        &[("cookie", cookie), ("sec-fetch-site", "cross-site")],
        &[("cookie", cookie), ("content-type", "text/plain")],
        &[("cookie", cookie), ("content-type", "application/grpc")],
        &[
            ("cookie", cookie),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
    ];

    for extra in attempts {
        let response = call(&e, LOGOUT, extra, LogoutRequest {}).await?;
        assert_eq!(
            grpc_status(&response, &response.body),
            Some(Code::PermissionDenied as i32),
            "{extra:?}: {response:?}"
        );
        assert!(
            header(&response, "grpc-message").contains("refused"),
            "{extra:?}"
        );
    }
    let without_origin = send(
        e.gateway.addr,
        Method::POST,
        LOGOUT,
        &[("content-type", GRPC_WEB), ("cookie", cookie)],
        frame(0, &LogoutRequest {}.encode_to_vec()),
    )
    .await?;
    assert_eq!(
        grpc_status(&without_origin, &without_origin.body),
        Some(Code::PermissionDenied as i32)
    );

    let still = call(&e, GET_SESSION, &[("cookie", cookie)], GetSessionRequest {}).await?;
    assert_eq!(
        grpc_status(&still, &still.body),
        Some(0),
        "no refused logout ended the session"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_out_clears_the_cookie_and_a_dead_cookie_is_cleared_too() -> anyhow::Result<()> {
    let (e, cookie) = signed_in().await?;

    let logout = call(&e, LOGOUT, &[("cookie", &cookie)], LogoutRequest {}).await?;
    let after = call(
        &e,
        GET_SESSION,
        &[("cookie", &cookie)],
        GetSessionRequest {},
    )
    .await?;

    assert_eq!(grpc_status(&logout, &logout.body), Some(0));
    for response in [&logout, &after] {
        let set = header(response, "set-cookie");
        assert!(set.starts_with("portal_session=;"), "{set}");
        assert!(set.contains("Max-Age=0"), "{set}");
    }
    assert_eq!(
        grpc_status(&after, &after.body),
        Some(Code::Unauthenticated as i32)
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_while_signed_in_keeps_the_session() -> anyhow::Result<()> {
    let (e, cookie) = signed_in().await?;
    let wrong = jane("not-the-password-at-all");

    let refused = call(
        &e,
        "/portal.auth.v1.AuthService/Login",
        &[("cookie", &cookie)],
        wrong,
    )
    .await?;
    let still = call(
        &e,
        GET_SESSION,
        &[("cookie", &cookie)],
        GetSessionRequest {},
    )
    .await?;

    assert_eq!(
        grpc_status(&refused, &refused.body),
        Some(Code::Unauthenticated as i32)
    );
    assert_eq!(header(&refused, "set-cookie"), "", "the cookie stays");
    assert_eq!(grpc_status(&still, &still.body), Some(0));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_in_again_ends_the_session_the_cookie_held() -> anyhow::Result<()> {
    let (e, first) = signed_in().await?;
    let login = jane(PASSWORD);

    let again = call(
        &e,
        "/portal.auth.v1.AuthService/Login",
        &[("cookie", &first)],
        login,
    )
    .await?;
    let second = set_cookie(&again).unwrap_or_default();
    let old = call(&e, GET_SESSION, &[("cookie", &first)], GetSessionRequest {}).await?;
    let new = call(
        &e,
        GET_SESSION,
        &[("cookie", &second)],
        GetSessionRequest {},
    )
    .await?;

    assert!(
        second.starts_with("portal_session=ps_") && second != first,
        "{second}"
    );
    assert_eq!(
        grpc_status(&old, &old.body),
        Some(Code::Unauthenticated as i32)
    );
    assert_eq!(grpc_status(&new, &new.body), Some(0));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn ending_ones_own_session_from_the_session_list_clears_the_cookie() -> anyhow::Result<()> {
    let (e, cookie) = signed_in().await?;
    let listed = call(
        &e,
        "/portal.auth.v1.AuthService/ListSessions",
        &[("cookie", &cookie)],
        ListSessionsRequest {},
    )
    .await?;
    let own = reply::<ListSessionsResponse>(&listed)?.sessions[0]
        .session_id
        .clone();

    let revoked = call(
        &e,
        "/portal.auth.v1.AuthService/RevokeSession",
        &[("cookie", &cookie)],
        RevokeSessionRequest { session_id: own },
    )
    .await?;

    assert_eq!(grpc_status(&revoked, &revoked.body), Some(0));
    let set = header(&revoked, "set-cookie");
    assert!(set.contains("Max-Age=0"), "{set}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn native_callers_keep_tokens_in_bodies_even_if_they_ask_for_cookies() -> anyhow::Result<()> {
    let e = with_jane().await?;
    let mut client = AuthServiceClient::new(e.gateway.channel().await?);
    let mut request = tonic::Request::new(jane(PASSWORD));
    request.metadata_mut().insert(
        "x-portal-session-delivery",
        MetadataValue::from_static("cookie"),
    );

    let reply = client.login(request).await?;

    assert!(reply.metadata().get("x-portal-session-token").is_none());
    assert!(reply.into_inner().session_token.starts_with("ps_"));
    let none = failure(client.get_session(GetSessionRequest {}).await)?;
    assert_eq!(none.code, Code::Unauthenticated);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_carry_the_security_headers_and_unknown_paths_are_refused() -> anyhow::Result<()> {
    let e = embedded(TestGatewayOptions::default()).await?;
    let addr = e.gateway.addr;

    let page = send(addr, Method::GET, "/reset-password", &[], vec![]).await?;
    let missing_asset = send(addr, Method::GET, "/assets/missing-0000.js", &[], vec![]).await?;
    let unknown_rpc = send(
        addr,
        Method::POST,
        "/portal.auth.v1.Nothing/Here",
        &[("content-type", GRPC_WEB)],
        frame(0, &[]),
    )
    .await?;

    for response in [&page, &missing_asset] {
        let csp = header(response, "content-security-policy");
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(
                csp.contains(directive),
                "{csp} lacks {directive}: {response:?}"
            );
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(header(response, "referrer-policy"), "no-referrer");
        assert_eq!(header(response, "x-content-type-options"), "nosniff");
    }
    assert_eq!(header(&page, "cache-control"), "no-cache");
    assert_eq!(missing_asset.status, 404);
    assert_eq!(
        grpc_status(&unknown_rpc, &unknown_rpc.body),
        Some(Code::Unimplemented as i32)
    );
    Ok(())
}
