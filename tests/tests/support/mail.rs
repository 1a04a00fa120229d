//! Mail against a misbehaving SMTP server: down at submission (the ticket
//! is saved, the confirmation follows), holding its reply (sent once, and
//! nothing else waits), refusing for good (given up after 3 attempts).

use portal_tests::smtp::free_port;
use portal_tests::smtp_script::ScriptedSmtp;
use portal_tests::{MAIL_RETRY_MAX, SmtpServer, TestSupport, TestSupportOptions};

use super::{contact, count_tickets, desk_with};

#[tokio::test(flavor = "multi_thread")]
async fn a_submission_while_smtp_is_down_is_saved_and_confirmed_later() -> anyhow::Result<()> {
    let smtp_addr = free_port()?;
    let mut d = desk_with(TestSupportOptions {
        smtp_url: Some(format!("smtp://{smtp_addr}")),
        ..Default::default()
    })
    .await?;

    let reply = d
        .client
        .submit_contact_form(contact("jane@example.com"))
        .await?
        .into_inner();
    assert_eq!(count_tickets(&d.support_db).await?, 1, "saved at once");
    d.support.domain.flush_mail().await?;
    assert_eq!(
        outbox_rows(&d.support_db, "jane@example.com").await?,
        vec![(1, false, false)],
        "tried once, kept (attempts, sent, failed)"
    );

    let smtp = SmtpServer::start_on(smtp_addr)?;
    d.support.clock.advance(MAIL_RETRY_MAX);
    d.support.domain.flush_mail().await?;
    let mail = smtp.messages_to("jane@example.com");
    assert_eq!(mail.len(), 1, "confirmed once the server is back");
    assert!(mail[0].body.contains(&reply.ticket_ref));
    Ok(())
}

/// The outbox rows of `recipient`: (attempts, sent, failed).
async fn outbox_rows(
    db: &portal_tests::TestDatabase,
    recipient: &str,
) -> anyhow::Result<Vec<(i64, bool, bool)>> {
    let pool = db.connect("support.db").await?;
    let rows: Vec<(i64, Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT attempts, sent_at, failed_at FROM mail_outbox WHERE recipient = $1")
            .bind(recipient)
            .fetch_all(&pool)
            .await?;
    pool.close().await;
    Ok(rows
        .into_iter()
        .map(|(attempts, sent, failed)| (attempts, sent.is_some(), failed.is_some()))
        .collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stalled_reply_is_delivered_once_by_two_replicas_and_holds_up_no_other_mail()
-> anyhow::Result<()> {
    let smtp = ScriptedSmtp::start().await?;
    let options = TestSupportOptions {
        smtp_url: Some(smtp.url()),
        // A delivery may take 2 s: long enough for the later mail to pass
        // while the first is held, even on a busy machine.
        smtp_timeout_ms: Some(500),
        ..Default::default()
    };
    let mut d = desk_with(options.clone()).await?;
    // The second replica shares the first one's clock, as replicas share
    // the wall clock.
    let second = TestSupport::spawn(
        &d.support_db,
        TestSupportOptions {
            auth_url: d.auth.url(),
            clock: Some(d.support.clock.clone()),
            ..options
        },
    )
    .await?;

    d.client
        .submit_contact_form(contact("stalled@example.com"))
        .await?;
    smtp.wait_until("the first reply to be held", |s| {
        s.deliveries().is_empty() && s.abandoned() == 0 && stalled_now(s)
    })
    .await?;
    d.client
        .submit_contact_form(contact("later@example.com"))
        .await?;

    smtp.wait_until("the later confirmation", |s| {
        s.deliveries().iter().any(|m| m.to == "later@example.com")
    })
    .await?;
    let later = smtp
        .deliveries()
        .into_iter()
        .find(|m| m.to == "later@example.com");
    assert_eq!(
        later.map(|m| m.stalled_meanwhile),
        Some(1),
        "delivered while the stalled reply was still held"
    );
    // The held attempt, on either replica, ends at its deadline and is
    // recorded for a retry, which the moved clock makes due.
    let replicas = [&d.support.domain, &second.domain];
    for replica in replicas {
        replica.flush_mail().await?;
    }
    assert_eq!(
        outbox_rows(&d.support_db, "stalled@example.com").await?,
        vec![(1, false, false)],
        "(attempts, sent, failed)"
    );
    d.support.clock.advance(MAIL_RETRY_MAX);
    for replica in replicas {
        replica.flush_mail().await?;
    }

    let stalled: Vec<_> = smtp
        .deliveries()
        .into_iter()
        .filter(|m| m.to == "stalled@example.com")
        .collect();
    assert_eq!(stalled.len(), 1, "one delivery of one row: {stalled:?}");
    assert!(stalled[0].message_id.ends_with("@portal>"), "{stalled:?}");
    smtp.wait_until("the server to see the held attempt given up", |s| {
        s.abandoned() > 0
    })
    .await?;
    assert_eq!(
        smtp.abandoned(),
        1,
        "the held attempt was given up, not waited out"
    );
    assert_eq!(
        outbox_rows(&d.support_db, "stalled@example.com").await?,
        vec![(2, true, false)],
        "(attempts, sent, failed)"
    );
    Ok(())
}

/// Whether the server is holding a reply right now.
fn stalled_now(smtp: &ScriptedSmtp) -> bool {
    smtp.holding() > 0
}

#[tokio::test(flavor = "multi_thread")]
async fn mail_refused_for_good_ends_failed_after_three_attempts() -> anyhow::Result<()> {
    let smtp = ScriptedSmtp::start().await?;
    let mut d = desk_with(TestSupportOptions {
        smtp_url: Some(smtp.url()),
        ..Default::default()
    })
    .await?;

    d.client
        .submit_contact_form(contact("refused@example.com"))
        .await?;
    for attempt in 1..=3 {
        d.support.domain.flush_mail().await?;
        assert_eq!(
            outbox_rows(&d.support_db, "refused@example.com").await?,
            vec![(attempt, false, attempt == 3)],
            "(attempts, sent, failed)"
        );
        d.support.clock.advance(MAIL_RETRY_MAX);
    }
    d.support.domain.flush_mail().await?;

    assert_eq!(
        outbox_rows(&d.support_db, "refused@example.com").await?,
        vec![(3, false, true)],
        "(attempts, sent, failed)"
    );
    assert_eq!(smtp.refusals(), 3);
    let pool = d.support_db.connect("support.db").await?;
    assert_eq!(portal_common::mail::pending_count(&pool).await?, 0);
    assert_eq!(portal_common::mail::failed_count(&pool).await?, 1);
    pool.close().await;
    Ok(())
}
