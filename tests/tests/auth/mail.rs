//! The lock email, delivered over real SMTP, also after an outage.

use portal_tests::smtp::free_port;
use portal_tests::{MAIL_RETRY_MAX, SmtpServer, TestAuth, TestAuthOptions, TestDatabase};

use super::{PASSWORD, WRONG_PASSWORD, count_rows, fixture, login};

#[tokio::test(flavor = "multi_thread")]
async fn lock_email_is_delivered_to_the_owner() -> anyhow::Result<()> {
    let mut f = fixture().await?;
    f.auth
        .create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;

    for _ in 0..3 {
        let _ = login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await;
    }

    let mail = f.smtp.wait_for("jane@example.com", 1).await?;
    assert_eq!(mail[0].subject, "Your portal account has been locked");
    assert!(mail[0].body.contains("30 minutes"));
    assert!(mail[0].body.contains("Forgot Password"));
    assert!(!mail[0].body.contains(WRONG_PASSWORD));
    // Attempts while locked send nothing more.
    let _ = login(&mut f.client, "jane@example.com", WRONG_PASSWORD).await;
    f.auth.domain.flush_mail().await?;
    assert_eq!(f.smtp.messages_to("jane@example.com").len(), 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn lock_happens_while_smtp_is_down_and_the_email_arrives_when_it_is_back()
-> anyhow::Result<()> {
    let db = TestDatabase::fresh().await?;
    let smtp_addr = free_port()?;
    let auth = TestAuth::spawn(
        &db,
        TestAuthOptions {
            smtp_url: Some(format!("smtp://{smtp_addr}")),
            ..Default::default()
        },
    )
    .await?;
    auth.create_user("jane@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let mut client = auth.client().await?;

    for _ in 0..3 {
        let _ = login(&mut client, "jane@example.com", WRONG_PASSWORD).await;
    }
    let locked =
        portal_tests::grpc::failure(login(&mut client, "jane@example.com", PASSWORD).await)?;
    assert_eq!(
        locked.reason, "ACCOUNT_LOCKED",
        "the lock does not wait for mail"
    );
    auth.domain.flush_mail().await?;
    let pool = db.connect("auth.db").await?;
    let (pending, attempts): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(MAX(attempts), 0) FROM mail_outbox WHERE sent_at IS NULL",
    )
    .fetch_one(&pool)
    .await?;
    assert_eq!(pending, 1, "kept in the outbox");
    assert_eq!(attempts, 1, "delivery was tried");

    let smtp = SmtpServer::start_on(smtp_addr)?;
    auth.clock.advance(MAIL_RETRY_MAX);
    auth.domain.flush_mail().await?;
    let mail = smtp.messages_to("jane@example.com");
    assert_eq!(mail.len(), 1, "delivered once the server is back");
    assert_eq!(mail[0].subject, "Your portal account has been locked");
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")
        .fetch_one(&pool)
        .await?;
    assert_eq!(pending, 0, "the outbox row is marked sent");
    assert_eq!(
        count_rows(&db, "mail_outbox").await?,
        1,
        "sent once, not duplicated"
    );
    assert_eq!(smtp.messages_to("jane@example.com").len(), 1);
    Ok(())
}
