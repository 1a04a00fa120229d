//! Rate limits: per IP and per email, per hour.

use std::time::Duration;

use portal_tests::grpc::failure;
use tonic::Code;

use super::{contact, count_tickets, desk, from_ip};

#[tokio::test(flavor = "multi_thread")]
async fn the_21st_submission_from_one_ip_in_an_hour_is_refused() -> anyhow::Result<()> {
    let mut d = desk().await?;
    for i in 0..20 {
        d.client
            .submit_contact_form(from_ip(
                contact(&format!("user{i}@example.com")),
                "203.0.113.7",
            )?)
            .await?;
    }

    let refused = failure(
        d.client
            .submit_contact_form(from_ip(contact("user20@example.com"), "203.0.113.7")?)
            .await,
    )?;
    let other_ip = d
        .client
        .submit_contact_form(from_ip(contact("user21@example.com"), "198.51.100.9")?)
        .await;

    assert_eq!(refused.code, Code::ResourceExhausted);
    assert_eq!(refused.reason, "TOO_MANY_SUBMISSIONS");
    assert!(
        refused
            .retry_after
            .is_some_and(|d| d <= Duration::from_secs(3600))
    );
    assert!(other_ip.is_ok(), "another IP is not limited");
    assert_eq!(count_tickets(&d.support_db).await?, 21);
    d.support.clock.advance(Duration::from_secs(3600));
    d.client
        .submit_contact_form(from_ip(contact("later@example.com"), "203.0.113.7")?)
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flood_from_one_email_is_refused_whatever_the_ip() -> anyhow::Result<()> {
    let mut d = desk().await?;
    for i in 0..5 {
        d.client
            .submit_contact_form(from_ip(
                contact("flood@example.com"),
                &format!("192.0.2.{i}"),
            )?)
            .await?;
    }

    let refused = failure(
        d.client
            .submit_contact_form(from_ip(contact("FLOOD@example.com"), "192.0.2.99")?)
            .await,
    )?;

    assert_eq!(refused.code, Code::ResourceExhausted);
    assert_eq!(count_tickets(&d.support_db).await?, 5);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_ip_limit_holds_across_two_instances_sharing_a_database() -> anyhow::Result<()> {
    use portal_tests::{TestSupport, TestSupportOptions};

    let d = desk().await?;
    let second = TestSupport::spawn(
        &d.support_db,
        TestSupportOptions {
            auth_url: d.auth.url(),
            ..Default::default()
        },
    )
    .await?;
    let clients = [d.client.clone(), second.client().await?];

    let attempts: Vec<_> = (0..30)
        .map(|i| {
            let mut client = clients[i % 2].clone();
            tokio::spawn(async move {
                client
                    .submit_contact_form(from_ip(
                        contact(&format!("p{i}@example.com")),
                        "203.0.113.50",
                    )?)
                    .await
                    .map(|_| ())
                    .map_err(|status| anyhow::anyhow!("{:?}", status.code()))
            })
        })
        .collect();
    let mut accepted = 0;
    for attempt in attempts {
        if attempt.await?.is_ok() {
            accepted += 1;
        }
    }

    assert_eq!(
        accepted, 20,
        "exactly the limit, whichever instance answered"
    );
    assert_eq!(count_tickets(&d.support_db).await?, 20);
    Ok(())
}

/// Where the desk recorded the ticket `reference` as coming from.
async fn recorded_ip(d: &super::Desk, reference: &str) -> anyhow::Result<String> {
    let pool = d.support_db.connect("support.db").await?;
    let ip = sqlx::query_scalar("SELECT client_ip FROM tickets WHERE reference = $1")
        .bind(reference)
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    Ok(ip)
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_trusted_peer_chooses_the_address_a_submission_counts_under() -> anyhow::Result<()> {
    // The tests reach the desk from 127.0.0.1: trusted by default.
    let mut trusting = desk().await?;
    let forwarded = trusting
        .client
        .submit_contact_form(from_ip(contact("a@example.com"), "203.0.113.7")?)
        .await?
        .into_inner()
        .ticket_ref;
    let mut wary = super::desk_with(portal_tests::TestSupportOptions {
        trusted_proxies: Some("192.0.2.0/24".into()),
        ..Default::default()
    })
    .await?;
    let claimed = wary
        .client
        .submit_contact_form(from_ip(contact("b@example.com"), "203.0.113.7")?)
        .await?
        .into_inner()
        .ticket_ref;

    assert_eq!(recorded_ip(&trusting, &forwarded).await?, "203.0.113.7");
    assert_eq!(recorded_ip(&wary, &claimed).await?, "127.0.0.1");
    Ok(())
}
