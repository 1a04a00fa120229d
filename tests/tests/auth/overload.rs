//! A saturated hashing pool answers UNAVAILABLE at once and counts nothing.

use auth_service::settings::HashingSettings;
use portal_tests::grpc::failure;
use portal_tests::{TestAuth, TestAuthOptions, TestDatabase};
use tonic::Code;

use super::{WRONG_PASSWORD, login};

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
