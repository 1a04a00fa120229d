//! Submissions: references, confirmation email, call-back windows, the
//! honeypot, signed-in requesters and the status look-up.

use auth_service::domain::model::Role;
use portal_proto::support::v1::{
    GetTicketRequest, GetTicketStatusRequest, TicketKind, TicketStatus,
};
use portal_tests::grpc::{failure, with_bearer};
use tonic::Code;

use super::{PASSWORD, callback, contact, count_tickets, desk, sign_in};

#[tokio::test(flavor = "multi_thread")]
async fn submit_contact_form_returns_a_reference_and_emails_a_confirmation() -> anyhow::Result<()> {
    let mut d = desk().await?;

    let first = d
        .client
        .submit_contact_form(contact("jane@example.com"))
        .await?
        .into_inner();
    let second = d
        .client
        .submit_contact_form(contact("john@example.com"))
        .await?
        .into_inner();

    assert!(first.ticket_ref.starts_with("SUP-") && first.ticket_ref.len() == 12);
    assert_ne!(first.ticket_ref, second.ticket_ref);
    let mail = d.smtp.wait_for("jane@example.com", 1).await?;
    assert!(mail[0].subject.contains(&first.ticket_ref));
    assert!(mail[0].body.contains(&first.ticket_ref));
    let status = d
        .client
        .get_ticket_status(GetTicketStatusRequest {
            ticket_ref: first.ticket_ref.to_lowercase(),
            email: "JANE@example.com".into(),
        })
        .await?
        .into_inner();
    assert_eq!(status.status(), TicketStatus::New);
    assert_eq!(status.kind(), TicketKind::ContactForm);
    let wrong_email = failure(
        d.client
            .get_ticket_status(GetTicketStatusRequest {
                ticket_ref: first.ticket_ref,
                email: "john@example.com".into(),
            })
            .await,
    )?;
    assert_eq!(wrong_email.code, Code::NotFound);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn request_callback_stores_the_window_in_utc_with_its_zone() -> anyhow::Result<()> {
    let mut d = desk().await?;
    let request = callback(&d, "jane@example.com");
    let window_start = request.window_start;

    let reply = d.client.request_callback(request).await?.into_inner();

    let ticket = d
        .agents
        .get_ticket(with_bearer(
            GetTicketRequest {
                ticket_ref: reply.ticket_ref.clone(),
            },
            &d.agent_token,
        )?)
        .await?
        .into_inner();
    assert_eq!(ticket.kind(), TicketKind::Callback);
    assert_eq!(ticket.phone, "+14155552671");
    assert_eq!(ticket.time_zone, "America/Los_Angeles");
    assert_eq!(ticket.window_start, window_start);
    assert_eq!(ticket.history.len(), 1);
    assert_eq!(ticket.history[0].kind, "CREATED");
    let mail = d.smtp.wait_for("jane@example.com", 1).await?;
    assert!(mail[0].body.contains(&reply.ticket_ref));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_filled_honeypot_gets_a_normal_reply_and_stores_nothing() -> anyhow::Result<()> {
    let mut d = desk().await?;
    let mut bot = contact("bot@example.com");
    bot.website = "http://spam.example".into();

    let reply = d.client.submit_contact_form(bot).await?.into_inner();

    assert!(reply.ticket_ref.starts_with("SUP-"));
    assert_eq!(count_tickets(&d.support_db).await?, 0);
    d.client
        .submit_contact_form(contact("real@example.com"))
        .await?;
    d.smtp.wait_for("real@example.com", 1).await?;
    assert!(
        d.smtp.messages_to("bot@example.com").is_empty(),
        "no confirmation for bots"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_in_user_is_the_requester_whatever_the_form_says() -> anyhow::Result<()> {
    let mut d = desk().await?;
    d.auth
        .create_user_with_roles("member@example.com", PASSWORD, &[], &[Role::SupportAgent])
        .await?;
    let token = sign_in(&d.auth, "member@example.com").await?;
    // The form claims someone else; the session wins.
    let mut form = contact("impostor@example.com");
    form.name = "Not Me".into();

    let reply = d
        .client
        .submit_contact_form(with_bearer(form, &token)?)
        .await?
        .into_inner();

    let ticket = d
        .agents
        .get_ticket(with_bearer(
            GetTicketRequest {
                ticket_ref: reply.ticket_ref,
            },
            &d.agent_token,
        )?)
        .await?
        .into_inner();
    assert_eq!(ticket.requester_email, "member@example.com");
    assert_eq!(ticket.requester_name, "Test User");
    assert!(!ticket.requester_user_id.is_empty());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn health_answers_serving_for_both_support_services() -> anyhow::Result<()> {
    use tonic_health::pb::HealthCheckRequest;
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::health_client::HealthClient;

    let d = desk().await?;
    let mut health = HealthClient::new(d.support.channel().await?);
    for service in [
        "",
        "portal.support.v1.SupportService",
        "portal.support.v1.AgentService",
    ] {
        let reply = health
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await?
            .into_inner();
        assert_eq!(reply.status(), ServingStatus::Serving, "{service:?}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_support_service_serves_prometheus_metrics() -> anyhow::Result<()> {
    let mut d = desk().await?;
    d.client
        .submit_contact_form(contact("jane@example.com"))
        .await?;

    let scrape = portal_tests::web::send(
        d.support.addr,
        http::Method::GET,
        "/metrics",
        &[],
        Vec::new(),
    )
    .await?;

    let text = String::from_utf8_lossy(&scrape.body);
    assert!(
        text.contains("method=\"/portal.support.v1.SupportService/SubmitContactForm\",code=\"0\""),
        "{text}"
    );
    assert!(text.contains("\nsupport_mail_outbox_backlog "), "{text}");
    Ok(())
}
