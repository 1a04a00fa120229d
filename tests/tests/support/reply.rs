//! A requester answers on their own ticket: it comes back to the desk.

use portal_proto::support::v1::agent_service_client::AgentServiceClient;
use portal_proto::support::v1::{
    AddNoteRequest, AssignTicketRequest, GetTicketRequest, GetTicketStatusRequest, NoteVisibility,
    ReplyToTicketRequest, Ticket, TicketStatus, UpdateTicketStatusRequest,
};
use portal_tests::grpc::{Failure, failure, with_bearer};
use tonic::Code;
use tonic::transport::Channel;

use super::{AGENT, Desk, desk, from_ip, submitted};

const JANE: &str = "jane@example.com";

fn reply(ticket_ref: &str, email: &str, message: &str) -> ReplyToTicketRequest {
    ReplyToTicketRequest {
        ticket_ref: ticket_ref.into(),
        email: email.into(),
        message: message.into(),
    }
}

/// The failure of a reply expected to be refused.
async fn refused(
    d: &mut Desk,
    ticket_ref: &str,
    email: &str,
    message: &str,
) -> anyhow::Result<Failure> {
    failure(
        d.client
            .reply_to_ticket(reply(ticket_ref, email, message))
            .await,
    )
}

async fn version_of(d: &mut Desk, ticket_ref: &str) -> anyhow::Result<i64> {
    Ok(ticket(d, ticket_ref).await?.version)
}

async fn ticket(d: &mut Desk, ticket_ref: &str) -> anyhow::Result<Ticket> {
    Ok(d.agents
        .get_ticket(with_bearer(
            GetTicketRequest {
                ticket_ref: ticket_ref.into(),
            },
            &d.agent_token,
        )?)
        .await?
        .into_inner())
}

async fn move_to(
    agents: &mut AgentServiceClient<Channel>,
    token: &str,
    ticket: &Ticket,
    status: TicketStatus,
) -> anyhow::Result<Ticket> {
    Ok(agents
        .update_ticket_status(with_bearer(
            UpdateTicketStatusRequest {
                ticket_ref: ticket.ticket_ref.clone(),
                status: status as i32,
                version: ticket.version,
            },
            token,
        )?)
        .await?
        .into_inner())
}

