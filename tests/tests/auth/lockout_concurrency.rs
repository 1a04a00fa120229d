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
