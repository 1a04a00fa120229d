//! `portal.support.v1.AgentService`.

use portal_common::ids::UserId;
use std::sync::Arc;

use portal_common::request;
use portal_proto::support::v1 as pb;
use portal_proto::support::v1::agent_service_server::AgentService;
use tonic::{Request, Response, Status};

use super::convert;
use crate::domain::SupportDomain;
use crate::domain::agent::{Agent, Assignee};
use crate::domain::model::tickets::TicketQuery;
use crate::error::SupportError;

#[derive(Debug, Clone)]
pub struct AgentApi {
    domain: Arc<SupportDomain>,
}

impl AgentApi {
    pub fn new(domain: Arc<SupportDomain>) -> Self {
        Self { domain }
    }

    async fn agent<T>(&self, request: Request<T>) -> Result<(Agent, T), SupportError> {
        let token = request::bearer_token(&request);
        let agent = self.domain.require_agent(token.as_deref()).await?;
        Ok((agent, request.into_inner()))
    }
}

type TicketReply = Result<Response<pb::Ticket>, Status>;

fn query(filter: Option<pb::TicketFilter>) -> Result<TicketQuery, SupportError> {
    let filter = filter.unwrap_or_default();
    let mut statuses = Vec::new();
    for (index, value) in filter.statuses.iter().enumerate() {
        statuses.push(convert::status(*value).ok_or_else(|| {
            SupportError::invalid(format!("filter.statuses[{index}]"), "is not a status")
        })?);
    }
    let known_or_unset = |value: i32, parsed: bool, field: &str| {
        if value != 0 && !parsed {
            Err(SupportError::invalid(
                field.to_owned(),
                "is not a known value",
            ))
        } else {
            Ok(())
        }
    };
    let kind = convert::kind(filter.kind);
    known_or_unset(filter.kind, kind.is_some(), "filter.kind")?;
    let category = convert::category(filter.category);
    known_or_unset(filter.category, category.is_some(), "filter.category")?;
    let assignee_id = match filter.assignee_id.trim() {
        "" => None,
        "unassigned" => Some(String::new()),
        id => Some(UserId::parse("filter.assignee_id", id)?.as_str().to_owned()),
    };
    let text = portal_common::text::parse(
        "filter.text",
        &filter.text,
        portal_common::text::TextRule::line(200).optional(),
    )
    .map_err(|violation| SupportError::InvalidArgument(vec![violation]))?;
    let words = text
        .to_lowercase()
        .split_whitespace()
        .take(5)
        .map(str::to_owned)
        .collect();
    Ok(TicketQuery {
        statuses,
        kind,
        category,
        assignee_id,
        created_from: convert::time(filter.created_from.as_ref()),
        created_to: convert::time(filter.created_to.as_ref()),
        words,
    })
}

