//! Bad submissions: INVALID_ARGUMENT with field violations, nothing stored.

use portal_proto::support::v1::{RequestCallbackRequest, SubmitContactFormRequest};
use portal_tests::grpc::failure;
use tonic::Code;

use super::{callback, contact, count_tickets, desk};

#[tokio::test(flavor = "multi_thread")]
async fn submit_contact_form_refuses_bad_fields_and_stores_nothing() -> anyhow::Result<()> {
    let mut d = desk().await?;
    let with = |change: &dyn Fn(&mut SubmitContactFormRequest)| {
        let mut form = contact("jane@example.com");
        change(&mut form);
        form
    };
    let cases: Vec<(SubmitContactFormRequest, &str)> = vec![
        (with(&|f| f.message = String::new()), "message"),
        (with(&|f| f.message = "x".repeat(100 * 1024)), "message"),
        (with(&|f| f.email = "jane@".into()), "email"),
        (with(&|f| f.email = "not an email".into()), "email"),
        (with(&|f| f.name = "   ".into()), "name"),
        (with(&|f| f.subject = String::new()), "subject"),
        (with(&|f| f.category = 0), "category"),
        (with(&|f| f.category = 99), "category"),
        (with(&|f| f.name = "Jane\u{0}Doe".into()), "name"),
    ];

    for (form, field) in cases {
        let refused = failure(d.client.submit_contact_form(form).await)?;
        assert_eq!(refused.code, Code::InvalidArgument, "{field}");
        assert!(
            refused.fields.contains(&field.to_string()),
            "{field}: {:?}",
            refused.fields
        );
    }
    assert_eq!(count_tickets(&d.support_db).await?, 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn request_callback_refuses_bad_phones_zones_and_windows() -> anyhow::Result<()> {
    let mut d = desk().await?;
    let base = callback(&d, "jane@example.com");
    let start = base.window_start.expect("start");
    let past = prost_types::Timestamp {
        seconds: start.seconds - 3 * 24 * 3600,
        nanos: 0,
    };
    let with = |change: &dyn Fn(&mut RequestCallbackRequest)| {
        let mut form = base.clone();
        change(&mut form);
        form
    };
    let cases: Vec<(RequestCallbackRequest, &str)> = vec![
        (with(&|f| f.phone = "+1 555".into()), "phone"),
        (with(&|f| f.phone = "call me maybe".into()), "phone"),
        (with(&|f| f.phone = String::new()), "phone"),
        (
            with(&|f| f.time_zone = "Mars/Olympus_Mons".into()),
            "time_zone",
        ),
        (with(&|f| f.time_zone = String::new()), "time_zone"),
        (with(&|f| f.window_start = Some(past)), "window_start"),
        (
            with(&|f| {
                f.window_end = Some(prost_types::Timestamp {
                    seconds: start.seconds - 60,
                    nanos: 0,
                })
            }),
            "window_end",
        ),
        (with(&|f| f.window_end = None), "window_end"),
        (with(&|f| f.category = 42), "category"),
        (with(&|f| f.email = "nobody".into()), "email"),
    ];

    for (form, field) in cases {
        let refused = failure(d.client.request_callback(form).await)?;
        assert_eq!(refused.code, Code::InvalidArgument, "{field}");
        assert!(
            refused.fields.contains(&field.to_string()),
            "{field}: {:?}",
            refused.fields
        );
    }
    assert_eq!(count_tickets(&d.support_db).await?, 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn agent_text_with_nul_bytes_is_an_invalid_argument_not_internal() -> anyhow::Result<()> {
    use portal_proto::support::v1::{
        AddNoteRequest, AssignTicketRequest, ListTicketsRequest, NoteVisibility, TicketFilter,
    };
    use portal_tests::grpc::with_bearer;

    let mut d = desk().await?;
    let reference = d
        .client
        .submit_contact_form(contact("jane@example.com"))
        .await?
        .into_inner()
        .ticket_ref;
    let token = d.agent_token.clone();

    let refused = vec![
        failure(
            d.agents
                .add_note(with_bearer(
                    AddNoteRequest {
                        ticket_ref: reference.clone(),
                        body: "bad\0note".into(),
                        visibility: NoteVisibility::Internal as i32,
                        version: 0,
                    },
                    &token,
                )?)
                .await,
        )?,
        failure(
            d.agents
                .assign_ticket(with_bearer(
                    AssignTicketRequest {
                        ticket_ref: reference,
                        assignee_id: "x\0y".into(),
                        ..Default::default()
                    },
                    &token,
                )?)
                .await,
        )?,
        failure(
            d.agents
                .list_tickets(with_bearer(
                    ListTicketsRequest {
                        filter: Some(TicketFilter {
                            text: "lock\0ed".into(),
                            ..Default::default()
                        }),
                        ..Default::default()
                    },
                    &token,
                )?)
                .await,
        )?,
    ];

    for failure in refused {
        assert_eq!(failure.code, Code::InvalidArgument, "{failure:?}");
    }
    Ok(())
}

/// An address email_address accepts but no mailer can send to.
const UNDELIVERABLE: &str = "\"a,b\"@example.com";

#[tokio::test(flavor = "multi_thread")]
async fn an_address_the_mailer_cannot_deliver_to_is_refused_by_every_rpc_taking_an_email()
-> anyhow::Result<()> {
    use portal_proto::support::v1::{GetTicketStatusRequest, ReplyToTicketRequest};
    let mut d = desk().await?;
    let reference = d
        .client
        .submit_contact_form(contact("jane@example.com"))
        .await?
        .into_inner()
        .ticket_ref;
    let mut form = contact(UNDELIVERABLE);
    let mut call_back = callback(&d, UNDELIVERABLE);

    let refusals = [
        failure(d.client.submit_contact_form(form.clone()).await)?,
        failure(d.client.request_callback(call_back.clone()).await)?,
        failure(
            d.client
                .get_ticket_status(GetTicketStatusRequest {
                    ticket_ref: reference.clone(),
                    email: UNDELIVERABLE.into(),
                })
                .await,
        )?,
        failure(
            d.client
                .reply_to_ticket(ReplyToTicketRequest {
                    ticket_ref: reference,
                    email: UNDELIVERABLE.into(),
                    message: "Any news?".into(),
                })
                .await,
        )?,
    ];

    for refused in &refusals {
        assert_eq!(refused.code, Code::InvalidArgument, "{refused:?}");
        assert_eq!(refused.fields, vec!["email".to_string()], "{refused:?}");
    }
    assert_eq!(count_tickets(&d.support_db).await?, 1, "only Jane's");
    form.email = "jane@example.com".into();
    call_back.email = "jane@example.com".into();
    d.client.submit_contact_form(form).await?;
    d.client.request_callback(call_back).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_phone_number_is_held_to_e164_and_nothing_typed_is_dropped() -> anyhow::Result<()> {
    let mut d = desk().await?;
    for phone in [
        "+4930123456789012",
        "+44 20 7946 0018 ext. 12",
        "+44 20 7946 0018 call after 5",
        "+1-800-FLOWERS",
    ] {
        let mut form = callback(&d, "jane@example.com");
        form.phone = phone.into();
        let refused = failure(d.client.request_callback(form).await)?;
        assert_eq!(refused.code, Code::InvalidArgument, "{phone}");
        assert_eq!(refused.fields, vec!["phone".to_string()], "{phone}");
    }
    assert_eq!(count_tickets(&d.support_db).await?, 0);
    Ok(())
}
