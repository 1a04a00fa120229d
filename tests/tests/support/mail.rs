//! SMTP down at submission: the ticket is saved, the confirmation follows.

use portal_tests::smtp::free_port;
use portal_tests::{SmtpServer, TestSupportOptions};

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

    let smtp = SmtpServer::start_on(smtp_addr)?;
    let mail = smtp.wait_for("jane@example.com", 1).await?;
    assert!(mail[0].body.contains(&reply.ticket_ref));
    Ok(())
}