#[tonic::async_trait]
impl AgentService for AgentApi {
    async fn list_tickets(
        &self,
        request: Request<pb::ListTicketsRequest>,
    ) -> Result<Response<pb::ListTicketsResponse>, Status> {
        let (_, message) = self.agent(request).await?;
        let query = query(message.filter)?;
        let page = self
            .domain
            .list_tickets(&query, message.page_size, &message.page_token)
            .await?;
        let counts = self.domain.status_counts(&query).await?;
        Ok(Response::new(pb::ListTicketsResponse {
            status_counts: counts
                .into_iter()
                .map(|(status, tickets)| pb::StatusCount {
                    status: convert::status_to_proto(status) as i32,
                    tickets,
                })
                .collect(),
            tickets: page
                .items
                .into_iter()
                .map(|ticket| convert::ticket(ticket, Vec::new()))
                .collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn get_ticket(&self, request: Request<pb::GetTicketRequest>) -> TicketReply {
        let (_, message) = self.agent(request).await?;
        let (ticket, history) = self
            .domain
            .ticket_with_history(&convert::ticket_ref(&message.ticket_ref)?)
            .await?;
        Ok(Response::new(convert::ticket(ticket, history)))
    }

    async fn assign_ticket(&self, request: Request<pb::AssignTicketRequest>) -> TicketReply {
        let (agent, message) = self.agent(request).await?;
        let assignee = match message.assignee_id.trim() {
            "" => Assignee::Me,
            "unassigned" => Assignee::Nobody,
            id => Assignee::Agent {
                id: UserId::parse("assignee_id", id).map_err(SupportError::from)?,
            },
        };
        let (ticket, history) = self
            .domain
            .assign(
                &agent,
                &convert::ticket_ref(&message.ticket_ref)?,
                assignee,
                message.version,
            )
            .await?;
        Ok(Response::new(convert::ticket(ticket, history)))
    }

    async fn update_ticket_status(
        &self,
        request: Request<pb::UpdateTicketStatusRequest>,
    ) -> TicketReply {
        let (agent, message) = self.agent(request).await?;
        let status = convert::status(message.status)
            .ok_or_else(|| SupportError::invalid("status", "is not a status"))?;
        let (ticket, history) = self
            .domain
            .change_status(
                &agent,
                &convert::ticket_ref(&message.ticket_ref)?,
                status,
                message.version,
            )
            .await?;
        Ok(Response::new(convert::ticket(ticket, history)))
    }

    async fn add_note(&self, request: Request<pb::AddNoteRequest>) -> TicketReply {
        let (agent, message) = self.agent(request).await?;
        let visibility = convert::visibility(message.visibility)?;
        let (ticket, history) = self
            .domain
            .add_note(
                &agent,
                &convert::ticket_ref(&message.ticket_ref)?,
                &message.body,
                visibility,
                message.version,
            )
            .await?;
        Ok(Response::new(convert::ticket(ticket, history)))
    }

    async fn schedule_callback(
        &self,
        request: Request<pb::ScheduleCallbackRequest>,
    ) -> TicketReply {
        let (agent, message) = self.agent(request).await?;
        let at = convert::time(message.scheduled_at.as_ref())
            .ok_or_else(|| SupportError::invalid("scheduled_at", "is required"))?;
        let (ticket, history) = self
            .domain
            .schedule_callback(
                &agent,
                &convert::ticket_ref(&message.ticket_ref)?,
                at,
                message.version,
            )
            .await?;
        Ok(Response::new(convert::ticket(ticket, history)))
    }

    async fn record_callback_attempt(
        &self,
        request: Request<pb::RecordCallbackAttemptRequest>,
    ) -> TicketReply {
        let (agent, message) = self.agent(request).await?;
        let outcome = convert::outcome(message.outcome)?;
        let (ticket, history) = self
            .domain
            .record_attempt(
                &agent,
                &convert::ticket_ref(&message.ticket_ref)?,
                outcome,
                &message.notes,
                message.version,
            )
            .await?;
        Ok(Response::new(convert::ticket(ticket, history)))
    }

    async fn cancel_callback(&self, request: Request<pb::CancelCallbackRequest>) -> TicketReply {
        let (agent, message) = self.agent(request).await?;
        let (ticket, history) = self
            .domain
            .cancel_callback(
                &agent,
                &convert::ticket_ref(&message.ticket_ref)?,
                &message.reason,
                message.version,
            )
            .await?;
        Ok(Response::new(convert::ticket(ticket, history)))
    }

    async fn list_agents(
        &self,
        request: Request<pb::ListAgentsRequest>,
    ) -> Result<Response<pb::ListAgentsResponse>, Status> {
        self.agent(request).await?;
        let agents = self.domain.list_agents().await?;
        Ok(Response::new(pb::ListAgentsResponse {
            agents: agents
                .into_iter()
                .map(|entry| pb::DeskAgent {
                    user_id: entry.user_id,
                    email: entry.email,
                    last_seen_at: Some(entry.last_seen_at.to_timestamp()),
                })
                .collect(),
        }))
    }
}
