//! `portal.support.v1.SupportService`.

use std::sync::Arc;

use portal_common::email::Email;
use portal_common::request;
use portal_proto::support::v1 as pb;
use portal_proto::support::v1::support_service_server::SupportService;
use tonic::{Request, Response, Status};

use super::convert;
use crate::domain::SupportDomain;
use crate::domain::intake::{CallbackInput, ContactInput, ReplyMessage};
use crate::error::SupportError;

#[derive(Debug, Clone)]
pub struct SupportApi {
    domain: Arc<SupportDomain>,
}

impl SupportApi {
    pub fn new(domain: Arc<SupportDomain>) -> Self {
        Self { domain }
    }
}

#[tonic::async_trait]
impl SupportService for SupportApi {
    async fn submit_contact_form(
        &self,
        request: Request<pb::SubmitContactFormRequest>,
    ) -> Result<Response<pb::SubmitContactFormResponse>, Status> {
        let token = request::bearer_token(&request);
        let client_ip = request::client_ip(&request);
        let form = request.into_inner();
        let input = ContactInput {
            category: convert::category(form.category),
            name: form.name,
            email: form.email,
            organization: form.organization,
            subject: form.subject,
            message: form.message,
        };
        let submitted = self
            .domain
            .submit_contact_form(&input, &form.website, token.as_deref(), &client_ip)
            .await?;
        Ok(Response::new(pb::SubmitContactFormResponse {
            ticket_ref: submitted.reference.to_string(),
        }))
    }

    async fn request_callback(
        &self,
        request: Request<pb::RequestCallbackRequest>,
    ) -> Result<Response<pb::RequestCallbackResponse>, Status> {
        let token = request::bearer_token(&request);
        let client_ip = request::client_ip(&request);
        let form = request.into_inner();
        let input = CallbackInput {
            category: convert::category(form.category),
            window_start: convert::time(form.window_start.as_ref()),
            window_end: convert::time(form.window_end.as_ref()),
            name: form.name,
            email: form.email,
            phone: form.phone,
            time_zone: form.time_zone,
            message: form.message,
        };
        let submitted = self
            .domain
            .request_callback(&input, &form.website, token.as_deref(), &client_ip)
            .await?;
        Ok(Response::new(pb::RequestCallbackResponse {
            ticket_ref: submitted.reference.to_string(),
        }))
    }

    async fn get_ticket_status(
        &self,
        request: Request<pb::GetTicketStatusRequest>,
    ) -> Result<Response<pb::GetTicketStatusResponse>, Status> {
        let pb::GetTicketStatusRequest { ticket_ref, email } = request.into_inner();
        let email = Email::parse(&email, "email").map_err(SupportError::from)?;
        let reference = convert::requesters_ticket_ref(&ticket_ref)?;
        let view = self.domain.ticket_status(&reference, &email).await?;
        Ok(Response::new(convert::status_view(view)))
    }

    async fn reply_to_ticket(
        &self,
        request: Request<pb::ReplyToTicketRequest>,
    ) -> Result<Response<pb::ReplyToTicketResponse>, Status> {
        let client_ip = request::client_ip(&request);
        let pb::ReplyToTicketRequest {
            ticket_ref,
            email,
            message,
        } = request.into_inner();
        let message = ReplyMessage::parse(&message)?;
        let email = Email::parse(&email, "email").map_err(SupportError::from)?;
        let reference = convert::requesters_ticket_ref(&ticket_ref)?;
        let replied = self
            .domain
            .reply_to_ticket(&reference, &email, &message, &client_ip)
            .await?;
        Ok(Response::new(pb::ReplyToTicketResponse {
            ticket_ref: replied.reference.to_string(),
            status: convert::status_to_proto(replied.status) as i32,
        }))
    }
}
