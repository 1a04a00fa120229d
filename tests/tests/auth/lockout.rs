//! Lockout: the 3rd failure locks for 30 minutes, exactly as the README's "Sign-in and lockout" says.

use std::time::Duration;

use auth_service::domain::messages;
use portal_tests::grpc::{Failure, failure};
use tonic::Code;

use super::{PASSWORD, WRONG_PASSWORD, fixture, login};

const LOCK: Duration = Duration::from_secs(30 * 60);

#[tokio::test(flavor = "multi_thread")]
async fn login_locks_the_account_on_the_third_consecutive_failure() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;

    for _ in 0..2 {
        let first = failure(login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await)?;
        assert_eq!(first.reason, "INVALID_CREDENTIALS");
    }
    let third = failure(login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await)?;

    assert_eq!(third.code, Code::Unauthenticated);
    assert_eq!(third.reason, "ACCOUNT_LOCKED");
    assert_eq!(
        third.message,
        "The username or password is incorrect. Your account has been temporarily locked due to repeated failed login attempts. Use the Forgot Password link to reset your password and unlock your account."
    );
    assert_eq!(third.retry_after, Some(LOCK));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_refuses_the_right_password_while_locked_without_extending_the_lock()
-> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    for _ in 0..3 {
        let _ = login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await;
    }
    let verified_before = f.auth.domain.hasher().verifications();

    f.auth.clock.advance(Duration::from_secs(20 * 60));
    let right = failure(login(&mut f.client, "jane@example.com", PASSWORD).await)?;
    let wrong = failure(login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await)?;

    assert_eq!(right.reason, "ACCOUNT_LOCKED");
    assert_eq!(right.message, messages::ACCOUNT_LOCKED);
    assert_eq!(
        right.retry_after,
        Some(Duration::from_secs(10 * 60)),
        "lock not extended"
    );
    assert_eq!(
        wrong.retry_after,
        Some(Duration::from_secs(10 * 60)),
        "lock not extended"
    );
    assert_eq!(
        f.auth.domain.hasher().verifications(),
        verified_before,
        "nothing verified while locked"
    );
    assert_eq!(super::count_events(&f.db, "LOGIN_REFUSED_LOCKED").await?, 2);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_succeeds_again_when_the_lock_time_has_passed() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    for _ in 0..3 {
        let _ = login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await;
    }

    f.auth.clock.advance(LOCK - Duration::from_secs(1));
    let still_locked = failure(login(&mut f.client, "jane@example.com", PASSWORD).await)?;
    f.auth.clock.advance(Duration::from_secs(1));
    let reply = login(&mut f.client, "jane@example.com", PASSWORD).await;

    assert_eq!(still_locked.reason, "ACCOUNT_LOCKED");
    assert!(reply.is_ok(), "unlocked after 30 minutes: {reply:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_restarts_the_count_after_the_lock_expires() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    for _ in 0..3 {
        let _ = login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await;
    }
    f.auth.clock.advance(LOCK);

    let first = failure(login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await)?;
    let second = failure(login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await)?;
    let third = failure(login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await)?;

    assert_eq!(first.reason, "INVALID_CREDENTIALS");
    assert_eq!(second.reason, "INVALID_CREDENTIALS");
    assert_eq!(third.reason, "ACCOUNT_LOCKED");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_resets_the_failure_count_after_a_success() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;

    for _ in 0..2 {
        let _ = login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await;
    }
    login(&mut f.client, "jane@example.com", PASSWORD).await?;
    let after: Vec<Failure> = vec![
        failure(login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await)?,
        failure(login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await)?,
    ];

    assert!(
        after.iter().all(|f| f.reason == "INVALID_CREDENTIALS"),
        "{after:?}"
    );
    login(&mut f.client, "jane@example.com", PASSWORD).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_treats_an_unknown_email_exactly_like_a_known_one() -> anyhow::Result<()> {
    let f = fixture().await?;
    f.auth
        .create_user("known@example.com", PASSWORD, &["North Clinic"])
        .await?;

    let sequence = |email: &'static str| {
        let mut client = f.client.clone();
        let clock = f.auth.clock.clone();
        async move {
            let mut seen = Vec::new();
            for password in [
                WRONG_PASSWORD,
                WRONG_PASSWORD,
                WRONG_PASSWORD,
                PASSWORD,
                WRONG_PASSWORD,
            ] {
                seen.push(failure(login(&mut client, email, password).await)?);
            }
            clock.advance(Duration::from_secs(60));
            seen.push(failure(login(&mut client, email, WRONG_PASSWORD).await)?);
            anyhow::Ok(seen)
        }
    };
    let known = sequence("known@example.com").await?;
    let unknown = sequence("unknown@example.com").await?;

    let shape = |all: &[Failure]| {
        all.iter()
            .map(|f| {
                (
                    f.code,
                    f.reason.clone(),
                    f.message.clone(),
                    f.retry_after.is_some(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&known), shape(&unknown));
    assert_eq!(known[2].reason, "ACCOUNT_LOCKED");
    assert_eq!(
        known[3].reason, "ACCOUNT_LOCKED",
        "right password refused while locked"
    );
    assert_eq!(known[5].retry_after, unknown[5].retry_after);
    assert_eq!(known[5].retry_after, Some(LOCK - Duration::from_secs(60)));
    assert!(f.smtp.messages_to("unknown@example.com").is_empty());
    Ok(())
}
