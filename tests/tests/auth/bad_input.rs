//! Hostile and malformed sign-in input: a clear error, never INTERNAL, and
//! nothing stored.

use portal_tests::grpc::failure;
use tonic::Code;

use super::{PASSWORD, count_rows, fixture, login};

/// Tables that a refused sign-in must leave untouched.
const TABLES: [&str; 4] = ["login_throttle", "sessions", "auth_events", "mail_outbox"];

async fn snapshot(db: &portal_tests::TestDatabase) -> anyhow::Result<Vec<i64>> {
    let mut counts = Vec::new();
    for table in TABLES {
        counts.push(count_rows(db, table).await?);
    }
    Ok(counts)
}

#[tokio::test(flavor = "multi_thread")]
async fn login_refuses_malformed_emails_with_field_violations_and_stores_nothing()
-> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let before = snapshot(&f.db).await?;
    let huge = format!("{}@example.com", "a".repeat(10 * 1024));
    let cases = [
        "",
        "   ",
        huge.as_str(),
        "jane@example.com\u{0}",
        "jane\r\n@example.com",
        "ja\u{7}ne@example.com",
        "not-an-email",
        "\u{FFFD}\u{FFFD}@\u{FFFD}",
    ];

    for email in cases {
        let refused = failure(login(&mut f.client, email, PASSWORD).await)?;
        assert_eq!(refused.code, Code::InvalidArgument, "{email:?}");
        assert_eq!(refused.fields, vec!["email".to_string()], "{email:?}");
    }
    assert_eq!(snapshot(&f.db).await?, before);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_refuses_empty_and_huge_passwords_and_stores_nothing() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let before = snapshot(&f.db).await?;
    let huge = "p".repeat(10 * 1024);

    for password in ["", huge.as_str()] {
        let refused = failure(login(&mut f.client, "jane@example.com", password).await)?;
        assert_eq!(refused.code, Code::InvalidArgument);
        assert_eq!(refused.fields, vec!["password".to_string()]);
    }
    assert_eq!(snapshot(&f.db).await?, before);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_treats_control_characters_in_a_password_as_wrong_credentials() -> anyhow::Result<()>
{
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;

    let refused =
        failure(login(&mut f.client, "jane@example.com", "pass\u{0}word\u{1b}[31m").await)?;

    assert_eq!(refused.code, Code::Unauthenticated);
    assert_eq!(refused.reason, "INVALID_CREDENTIALS");
    Ok(())
}