/// Jane's ticket, assigned to the agent and moved along `path`.
async fn assigned_ticket(d: &mut Desk, path: &[TicketStatus]) -> anyhow::Result<Ticket> {
    let reference = submitted(d, JANE).await?;
    let token = d.agent_token.clone();
    let mut current = d
        .agents
        .assign_ticket(with_bearer(
            AssignTicketRequest {
                ticket_ref: reference,
                ..Default::default()
            },
            &token,
        )?)
        .await?
        .into_inner();
    for status in path {
        current = move_to(&mut d.agents, &token, &current, *status).await?;
    }
    Ok(current)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_reopens_a_resolved_ticket_and_tells_the_assigned_agent() -> anyhow::Result<()> {
    let mut d = desk().await?;
    let resolved = assigned_ticket(&mut d, &[TicketStatus::Open, TicketStatus::Resolved]).await?;

    let answer = d
        .client
        .reply_to_ticket(reply(
            &resolved.ticket_ref,
            " Jane@Example.com ",
            "The link worked once, but I am locked out again.",
        ))
        .await?
        .into_inner();

    assert_eq!(answer.ticket_ref, resolved.ticket_ref);
    assert_eq!(answer.status, TicketStatus::Open as i32);
    let now = ticket(&mut d, &resolved.ticket_ref).await?;
    assert_eq!(now.status, TicketStatus::Open as i32);
    assert_eq!(now.version, resolved.version + 1);
    let recent: Vec<_> = now.history.iter().rev().take(2).collect();
    assert_eq!(recent[1].kind, "REQUESTER_REPLIED");
    assert_eq!(
        recent[1].body,
        "The link worked once, but I am locked out again."
    );
    assert!(recent[1].agent_id.is_empty(), "the requester, not an agent");
    assert_eq!(recent[0].kind, "STATUS_CHANGED");
    assert_eq!(
        (recent[0].from_value.as_str(), recent[0].to_value.as_str()),
        ("RESOLVED", "OPEN")
    );
    let notice = d
        .smtp
        .wait_for_subject(
            AGENT,
            &format!("Requester replied [{}]", resolved.ticket_ref),
            1,
        )
        .await?;
    assert!(
        notice
            .body
            .contains("The link worked once, but I am locked out again."),
        "{}",
        notice.body
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_to_a_ticket_waiting_on_the_requester_makes_it_open() -> anyhow::Result<()> {
    let mut d = desk().await?;
    let waiting = assigned_ticket(
        &mut d,
        &[TicketStatus::Open, TicketStatus::PendingRequester],
    )
    .await?;

    let answer = d
        .client
        .reply_to_ticket(reply(&waiting.ticket_ref, JANE, "Here is the screenshot."))
        .await?
        .into_inner();

    assert_eq!(answer.status, TicketStatus::Open as i32);
    assert_eq!(
        ticket(&mut d, &waiting.ticket_ref).await?.status,
        TicketStatus::Open as i32
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_to_a_new_ticket_is_recorded_and_leaves_it_new() -> anyhow::Result<()> {
    let mut d = desk().await?;
    let reference = submitted(&mut d, JANE).await?;

    let answer = d
        .client
        .reply_to_ticket(reply(&reference, JANE, "I forgot to say: it is urgent."))
        .await?
        .into_inner();

    assert_eq!(answer.status, TicketStatus::New as i32);
    let now = ticket(&mut d, &reference).await?;
    assert_eq!(now.status, TicketStatus::New as i32);
    assert_eq!(
        now.history.last().map(|e| e.kind.as_str()),
        Some("REQUESTER_REPLIED")
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_email_a_made_up_reference_or_a_closed_ticket_change_nothing() -> anyhow::Result<()>
{
    let mut d = desk().await?;
    let closed = assigned_ticket(
        &mut d,
        &[
            TicketStatus::Open,
            TicketStatus::Resolved,
            TicketStatus::Closed,
        ],
    )
    .await?;
    let open = assigned_ticket(&mut d, &[TicketStatus::Open]).await?;

    let wrong_email = refused(&mut d, &open.ticket_ref, "john@example.com", "Hello").await?;
    let made_up = refused(&mut d, "SUP-AAAAAAAA", JANE, "Hello").await?;
    let on_closed = refused(&mut d, &closed.ticket_ref, JANE, "One more thing").await?;

    assert_eq!(wrong_email.code, Code::NotFound);
    assert_eq!(made_up.code, Code::NotFound);
    assert_eq!(
        wrong_email.message, made_up.message,
        "nothing to tell apart"
    );
    assert_eq!(on_closed.code, Code::FailedPrecondition);
    assert_eq!(on_closed.reason, "TICKET_CLOSED");
    assert_eq!(version_of(&mut d, &open.ticket_ref).await?, open.version);
    assert_eq!(
        version_of(&mut d, &closed.ticket_ref).await?,
        closed.version
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_or_oversized_reply_is_refused_field_by_field() -> anyhow::Result<()> {
    let mut d = desk().await?;
    let open = assigned_ticket(&mut d, &[TicketStatus::Open]).await?;

    let empty = refused(&mut d, &open.ticket_ref, JANE, "   ").await?;
    let huge = refused(&mut d, &open.ticket_ref, JANE, &"x".repeat(5_001)).await?;
    let control = refused(&mut d, &open.ticket_ref, JANE, "bell \u{7} ringing").await?;

    for refused in [&empty, &huge, &control] {
        assert_eq!(refused.code, Code::InvalidArgument, "{refused:?}");
        assert_eq!(refused.fields, vec!["message".to_owned()]);
    }
    assert_eq!(version_of(&mut d, &open.ticket_ref).await?, open.version);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn replies_count_against_the_hourly_limit_of_the_email() -> anyhow::Result<()> {
    let mut d = desk().await?;
    let open = assigned_ticket(&mut d, &[TicketStatus::Open]).await?;
    // The form itself counted once for this email; 4 replies reach the 5
    // an hour.
    for i in 0..4 {
        d.client
            .reply_to_ticket(from_ip(
                reply(&open.ticket_ref, JANE, &format!("Update {i}")),
                "203.0.113.7",
            )?)
            .await?;
    }

    let refused = failure(
        d.client
            .reply_to_ticket(from_ip(
                reply(&open.ticket_ref, JANE, "One too many"),
                "203.0.113.7",
            )?)
            .await,
    )?;

    assert_eq!(refused.code, Code::ResourceExhausted);
    assert_eq!(refused.reason, "TOO_MANY_SUBMISSIONS");
    assert!(refused.retry_after.is_some());
    let now = ticket(&mut d, &open.ticket_ref).await?;
    assert_eq!(
        now.history
            .iter()
            .filter(|e| e.kind == "REQUESTER_REPLIED")
            .count(),
        4
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_status_shows_the_request_and_the_requesters_own_replies_but_no_internal_note()
-> anyhow::Result<()> {
    let mut d = desk().await?;
    let ticket = assigned_ticket(&mut d, &[TicketStatus::Open]).await?;
    let token = d.agent_token.clone();
    for (body, visibility) in [
        ("Checking the lock log.", NoteVisibility::Internal),
        ("Please try the reset link again.", NoteVisibility::Public),
    ] {
        let version = version_of(&mut d, &ticket.ticket_ref).await?;
        d.agents
            .add_note(with_bearer(
                AddNoteRequest {
                    ticket_ref: ticket.ticket_ref.clone(),
                    body: body.into(),
                    visibility: visibility as i32,
                    version,
                },
                &token,
            )?)
            .await?;
    }
    d.client
        .reply_to_ticket(reply(&ticket.ticket_ref, JANE, "It worked, thank you."))
        .await?;

    let status = d
        .client
        .get_ticket_status(GetTicketStatusRequest {
            ticket_ref: ticket.ticket_ref.clone(),
            email: JANE.into(),
        })
        .await?
        .into_inner();

    let conversation: Vec<_> = status
        .replies
        .iter()
        .map(|r| (r.body.as_str(), r.from_requester))
        .collect();
    assert_eq!(
        conversation,
        [
            ("Please try the reset link again.", false),
            ("It worked, thank you.", true)
        ]
    );
    assert_eq!(status.subject, ticket.subject);
    assert_eq!(status.message, ticket.message);
    assert!(
        status.window_start.is_none(),
        "a contact form has no window"
    );
    Ok(())
}
