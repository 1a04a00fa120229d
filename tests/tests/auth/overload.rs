//! A saturated hashing pool answers UNAVAILABLE at once and counts nothing;
//! admission is by expected wait, within `hashing.max_wait_ms` and the
//! caller's own `grpc-timeout`.

use std::time::Duration;

use auth_service::settings::HashingSettings;
use portal_tests::grpc::failure;
use portal_tests::{TestAuth, TestAuthOptions, TestDatabase};
use tonic::Code;

use super::{WRONG_PASSWORD, login};
use portal_proto::auth::v1::LoginRequest;
use portal_tests::grpc::Failure;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn login_answers_unavailable_when_the_hashing_queue_is_full() -> anyhow::Result<()> {
    let db = TestDatabase::fresh().await?;
    let auth = TestAuth::spawn(
        &db,
        TestAuthOptions {
            hashing: Some(HashingSettings {
                workers: 1,
                queue_limit: 2,
                ..HashingSettings::default()
            }),
            ..Default::default()
        },
    )
    .await?;
    let client = auth.client().await?;

    let attempts = (0..40)
        .map(|i| {
            let mut client = client.clone();
            tokio::spawn(async move {
                failure(login(&mut client, &format!("user{i}@example.com"), WRONG_PASSWORD).await)
            })
        })
        .collect::<Vec<_>>();
    let mut codes = Vec::new();
    let mut retry_hinted = true;
    for attempt in attempts {
        let failure = attempt.await??;
        if failure.code == Code::Unavailable {
            retry_hinted &= failure.retry_after.is_some() && failure.reason == "OVERLOADED";
        }
        codes.push(failure.code);
    }

    let unavailable = codes.iter().filter(|c| **c == Code::Unavailable).count();
    let evaluated = codes
        .iter()
        .filter(|c| **c == Code::Unauthenticated)
        .count();
    assert!(unavailable > 0, "the queue limit was never hit: {codes:?}");
    assert_eq!(
        unavailable + evaluated,
        40,
        "nothing else, never INTERNAL: {codes:?}"
    );
    assert!(retry_hinted, "UNAVAILABLE carries OVERLOADED and RetryInfo");
    let pool = db.connect("auth.db").await?;
    let failures: i64 =
        sqlx::query_scalar("SELECT CAST(SUM(failures) AS BIGINT) FROM login_throttle")
            .fetch_one(&pool)
            .await?;
    pool.close().await;
    assert_eq!(failures, evaluated as i64, "refused attempts count nothing");
    Ok(())
}

/// One worker, a cost of roughly 0.1–0.3 s a hash, and 600 ms to wait.
fn slow_hashing() -> HashingSettings {
    HashingSettings {
        workers: 1,
        queue_limit: 4_096,
        max_wait_ms: 600,
        memory_kib: 65_536,
        iterations: 3,
        parallelism: 1,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn admission_refuses_at_once_what_would_outlast_max_wait_or_the_callers_deadline()
-> anyhow::Result<()> {
    let db = TestDatabase::fresh().await?;
    let auth = TestAuth::spawn(
        &db,
        TestAuthOptions {
            hashing: Some(slow_hashing()),
            ..Default::default()
        },
    )
    .await?;
    let mut client = auth.client().await?;

    // Within both budgets, one at a time: every attempt is evaluated.
    for i in 0..3 {
        let refused = failure(
            login(
                &mut client,
                &format!("alone{i}@example.com"),
                WRONG_PASSWORD,
            )
            .await,
        )?;
        assert_eq!(refused.code, Code::Unauthenticated, "{refused:?}");
    }

    // A burst beyond `max_wait`: the excess is refused with the estimate.
    let before = auth.domain.hasher().verifications();
    let burst = (0..30)
        .map(|i| {
            let mut client = client.clone();
            tokio::spawn(async move {
                failure(
                    login(
                        &mut client,
                        &format!("burst{i}@example.com"),
                        WRONG_PASSWORD,
                    )
                    .await,
                )
            })
        })
        .collect::<Vec<_>>();
    let mut outcomes: Vec<Failure> = Vec::new();
    for attempt in burst {
        outcomes.push(attempt.await??);
    }
    let refused: Vec<&Failure> = outcomes
        .iter()
        .filter(|f| f.code == Code::Unavailable)
        .collect();
    let evaluated = outcomes
        .iter()
        .filter(|f| f.code == Code::Unauthenticated)
        .count();
    assert!(!refused.is_empty() && evaluated > 0, "{outcomes:?}");
    assert_eq!(refused.len() + evaluated, 30, "{outcomes:?}");
    for failure in &refused {
        assert_eq!(failure.reason, "OVERLOADED");
        let wait = failure.retry_after.unwrap_or_default();
        assert!(
            wait > Duration::from_millis(600),
            "the estimate exceeded max_wait: {wait:?}"
        );
    }
    assert_eq!(
        auth.domain.hasher().verifications() - before,
        evaluated as u64,
        "a refused attempt is never verified"
    );

    // With the worker busy, a caller whose own deadline is shorter than
    // the work ahead is refused at once, not left to time out in the queue.
    let one_hash = auth.domain.hasher().estimated_wait();
    let busy: Vec<_> = (0..3)
        .map(|i| {
            let mut client = client.clone();
            tokio::spawn(async move {
                login(&mut client, &format!("busy{i}@example.com"), WRONG_PASSWORD).await
            })
        })
        .collect();
    // Until the worker holds a job (at most 5 s; a hash takes well under).
    for _ in 0..5_000 {
        if auth.domain.hasher().queue_depth() >= 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let mut request = tonic::Request::new(LoginRequest {
        email: "hurried@example.com".into(),
        password: WRONG_PASSWORD.into(),
    });
    // 100 ms to answer (README, "Sign-in and lockout") plus half a hash:
    // less than the work ahead of it and its own.
    request.set_timeout(Duration::from_millis(100) + one_hash / 2);
    let hurried = failure(client.login(request).await)?;
    assert_eq!(
        (hurried.code, hurried.reason.as_str()),
        (Code::Unavailable, "OVERLOADED"),
        "{hurried:?}"
    );
    assert!(hurried.retry_after.is_some());
    for call in busy {
        let _ = call.await?;
    }
    Ok(())
}
