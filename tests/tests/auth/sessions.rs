//! ValidateSession, Logout, ListSessions, RevokeSession, ChangePassword.

use std::time::Duration;

use portal_proto::auth::v1::{
    ChangePasswordRequest, ListSessionsRequest, LogoutRequest, RevokeSessionRequest, SessionScope,
    ValidateSessionRequest,
};
use portal_tests::grpc::{failure, with_bearer};
use tonic::Code;

use super::{PASSWORD, WRONG_PASSWORD, fixture, login};

fn validate(token: &str) -> ValidateSessionRequest {
    ValidateSessionRequest {
        session_token: token.into(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn validate_session_returns_the_principal_when_token_is_good() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    let user_id = f
        .auth
        .create_user(
            "jane@example.com",
            PASSWORD,
            &["North Clinic", "South Clinic"],
        )
        .await?;
    let token = login(&mut f.client, "jane@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;

    let principal = f
        .client
        .validate_session(validate(&token))
        .await?
        .into_inner();

    assert_eq!(principal.user_id, user_id);
    assert_eq!(principal.email, "jane@example.com");
    assert_eq!(
        (principal.first_name.as_str(), principal.last_name.as_str()),
        ("Test", "User")
    );
    assert_eq!(principal.site_ids.len(), 2);
    assert!(!principal.organization_id.is_empty());
    assert_eq!(principal.scope(), SessionScope::Full);
    assert!(principal.expires_at.is_some());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn validate_session_refuses_a_malformed_token() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    for token in [
        "",
        "garbage",
        "ps_short",
        &format!("ps_{}", "A".repeat(43)),
        &"x".repeat(10_000),
    ] {
        let failure = failure(f.client.validate_session(validate(token)).await)?;
        assert_eq!(failure.code, Code::Unauthenticated, "{token}");
        assert_eq!(failure.reason, "SESSION_INVALID");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn validate_session_refuses_a_token_idle_for_more_than_30_minutes() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let token = login(&mut f.client, "jane@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;

    f.auth.clock.advance(Duration::from_secs(29 * 60));
    f.client.validate_session(validate(&token)).await?;
    f.auth.clock.advance(Duration::from_secs(29 * 60));
    f.client.validate_session(validate(&token)).await?; // use slid the idle window
    f.auth.clock.advance(Duration::from_secs(31 * 60));
    let idle = failure(f.client.validate_session(validate(&token)).await)?;

    assert_eq!(idle.code, Code::Unauthenticated);
    assert_eq!(idle.reason, "SESSION_INVALID");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn validate_session_refuses_a_token_older_than_12_hours_even_when_used() -> anyhow::Result<()>
{
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let token = login(&mut f.client, "jane@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;

    for _ in 0..(12 * 60 / 20 - 1) {
        f.auth.clock.advance(Duration::from_secs(20 * 60));
        f.client.validate_session(validate(&token)).await?;
    }
    f.auth.clock.advance(Duration::from_secs(20 * 60));
    let expired = failure(f.client.validate_session(validate(&token)).await)?;

    assert_eq!(expired.reason, "SESSION_INVALID");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_ends_the_session() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let token = login(&mut f.client, "jane@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;

    // Validated (and so remembered) before the logout: the logout must
    // still take effect at once.
    f.client.validate_session(validate(&token)).await?;
    f.client
        .logout(with_bearer(LogoutRequest {}, &token)?)
        .await?;
    let after = failure(f.client.validate_session(validate(&token)).await)?;
    let again = failure(
        f.client
            .logout(with_bearer(LogoutRequest {}, &token)?)
            .await,
    )?;

    assert_eq!(after.reason, "SESSION_INVALID");
    assert_eq!(again.code, Code::Unauthenticated);
    let no_token = failure(f.client.logout(LogoutRequest {}).await)?;
    assert_eq!(no_token.code, Code::Unauthenticated);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn revoke_session_ends_another_of_the_callers_sessions() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    f.auth
        .create_user("john@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let laptop = login(&mut f.client, "jane@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;
    let phone = login(&mut f.client, "jane@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;
    let john = login(&mut f.client, "john@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;

    let listed = f
        .client
        .list_sessions(with_bearer(ListSessionsRequest {}, &laptop)?)
        .await?
        .into_inner();
    assert_eq!(listed.sessions.len(), 2);
    assert_eq!(listed.sessions.iter().filter(|s| s.current).count(), 1);
    let phone_id = f
        .client
        .validate_session(validate(&phone))
        .await?
        .into_inner()
        .session_id;

    // Someone else's session cannot be ended.
    let foreign = failure(
        f.client
            .revoke_session(with_bearer(
                RevokeSessionRequest {
                    session_id: phone_id.clone(),
                },
                &john,
            )?)
            .await,
    )?;
    assert_eq!(foreign.code, Code::NotFound);
    f.client.validate_session(validate(&phone)).await?;

    f.client
        .revoke_session(with_bearer(
            RevokeSessionRequest {
                session_id: phone_id,
            },
            &laptop,
        )?)
        .await?;
    let revoked = failure(f.client.validate_session(validate(&phone)).await)?;
    assert_eq!(revoked.reason, "SESSION_INVALID");
    f.client.validate_session(validate(&laptop)).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn change_password_is_refused_when_the_current_password_is_wrong() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let token = login(&mut f.client, "jane@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;

    let refused = failure(
        f.client
            .change_password(with_bearer(
                ChangePasswordRequest {
                    current_password: WRONG_PASSWORD.into(),
                    new_password: "a-brand-new-passphrase-7".into(),
                },
                &token,
            )?)
            .await,
    )?;

    assert_eq!(refused.code, Code::InvalidArgument);
    assert_eq!(refused.reason, "INVALID_CREDENTIALS");
    assert_eq!(refused.fields, vec!["current_password".to_string()]);
    login(&mut f.client, "jane@example.com", PASSWORD).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn change_password_replaces_the_password_and_ends_other_sessions() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let token = login(&mut f.client, "jane@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;
    let other = login(&mut f.client, "jane@example.com", PASSWORD)
        .await?
        .into_inner()
        .session_token;
    let new_password = "a-brand-new-passphrase-7";

    let weak = failure(
        f.client
            .change_password(with_bearer(
                ChangePasswordRequest {
                    current_password: PASSWORD.into(),
                    new_password: "short".into(),
                },
                &token,
            )?)
            .await,
    )?;
    assert_eq!(weak.code, Code::InvalidArgument);
    assert_eq!(weak.fields, vec!["new_password".to_string()]);

    f.client
        .change_password(with_bearer(
            ChangePasswordRequest {
                current_password: PASSWORD.into(),
                new_password: new_password.into(),
            },
            &token,
        )?)
        .await?;

    let old = failure(login(&mut f.client, "jane@example.com", PASSWORD).await)?;
    assert_eq!(old.reason, "INVALID_CREDENTIALS");
    login(&mut f.client, "jane@example.com", new_password).await?;
    f.client.validate_session(validate(&token)).await?;
    let ended = failure(f.client.validate_session(validate(&other)).await)?;
    assert_eq!(ended.reason, "SESSION_INVALID");
    let mail = f.smtp.wait_for("jane@example.com", 1).await?;
    assert_eq!(mail[0].subject, "Your portal password was changed");
    Ok(())
}
