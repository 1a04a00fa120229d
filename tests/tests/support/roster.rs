//! The desk's roster: tickets go to agents who have opened the desk, with
//! the email the auth service gave them.

use auth_service::domain::model::Role;
use portal_proto::support::v1::{
    AssignTicketRequest, ListAgentsRequest, ListTicketsRequest, ReplyToTicketRequest,
};
use portal_tests::grpc::{failure, with_bearer};
use tonic::{Code, Request};

use super::{AGENT, PASSWORD, desk, sign_in, submitted};

const SECOND_AGENT: &str = "second.agent@example.com";

#[tokio::test(flavor = "multi_thread")]
async fn a_ticket_goes_to_another_agent_of_the_roster_under_their_own_email() -> anyhow::Result<()>
{
    let mut d = desk().await?;
    let second_id = d
        .auth
        .create_user_with_roles(SECOND_AGENT, PASSWORD, &[], &[Role::SupportAgent])
        .await?;
    let second_token = sign_in(&d.auth, SECOND_AGENT).await?;
    // Opening the desk puts an agent on the roster.
    d.agents
        .list_tickets(with_bearer(ListTicketsRequest::default(), &second_token)?)
        .await?;
    let reference = submitted(&mut d, "jane@example.com").await?;

    let roster = d
        .agents
        .list_agents(with_bearer(ListAgentsRequest {}, &d.agent_token)?)
        .await?
        .into_inner();
    let ticket = d
        .agents
        .assign_ticket(with_bearer(
            AssignTicketRequest {
                ticket_ref: reference.clone(),
                assignee_id: second_id.clone(),
                // Whatever a caller types here, the roster decides.
                assignee_email: "someone.else@example.net".into(),
                version: 0,
            },
            &d.agent_token,
        )?)
        .await?
        .into_inner();

    let emails: Vec<_> = roster.agents.iter().map(|a| a.email.as_str()).collect();
    assert_eq!(emails, vec![AGENT, SECOND_AGENT]);
    assert!(roster.agents.iter().all(|a| a.last_seen_at.is_some()));
    assert_eq!(ticket.assignee_id, second_id);
    assert_eq!(ticket.assignee_email, SECOND_AGENT);
    // The requester's reply reaches the assigned agent's real address.
    d.client
        .reply_to_ticket(ReplyToTicketRequest {
            ticket_ref: reference.clone(),
            email: "jane@example.com".into(),
            message: "Any news?".into(),
        })
        .await?;
    d.smtp
        .wait_for_subject(SECOND_AGENT, &format!("Requester replied [{reference}]"), 1)
        .await?;
    assert!(d.smtp.messages_to("someone.else@example.net").is_empty());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn assigning_to_someone_off_the_roster_is_refused_and_changes_nothing() -> anyhow::Result<()>
{
    let mut d = desk().await?;
    let user_id = d
        .auth
        .create_user("plain.user@example.com", PASSWORD, &["Main Clinic"])
        .await?;
    let reference = submitted(&mut d, "jane@example.com").await?;

    for assignee_id in [user_id, uuid::Uuid::new_v4().to_string()] {
        let refused = failure(
            d.agents
                .assign_ticket(with_bearer(
                    AssignTicketRequest {
                        ticket_ref: reference.clone(),
                        assignee_id,
                        version: 1,
                        ..Default::default()
                    },
                    &d.agent_token,
                )?)
                .await,
        )?;
        assert_eq!(refused.code, Code::InvalidArgument);
        assert_eq!(refused.fields, vec!["assignee_id".to_owned()]);
    }
    // Still version 1: nothing was assigned.
    d.agents
        .assign_ticket(with_bearer(
            AssignTicketRequest {
                ticket_ref: reference,
                version: 1,
                ..Default::default()
            },
            &d.agent_token,
        )?)
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn only_agents_see_the_roster() -> anyhow::Result<()> {
    let mut d = desk().await?;
    d.auth
        .create_user("plain.user@example.com", PASSWORD, &["Main Clinic"])
        .await?;
    let user_token = sign_in(&d.auth, "plain.user@example.com").await?;

    let anonymous = failure(
        d.agents
            .list_agents(Request::new(ListAgentsRequest {}))
            .await,
    )?;
    let user = failure(
        d.agents
            .list_agents(with_bearer(ListAgentsRequest {}, &user_token)?)
            .await,
    )?;

    assert_eq!(anonymous.code, Code::Unauthenticated);
    assert_eq!(user.code, Code::PermissionDenied);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn someone_no_longer_an_agent_leaves_the_roster_when_they_try_the_desk() -> anyhow::Result<()>
{
    let mut d = desk().await?;
    let former = d
        .auth
        .create_user("former.agent@example.com", PASSWORD, &["Main Clinic"])
        .await?;
    let former_token = sign_in(&d.auth, "former.agent@example.com").await?;
    // On the roster from the days they were an agent.
    let pool = d.support_db.connect("support.db").await?;
    sqlx::query("INSERT INTO support_agents (user_id, email, last_seen_at) VALUES ($1, $2, 0)")
        .bind(&former)
        .bind("former.agent@example.com")
        .execute(&pool)
        .await?;
    pool.close().await;

    let refused = failure(
        d.agents
            .list_tickets(with_bearer(ListTicketsRequest::default(), &former_token)?)
            .await,
    )?;
    let roster = d
        .agents
        .list_agents(with_bearer(ListAgentsRequest {}, &d.agent_token)?)
        .await?
        .into_inner();

    assert_eq!(refused.code, Code::PermissionDenied);
    let emails: Vec<_> = roster.agents.iter().map(|a| a.email.as_str()).collect();
    assert_eq!(emails, vec![AGENT]);
    Ok(())
}
