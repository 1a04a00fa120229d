//! Call backs: scheduling, attempts with outcomes, illegal transitions.

use std::time::Duration;

use portal_common::Clock;
use portal_proto::support::v1::{
    AddNoteRequest, CallbackOutcome, CallbackStatus, GetTicketStatusRequest, NoteVisibility,
    RecordCallbackAttemptRequest, ScheduleCallbackRequest,
};
use portal_tests::grpc::{failure, with_bearer};
use tonic::Code;

use super::{callback, contact, desk};

#[tokio::test(flavor = "multi_thread")]
async fn a_call_back_is_scheduled_attempted_and_completed() -> anyhow::Result<()> {
    let mut d = desk().await?;
    let request = callback(&d, "jane@example.com");
    let reference = d
        .client
        .request_callback(request)
        .await?
        .into_inner()
        .ticket_ref;
    let token = d.agent_token.clone();
    let at = d
        .support
        .clock
        .now()
        .plus(Duration::from_secs(26 * 3600))
        .to_timestamp();

    let early = failure(
        d.agents
            .record_callback_attempt(with_bearer(
                RecordCallbackAttemptRequest {
                    ticket_ref: reference.clone(),
                    outcome: CallbackOutcome::Reached as i32,
                    notes: String::new(),
                    version: 1,
                },
                &token,
            )?)
            .await,
    )?;
    assert_eq!(early.code, Code::FailedPrecondition, "not scheduled yet");

    let ticket = d
        .agents
        .schedule_callback(with_bearer(
            ScheduleCallbackRequest {
                ticket_ref: reference.clone(),
                scheduled_at: Some(at),
                version: 1,
            },
            &token,
        )?)
        .await?
        .into_inner();
    assert_eq!(ticket.callback_status(), CallbackStatus::Scheduled);
    assert_eq!(ticket.callback_scheduled_at, Some(at));
    let seen = d
        .client
        .get_ticket_status(GetTicketStatusRequest {
            ticket_ref: reference.clone(),
            email: "jane@example.com".into(),
        })
        .await?
        .into_inner();
    assert_eq!(
        (seen.window_start, seen.window_end),
        (ticket.window_start, ticket.window_end),
        "the requester sees the window asked for"
    );
    assert_eq!(seen.time_zone, ticket.time_zone);
    assert_eq!(seen.callback_scheduled_at, Some(at));
    let ticket = d
        .agents
        .record_callback_attempt(with_bearer(
            RecordCallbackAttemptRequest {
                ticket_ref: reference.clone(),
                outcome: CallbackOutcome::NoAnswer as i32,
                notes: "Rang out.".into(),
                version: ticket.version,
            },
            &token,
        )?)
        .await?
        .into_inner();
    assert_eq!(
        ticket.callback_status(),
        CallbackStatus::Scheduled,
        "try again later"
    );
    let ticket = d
        .agents
        .record_callback_attempt(with_bearer(
            RecordCallbackAttemptRequest {
                ticket_ref: reference.clone(),
                outcome: CallbackOutcome::Reached as i32,
                notes: "Walked her through the reset.".into(),
                version: ticket.version,
            },
            &token,
        )?)
        .await?
        .into_inner();

    assert_eq!(ticket.callback_status(), CallbackStatus::Completed);
    let attempts: Vec<_> = ticket
        .history
        .iter()
        .filter(|e| e.kind == "CALLBACK_ATTEMPT")
        .collect();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[1].outcome(), CallbackOutcome::Reached);
    let again = failure(
        d.agents
            .schedule_callback(with_bearer(
                ScheduleCallbackRequest {
                    ticket_ref: reference,
                    scheduled_at: Some(
                        d.support
                            .clock
                            .now()
                            .plus(Duration::from_secs(3600))
                            .to_timestamp(),
                    ),
                    version: ticket.version,
                },
                &token,
            )?)
            .await,
    )?;
    assert_eq!(again.reason, "ILLEGAL_TRANSITION");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn call_back_actions_on_a_contact_form_and_bad_agent_input_are_refused() -> anyhow::Result<()>
{
    let mut d = desk().await?;
    let reference = d
        .client
        .submit_contact_form(contact("jane@example.com"))
        .await?
        .into_inner()
        .ticket_ref;
    let token = d.agent_token.clone();

    let not_callback = failure(
        d.agents
            .schedule_callback(with_bearer(
                ScheduleCallbackRequest {
                    ticket_ref: reference.clone(),
                    scheduled_at: Some(
                        d.support
                            .clock
                            .now()
                            .plus(Duration::from_secs(3600))
                            .to_timestamp(),
                    ),
                    version: 1,
                },
                &token,
            )?)
            .await,
    )?;
    let empty_note = failure(
        d.agents
            .add_note(with_bearer(
                AddNoteRequest {
                    ticket_ref: reference.clone(),
                    body: "  ".into(),
                    visibility: NoteVisibility::Internal as i32,
                    version: 1,
                },
                &token,
            )?)
            .await,
    )?;
    let bad_ref = failure(
        d.agents
            .add_note(with_bearer(
                AddNoteRequest {
                    ticket_ref: "SUP-??".into(),
                    body: "x".into(),
                    visibility: NoteVisibility::Internal as i32,
                    version: 1,
                },
                &token,
            )?)
            .await,
    )?;
    let stale = failure(
        d.agents
            .add_note(with_bearer(
                AddNoteRequest {
                    ticket_ref: reference,
                    body: "x".into(),
                    visibility: NoteVisibility::Internal as i32,
                    version: 7,
                },
                &token,
            )?)
            .await,
    )?;

    assert_eq!(not_callback.reason, "NOT_A_CALLBACK");
    assert_eq!(empty_note.fields, vec!["body".to_string()]);
    assert_eq!(bad_ref.fields, vec!["ticket_ref".to_string()]);
    assert_eq!(stale.code, Code::Aborted);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_requested_call_back_can_be_cancelled_once() -> anyhow::Result<()> {
    use portal_proto::support::v1::CancelCallbackRequest;

    let mut d = desk().await?;
    let request = callback(&d, "jane@example.com");
    let reference = d
        .client
        .request_callback(request)
        .await?
        .into_inner()
        .ticket_ref;
    let cancel = |version| CancelCallbackRequest {
        ticket_ref: reference.clone(),
        reason: "Solved by email.".into(),
        version,
    };

    // Version 0 means "the current one" where the contract names none.
    let ticket = d
        .agents
        .cancel_callback(with_bearer(cancel(0), &d.agent_token)?)
        .await?
        .into_inner();
    let again = failure(
        d.agents
            .cancel_callback(with_bearer(cancel(0), &d.agent_token)?)
            .await,
    )?;

    assert_eq!(ticket.callback_status(), CallbackStatus::Cancelled);
    assert_eq!(
        ticket.history.last().map(|e| e.kind.as_str()),
        Some("CALLBACK_CANCELLED")
    );
    assert_eq!(again.reason, "ILLEGAL_TRANSITION");
    let note = d
        .agents
        .add_note(with_bearer(
            AddNoteRequest {
                ticket_ref: reference,
                body: "Customer happy.".into(),
                visibility: NoteVisibility::Internal as i32,
                version: 0,
            },
            &d.agent_token,
        )?)
        .await?
        .into_inner();
    assert_eq!(note.version, ticket.version + 1);
    Ok(())
}
