//! Exact lockout under concurrency: however many attempts arrive at once,
//! on however many instances, only 3 passwords are verified per lock window.

use portal_tests::grpc::failure;
use portal_tests::{TestAuth, TestAuthOptions};

use super::{PASSWORD, WRONG_PASSWORD, count_events, fixture, login};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_attempts_evaluate_exactly_three_passwords() -> anyhow::Result<()> {
    let f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let verified_before = f.auth.domain.hasher().verifications();

    let attempts = (0..20)
        .map(|_| {
            let mut client = f.client.clone();
            tokio::spawn(async move {
                failure(login(&mut client, "jane@example.com", WRONG_PASSWORD).await)
            })
        })
        .collect::<Vec<_>>();
    let mut reasons = Vec::new();
    for attempt in attempts {
        reasons.push(attempt.await??.reason);
    }

    let invalid = reasons
        .iter()
        .filter(|r| *r == "INVALID_CREDENTIALS")
        .count();
    let locked = reasons.iter().filter(|r| *r == "ACCOUNT_LOCKED").count();
    assert_eq!((invalid, locked), (2, 18), "{reasons:?}");
    let verified = f.auth.domain.hasher().verifications() - verified_before;
    assert_eq!(verified, 3, "password verifications evaluated");
    assert_eq!(
        count_events(&f.db, "LOGIN_FAILED").await?,
        3,
        "verifications evaluated"
    );
    assert_eq!(count_events(&f.db, "LOGIN_REFUSED_LOCKED").await?, 17);
    assert_eq!(count_events(&f.db, "ACCOUNT_LOCKED").await?, 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_attempts_on_two_instances_sharing_a_database_evaluate_three()
-> anyhow::Result<()> {
    let f = fixture().await?;
    let second = TestAuth::spawn(
        &f.db,
        TestAuthOptions {
            smtp_url: Some(f.smtp.url()),
            clock: Some(f.auth.clock.clone()),
            ..Default::default()
        },
    )
    .await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let second_client = second.client().await?;
    let verified_before =
        f.auth.domain.hasher().verifications() + second.domain.hasher().verifications();

    let attempts = (0..20)
        .map(|i| {
            let mut client = if i % 2 == 0 {
                f.client.clone()
            } else {
                second_client.clone()
            };
            tokio::spawn(async move {
                failure(login(&mut client, "jane@example.com", WRONG_PASSWORD).await)
            })
        })
        .collect::<Vec<_>>();
    let mut reasons = Vec::new();
    for attempt in attempts {
        reasons.push(attempt.await??.reason);
    }

    let invalid = reasons
        .iter()
        .filter(|r| *r == "INVALID_CREDENTIALS")
        .count();
    assert_eq!(invalid, 2, "{reasons:?}");
    let verified = f.auth.domain.hasher().verifications() + second.domain.hasher().verifications()
        - verified_before;
    assert_eq!(
        verified, 3,
        "password verifications evaluated on both instances"
    );
    assert_eq!(count_events(&f.db, "LOGIN_FAILED").await?, 3);
    let mut second_client = second.client().await?;
    let refused = failure(login(&mut second_client, "jane@example.com", PASSWORD).await)?;
    assert_eq!(refused.reason, "ACCOUNT_LOCKED", "the lock is shared");
    Ok(())
}

/// Right passwords sent at once, `attempts` of them after `failures_before`
/// wrong ones; every reason they got back.
async fn right_passwords_at_once(
    f: &super::Fixture,
    failures_before: usize,
    attempts: usize,
) -> anyhow::Result<Vec<Result<(), String>>> {
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    for _ in 0..failures_before {
        let mut client = f.client.clone();
        let wrong = failure(login(&mut client, "jane@example.com", WRONG_PASSWORD).await)?;
        assert_eq!(wrong.reason, "INVALID_CREDENTIALS");
    }
    let calls = (0..attempts)
        .map(|_| {
            let mut client = f.client.clone();
            tokio::spawn(async move {
                match login(&mut client, "jane@example.com", PASSWORD).await {
                    Ok(_) => Ok(()),
                    Err(status) => Err(portal_tests::grpc::Failure::from(&status).reason),
                }
            })
        })
        .collect::<Vec<_>>();
    let mut outcomes = Vec::new();
    for call in calls {
        outcomes.push(call.await?);
    }
    Ok(outcomes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_right_passwords_at_once_all_sign_in_and_lock_nothing() -> anyhow::Result<()> {
    let f = fixture().await?;

    let outcomes = right_passwords_at_once(&f, 0, 4).await?;

    assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
    assert_eq!(count_events(&f.db, "LOGIN_SUCCEEDED").await?, 4);
    assert_eq!(count_events(&f.db, "ACCOUNT_LOCKED").await?, 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn right_passwords_after_two_failures_wait_their_turn_instead_of_being_locked()
-> anyhow::Result<()> {
    let f = fixture().await?;

    // Failures 2 + pending 1 fill the limit: the others wait, one by one.
    let outcomes = right_passwords_at_once(&f, 2, 8).await?;

    assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
    assert_eq!(count_events(&f.db, "ACCOUNT_LOCKED").await?, 0);
    let mut client = f.client.clone();
    let again = failure(login(&mut client, "jane@example.com", WRONG_PASSWORD).await)?;
    assert_eq!(again.reason, "INVALID_CREDENTIALS", "the count restarted");
    Ok(())
}

/// The throttle key of the only account tried so far.
async fn only_throttle_key(db: &portal_tests::TestDatabase) -> anyhow::Result<String> {
    let pool = db.connect("auth.db").await?;
    let key = sqlx::query_scalar("SELECT email_key FROM login_throttle")
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    Ok(key)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_verification_left_pending_by_a_dead_replica_delays_but_never_locks() -> anyhow::Result<()>
{
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    for _ in 0..2 {
        let _ = login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await;
    }
    // Another replica reserved the third verification, then died.
    let key = only_throttle_key(&f.db).await?;
    let lease_until = f.auth.clock_now_seconds() * 1000 + 70_000;
    let pool = f.db.connect("auth.db").await?;
    sqlx::query("INSERT INTO login_pending (id, email_key, lease_until) VALUES ('dead', $1, $2)")
        .bind(&key)
        .bind(lease_until)
        .execute(&pool)
        .await?;

    let mut hurried = tonic::Request::new(portal_proto::auth::v1::LoginRequest {
        email: "jane@example.com".into(),
        password: PASSWORD.into(),
    });
    hurried.set_timeout(std::time::Duration::from_millis(400));
    let waited = failure(f.client.login(hurried).await)?;
    assert_eq!(waited.code, tonic::Code::Unavailable, "{waited:?}");
    assert!(waited.retry_after.is_some(), "with RetryInfo");

    f.auth.clock.advance(std::time::Duration::from_secs(71));
    login(&mut f.client, "jane@example.com", PASSWORD).await?;
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_pending")
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    assert_eq!(left, 0, "the lapsed lease is gone");
    assert_eq!(count_events(&f.db, "ACCOUNT_LOCKED").await?, 0);
    Ok(())
}
