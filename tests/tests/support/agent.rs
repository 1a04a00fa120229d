//! The agent desk: list, filter, search, page, assign, reply, note,
//! resolve; who may use it; concurrent updates.

use std::time::Duration;

use auth_service::domain::model::Role;
use portal_proto::auth::v1::LogoutRequest;
use portal_proto::support::v1::{
    AddNoteRequest, AssignTicketRequest, Category, GetTicketRequest, GetTicketStatusRequest,
    ListTicketsRequest, NoteVisibility, TicketFilter, TicketStatus, UpdateTicketStatusRequest,
};
use portal_tests::grpc::{failure, with_bearer};
use tonic::Code;

use super::{AGENT, PASSWORD, contact, desk, from_ip, sign_in};

#[tokio::test(flavor = "multi_thread")]
async fn an_agent_finds_assigns_replies_notes_and_resolves_a_ticket() -> anyhow::Result<()> {
    let mut d = desk().await?;
    let mut other = contact("john@example.com");
    other.category = Category::NoSites as i32;
    other.subject = "No sites".into();
    other.message = "I see no sites after signing in.".into();
    d.client.submit_contact_form(other).await?;
    let jane = d
        .client
        .submit_contact_form(contact("jane@example.com"))
        .await?
        .into_inner()
        .ticket_ref;
    let token = d.agent_token.clone();

    let by_category = d
        .agents
        .list_tickets(with_bearer(
            ListTicketsRequest {
                filter: Some(TicketFilter {
                    category: Category::AccountLocked as i32,
                    ..Default::default()
                }),
                ..Default::default()
            },
            &token,
        )?)
        .await?
        .into_inner();
    assert_eq!(by_category.tickets.len(), 1);
    assert_eq!(by_category.tickets[0].ticket_ref, jane);
    let by_text = d
        .agents
        .list_tickets(with_bearer(
            ListTicketsRequest {
                filter: Some(TicketFilter {
                    text: "SITES signing".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
            &token,
        )?)
        .await?
        .into_inner();
    assert_eq!(by_text.tickets.len(), 1);
    assert_eq!(by_text.tickets[0].requester_email, "john@example.com");

    let ticket = d
        .agents
        .assign_ticket(with_bearer(
            AssignTicketRequest {
                ticket_ref: jane.clone(),
                version: 1,
                ..Default::default()
            },
            &token,
        )?)
        .await?
        .into_inner();
    assert_eq!(ticket.assignee_email, AGENT);
    let ticket = d
        .agents
        .update_ticket_status(with_bearer(
            UpdateTicketStatusRequest {
                ticket_ref: jane.clone(),
                status: TicketStatus::Open as i32,
                version: ticket.version,
            },
            &token,
        )?)
        .await?
        .into_inner();
    let ticket = d
        .agents
        .add_note(with_bearer(
            AddNoteRequest {
                ticket_ref: jane.clone(),
                body: "Caller sounded frustrated; check the lock history.".into(),
                visibility: NoteVisibility::Internal as i32,
                version: ticket.version,
            },
            &token,
        )?)
        .await?
        .into_inner();
    let ticket = d
        .agents
        .add_note(with_bearer(
            AddNoteRequest {
                ticket_ref: jane.clone(),
                body: "Use the Forgot Password link to unlock your account.".into(),
                visibility: NoteVisibility::Public as i32,
                version: ticket.version,
            },
            &token,
        )?)
        .await?
        .into_inner();
    let ticket = d
        .agents
        .update_ticket_status(with_bearer(
            UpdateTicketStatusRequest {
                ticket_ref: jane.clone(),
                status: TicketStatus::Resolved as i32,
                version: ticket.version,
            },
            &token,
        )?)
        .await?
        .into_inner();

    assert_eq!(ticket.status(), TicketStatus::Resolved);
    let kinds: Vec<&str> = ticket.history.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec![
            "CREATED",
            "ASSIGNED",
            "STATUS_CHANGED",
            "NOTE_ADDED",
            "NOTE_ADDED",
            "STATUS_CHANGED"
        ]
    );
    assert!(
        ticket.history[1..]
            .iter()
            .all(|e| e.agent_email == AGENT && e.at.is_some())
    );
    d.support.domain.flush_mail().await?;
    let replies = d.smtp.messages_to("jane@example.com");
    assert_eq!(replies.len(), 2, "confirmation + public reply");
    assert!(
        replies
            .iter()
            .any(|m| m.body.contains("Forgot Password link"))
    );
    assert!(
        d.smtp
            .messages_to("jane@example.com")
            .iter()
            .all(|m| !m.body.contains("frustrated")),
        "internal notes are never emailed"
    );
    let status = d
        .client
        .get_ticket_status(GetTicketStatusRequest {
            ticket_ref: jane.clone(),
            email: "jane@example.com".into(),
        })
        .await?
        .into_inner();
    assert_eq!(status.replies.len(), 1, "only the public reply shows");
    assert!(!status.replies[0].body.contains("frustrated"));
    let illegal = failure(
        d.agents
            .update_ticket_status(with_bearer(
                UpdateTicketStatusRequest {
                    ticket_ref: jane,
                    status: TicketStatus::New as i32,
                    version: ticket.version,
                },
                &token,
            )?)
            .await,
    )?;
    assert_eq!(illegal.code, Code::FailedPrecondition);
    assert_eq!(illegal.reason, "ILLEGAL_TRANSITION");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn list_tickets_pages_with_a_cursor() -> anyhow::Result<()> {
    let mut d = desk().await?;
    for i in 0..7 {
        d.client
            .submit_contact_form(from_ip(
                contact(&format!("user{i}@example.com")),
                &format!("10.9.0.{i}"),
            )?)
            .await?;
    }

    let mut seen = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = d
            .agents
            .list_tickets(with_bearer(
                ListTicketsRequest {
                    page_size: 3,
                    page_token,
                    ..Default::default()
                },
                &d.agent_token,
            )?)
            .await?
            .into_inner();
        assert!(page.tickets.len() <= 3);
        seen.extend(page.tickets.into_iter().map(|t| t.requester_email));
        if page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }

    let expected: Vec<String> = (0..7)
        .rev()
        .map(|i| format!("user{i}@example.com"))
        .collect();
    assert_eq!(seen, expected, "newest first, each once");
    let too_big = failure(
        d.agents
            .list_tickets(with_bearer(
                ListTicketsRequest {
                    page_size: 101,
                    ..Default::default()
                },
                &d.agent_token,
            )?)
            .await,
    )?;
    assert_eq!(too_big.code, Code::InvalidArgument);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn two_agents_updating_the_same_version_one_gets_aborted() -> anyhow::Result<()> {
    let mut d = desk().await?;
    let ticket = d
        .client
        .submit_contact_form(contact("jane@example.com"))
        .await?
        .into_inner()
        .ticket_ref;
    d.auth
        .create_user_with_roles("second@example.com", PASSWORD, &[], &[Role::SupportAgent])
        .await?;
    let second = sign_in(&d.auth, "second@example.com").await?;

    let open = |token: &str| {
        with_bearer(
            UpdateTicketStatusRequest {
                ticket_ref: ticket.clone(),
                status: TicketStatus::Open as i32,
                version: 1,
            },
            token,
        )
    };
    let mut a = d.agents.clone();
    let mut b = d.agents.clone();
    let (first, other) = tokio::join!(
        a.update_ticket_status(open(&d.agent_token)?),
        b.update_ticket_status(open(&second)?)
    );

    let codes = [
        first.map(|_| Code::Ok).unwrap_or_else(|s| s.code()),
        other.map(|_| Code::Ok).unwrap_or_else(|s| s.code()),
    ];
    assert!(codes.contains(&Code::Ok), "{codes:?}");
    assert!(codes.contains(&Code::Aborted), "{codes:?}");
    let current = d
        .agents
        .get_ticket(with_bearer(
            GetTicketRequest { ticket_ref: ticket },
            &d.agent_token,
        )?)
        .await?
        .into_inner();
    assert_eq!(current.version, 2);
    assert_eq!(current.history.len(), 2, "one change recorded");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_desk_refuses_non_agents_no_session_and_revoked_agents() -> anyhow::Result<()> {
    let mut d = desk().await?;
    d.auth
        .create_user("plain@example.com", PASSWORD, &["North Clinic"])
        .await?;
    let plain = sign_in(&d.auth, "plain@example.com").await?;
    let list = || ListTicketsRequest::default();

    let not_agent = failure(d.agents.list_tickets(with_bearer(list(), &plain)?).await)?;
    let no_session = failure(d.agents.list_tickets(list()).await)?;
    let garbage = failure(
        d.agents
            .list_tickets(with_bearer(list(), "ps_nonsense")?)
            .await,
    )?;
    assert_eq!(not_agent.code, Code::PermissionDenied);
    assert_eq!(no_session.code, Code::Unauthenticated);
    assert_eq!(garbage.code, Code::Unauthenticated);

    d.agents
        .list_tickets(with_bearer(list(), &d.agent_token)?)
        .await?;
    d.auth
        .client()
        .await?
        .logout(with_bearer(LogoutRequest {}, &d.agent_token)?)
        .await?;
    // The session cache of the test desk is 1 s, by its clock.
    d.support.clock.advance(Duration::from_millis(1001));
    let revoked = failure(
        d.agents
            .list_tickets(with_bearer(list(), &d.agent_token)?)
            .await,
    )?;
    assert_eq!(revoked.code, Code::Unauthenticated);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn list_tickets_filters_by_status_kind_assignee_and_creation_time() -> anyhow::Result<()> {
    use portal_common::Clock;
    use portal_proto::support::v1::TicketKind;

    let mut d = desk().await?;
    let early = d
        .client
        .submit_contact_form(from_ip(contact("a@example.com"), "10.1.0.1")?)
        .await?
        .into_inner()
        .ticket_ref;
    d.support.clock.advance(Duration::from_secs(3600));
    let boundary = d.support.clock.now().to_timestamp();
    let request = super::callback(&d, "b@example.com");
    let call = d
        .client
        .request_callback(from_ip(request, "10.1.0.2")?)
        .await?
        .into_inner()
        .ticket_ref;
    let token = d.agent_token.clone();
    d.agents
        .assign_ticket(with_bearer(
            AssignTicketRequest {
                ticket_ref: early.clone(),
                ..Default::default()
            },
            &token,
        )?)
        .await?;
    let list = |filter: TicketFilter| {
        with_bearer(
            ListTicketsRequest {
                filter: Some(filter),
                ..Default::default()
            },
            &token,
        )
    };
    let refs = |reply: portal_proto::support::v1::ListTicketsResponse| {
        reply
            .tickets
            .into_iter()
            .map(|t| t.ticket_ref)
            .collect::<Vec<_>>()
    };

    let callbacks = refs(
        d.agents
            .list_tickets(list(TicketFilter {
                kind: TicketKind::Callback as i32,
                ..Default::default()
            })?)
            .await?
            .into_inner(),
    );
    let mine = refs(
        d.agents
            .list_tickets(list(TicketFilter {
                assignee_id: d.auth.domain_user_id(super::AGENT).await?,
                ..Default::default()
            })?)
            .await?
            .into_inner(),
    );
    let unassigned = refs(
        d.agents
            .list_tickets(list(TicketFilter {
                assignee_id: "unassigned".into(),
                ..Default::default()
            })?)
            .await?
            .into_inner(),
    );
    let recent = refs(
        d.agents
            .list_tickets(list(TicketFilter {
                created_from: Some(boundary),
                ..Default::default()
            })?)
            .await?
            .into_inner(),
    );
    let open = refs(
        d.agents
            .list_tickets(list(TicketFilter {
                statuses: vec![TicketStatus::Open as i32],
                ..Default::default()
            })?)
            .await?
            .into_inner(),
    );
    let new = refs(
        d.agents
            .list_tickets(list(TicketFilter {
                statuses: vec![TicketStatus::New as i32],
                ..Default::default()
            })?)
            .await?
            .into_inner(),
    );

    assert_eq!(callbacks, vec![call.clone()]);
    assert_eq!(mine, vec![early.clone()]);
    assert_eq!(unassigned, vec![call.clone()]);
    assert_eq!(recent, vec![call.clone()]);
    assert!(open.is_empty());
    assert_eq!(new, vec![call, early]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_queue_counts_each_status_under_the_filter_whatever_statuses_it_lists()
-> anyhow::Result<()> {
    let mut d = desk().await?;
    let mut refs = Vec::new();
    for email in ["a@example.com", "b@example.com", "c@example.com"] {
        refs.push(
            d.client
                .submit_contact_form(contact(email))
                .await?
                .into_inner()
                .ticket_ref,
        );
    }
    let mut other = contact("d@example.com");
    other.category = Category::NoSites as i32;
    d.client.submit_contact_form(other).await?;
    d.agents
        .update_ticket_status(with_bearer(
            UpdateTicketStatusRequest {
                ticket_ref: refs[0].clone(),
                status: TicketStatus::Open as i32,
                version: 1,
            },
            &d.agent_token,
        )?)
        .await?;

    let listed = d
        .agents
        .list_tickets(with_bearer(
            ListTicketsRequest {
                filter: Some(TicketFilter {
                    statuses: vec![TicketStatus::Open as i32],
                    category: Category::AccountLocked as i32,
                    ..Default::default()
                }),
                ..Default::default()
            },
            &d.agent_token,
        )?)
        .await?
        .into_inner();

    assert_eq!(
        listed.tickets.len(),
        1,
        "the page lists the statuses asked for"
    );
    let mut counts: Vec<(i32, i64)> = listed
        .status_counts
        .iter()
        .map(|count| (count.status, count.tickets))
        .collect();
    counts.sort_unstable();
    assert_eq!(
        counts,
        vec![
            (TicketStatus::New as i32, 2),
            (TicketStatus::Open as i32, 1)
        ],
        "every status under the category filter; the no-sites ticket is not counted"
    );
    Ok(())
}
