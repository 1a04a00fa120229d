//! `portal.auth.v1.AccountSupportService`.

use std::sync::Arc;

use portal_proto::auth::v1 as pb;
use portal_proto::auth::v1::account_support_service_server::AccountSupportService;
use tonic::{Request, Response, Status};

use super::metadata::{bearer_token, request_context};
use super::{convert, parse};
use crate::domain::AuthDomain;
use crate::domain::account_support::{AccountContext, AccountLookup, SupportCaller};
use crate::domain::model::RequestContext;
use crate::domain::model::admin::MailRecord;
use crate::error::AuthError;

#[derive(Debug, Clone)]
pub struct AccountSupportApi {
    domain: Arc<AuthDomain>,
}

impl AccountSupportApi {
    pub fn new(domain: Arc<AuthDomain>) -> Self {
        Self { domain }
    }

    /// The authorised agent and the request's context and message.
    async fn caller<T>(
        &self,
        request: Request<T>,
    ) -> Result<(SupportCaller, RequestContext, T), AuthError> {
        let token = bearer_token(&request)?;
        let context = request_context(&request);
        let caller = self.domain.require_support_agent(&token).await?;
        Ok((caller, context, request.into_inner()))
    }
}

#[tonic::async_trait]
impl AccountSupportService for AccountSupportApi {
    async fn lookup_account(
        &self,
        request: Request<pb::LookupAccountRequest>,
    ) -> Result<Response<pb::LookupAccountResponse>, Status> {
        let (caller, context, message) = self.caller(request).await?;
        let lookup = self
            .domain
            .lookup_account(&caller, &parse::email("email", &message.email)?, &context)
            .await?;
        Ok(Response::new(lookup_response(lookup)))
    }

    async fn send_password_reset_email(
        &self,
        request: Request<pb::SendPasswordResetEmailRequest>,
    ) -> Result<Response<pb::SendPasswordResetEmailResponse>, Status> {
        let (caller, context, message) = self.caller(request).await?;
        self.domain
            .agent_send_reset_email(&caller, &parse::email("email", &message.email)?, &context)
            .await?;
        Ok(Response::new(pb::SendPasswordResetEmailResponse {}))
    }

    async fn resend_access_email(
        &self,
        request: Request<pb::ResendAccountAccessEmailRequest>,
    ) -> Result<Response<pb::ResendAccountAccessEmailResponse>, Status> {
        let (caller, context, message) = self.caller(request).await?;
        self.domain
            .agent_resend_access_email(&caller, &parse::email("email", &message.email)?, &context)
            .await?;
        Ok(Response::new(pb::ResendAccountAccessEmailResponse {}))
    }
}

fn lookup_response(lookup: AccountLookup) -> pb::LookupAccountResponse {
    pb::LookupAccountResponse {
        exists: lookup.account.is_some(),
        account: lookup.account.map(account_context),
        mail: lookup.mail.into_iter().map(mail_record).collect(),
    }
}

fn account_context(found: AccountContext) -> pb::AccountContext {
    let temporary = convert::temporary_password(found.temporary_password);
    pb::AccountContext {
        user: Some(convert::user(&found.account)),
        locked_until: found.locked_until.map(|at| at.to_timestamp()),
        failed_sign_ins: i32::try_from(found.failed_sign_ins).unwrap_or(i32::MAX),
        pending_steps: convert::steps(&found.pending_steps),
        temporary_password: temporary.status as i32,
        temporary_password_issued_at: temporary.issued_at.map(|at| at.to_timestamp()),
        temporary_password_expires_at: temporary.expires_at.map(|at| at.to_timestamp()),
        organization_name: found.organization_name,
        site_count: i32::try_from(found.site_count).unwrap_or(i32::MAX),
        last_signed_in_at: found.last_signed_in_at.map(|at| at.to_timestamp()),
        security_questions_set: found.security_questions_set,
        recent_events: found
            .recent_events
            .into_iter()
            .map(convert::auth_event)
            .collect(),
        organization_administrators: found
            .organization_administrators
            .into_iter()
            .map(|(name, email)| pb::OrganizationAdministrator { name, email })
            .collect(),
    }
}

fn mail_record(mail: MailRecord) -> pb::MailRecord {
    pb::MailRecord {
        kind: mail.kind,
        subject: mail.subject,
        queued_at: Some(mail.queued_at.to_timestamp()),
        sent_at: mail.sent_at.map(|at| at.to_timestamp()),
        attempts: i32::try_from(mail.attempts).unwrap_or(i32::MAX),
        last_error: mail.last_error.unwrap_or_default(),
        failed: mail.failed,
    }
}