/// `LoginRequest` with its strings as raw bytes, to send what no
/// well-behaved client can: invalid UTF-8.
#[derive(Clone, PartialEq, prost::Message)]
struct RawLogin {
    #[prost(bytes = "vec", tag = "1")]
    email: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    password: Vec<u8>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Empty {}

#[tokio::test(flavor = "multi_thread")]
async fn login_refuses_invalid_utf8_as_invalid_argument_not_internal() -> anyhow::Result<()> {
    let f = fixture().await?;
    let before = snapshot(&f.db).await?;
    let mut grpc = tonic::client::Grpc::new(f.auth.channel().await?);
    grpc.ready().await?;

    let status = grpc
        .unary::<RawLogin, Empty, _>(
            tonic::Request::new(RawLogin {
                email: b"jane\xff\xfe@example.com".to_vec(),
                password: b"\xc3\x28".to_vec(),
            }),
            "/portal.auth.v1.AuthService/Login".parse()?,
            tonic_prost::ProstCodec::default(),
        )
        .await
        .expect_err("invalid UTF-8 must be refused");

    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(snapshot(&f.db).await?, before);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn ids_and_page_tokens_with_nul_bytes_are_invalid_arguments_not_internal()
-> anyhow::Result<()> {
    use auth_service::domain::model::Role;
    use portal_proto::auth::v1::admin_service_client::AdminServiceClient;
    use portal_proto::auth::v1::{GetUserRequest, ListUsersRequest, RevokeSessionRequest};
    use portal_tests::grpc::with_bearer;

    let mut f = fixture().await?;
    f.auth
        .create_staff("ops@example.com", PASSWORD, &[Role::PlatformAdmin])
        .await?;
    let token = login(&mut f.client, "ops@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;
    let mut admin = AdminServiceClient::new(f.auth.channel().await?);
    // Base64url of "a\0b": decodes fine, but is no position of ours.
    let nul_token = "YQBi".to_string();

    let refused = vec![
        failure(
            admin
                .get_user(with_bearer(
                    GetUserRequest {
                        user_id: "a\0b".into(),
                    },
                    &token,
                )?)
                .await,
        )?,
        failure(
            admin
                .list_users(with_bearer(
                    ListUsersRequest {
                        organization_id: "a\0b".into(),
                        ..Default::default()
                    },
                    &token,
                )?)
                .await,
        )?,
        failure(
            admin
                .list_users(with_bearer(
                    ListUsersRequest {
                        page_token: nul_token,
                        ..Default::default()
                    },
                    &token,
                )?)
                .await,
        )?,
        failure(
            f.client
                .revoke_session(with_bearer(
                    RevokeSessionRequest {
                        session_id: "a\0b".into(),
                    },
                    &token,
                )?)
                .await,
        )?,
    ];

    for failure in refused {
        assert_eq!(failure.code, Code::InvalidArgument, "{failure:?}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_truncated_frame_straight_to_a_service_is_invalid_argument_not_internal()
-> anyhow::Result<()> {
    let f = fixture().await?;
    let before = snapshot(&f.db).await?;

    // The frame header announces 9 bytes; 2 follow.
    let truncated = portal_tests::web::send_grpc(
        f.auth.addr,
        "/portal.auth.v1.AuthService/Login",
        vec![0, 0, 0, 0, 9, 1, 2],
    )
    .await?;

    // The call ends before any message: the status is in the headers.
    let status = portal_tests::web::grpc_status(&truncated, &[]);
    assert_eq!(status, Some(Code::InvalidArgument as i32), "{truncated:?}");
    assert_eq!(snapshot(&f.db).await?, before);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_address_the_mailer_cannot_deliver_to_is_refused_by_every_rpc_taking_an_email()
-> anyhow::Result<()> {
    use portal_proto::auth::v1::password_reset_service_client::PasswordResetServiceClient;
    use portal_proto::auth::v1::{
        ProvisionUserRequest, RequestPasswordResetEmailRequest, StartSecurityQuestionResetRequest,
    };
    const UNDELIVERABLE: &str = "\"a,b\"@example.com";
    let mut f = fixture().await?;
    let mut onboarded = super::invite::onboard(&mut f).await?;
    let before = snapshot(&f.db).await?;
    let mut reset = PasswordResetServiceClient::new(f.auth.channel().await?);

    let refusals = [
        failure(login(&mut f.client, UNDELIVERABLE, PASSWORD).await)?,
        failure(
            reset
                .start_security_question_reset(StartSecurityQuestionResetRequest {
                    email: UNDELIVERABLE.into(),
                })
                .await,
        )?,
        failure(
            reset
                .request_password_reset_email(RequestPasswordResetEmailRequest {
                    email: UNDELIVERABLE.into(),
                })
                .await,
        )?,
        failure(
            onboarded
                .admin
                .provision_user(portal_tests::grpc::with_bearer(
                    ProvisionUserRequest {
                        email: UNDELIVERABLE.into(),
                        organization_id: onboarded.organization_id.clone(),
                        site_ids: vec![onboarded.site_id.clone()],
                        roles: vec![],
                    },
                    &onboarded.admin_token,
                )?)
                .await,
        )?,
    ];

    for refused in &refusals {
        assert_eq!(refused.code, Code::InvalidArgument, "{refused:?}");
        assert_eq!(refused.fields, vec!["email".to_string()], "{refused:?}");
    }
    assert_eq!(snapshot(&f.db).await?, before, "nothing stored or queued");
    Ok(())
}
