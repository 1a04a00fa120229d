//! `portal.auth.v1.AdminService`.

use std::sync::Arc;

use portal_proto::auth::v1 as pb;
use portal_proto::auth::v1::admin_service_server::AdminService;
use tonic::{Request, Response, Status};

use portal_common::ids::{OrganizationId, SiteId, UserId};

use super::convert;
use super::metadata::{bearer_token, request_context};
use super::parse::{self, field};
use crate::domain::AuthDomain;
use crate::domain::admin::{AdminCaller, EventSearch, ProvisionRequest, UserSearch};
use crate::domain::model::RequestContext;
use crate::error::AuthError;

/// The `user_id` of a request.
fn user_id(raw: &str) -> Result<UserId, AuthError> {
    field(UserId::parse("user_id", raw))
}

#[derive(Debug, Clone)]
pub struct AdminApi {
    domain: Arc<AuthDomain>,
}

impl AdminApi {
    pub fn new(domain: Arc<AuthDomain>) -> Self {
        Self { domain }
    }

    /// The authorised caller and the request's context and message.
    async fn caller<T>(
        &self,
        request: Request<T>,
    ) -> Result<(AdminCaller, RequestContext, T), AuthError> {
        let token = bearer_token(&request)?;
        let context = request_context(&request);
        let caller = self.domain.require_admin(&token).await?;
        Ok((caller, context, request.into_inner()))
    }
}

#[tonic::async_trait]
impl AdminService for AdminApi {
    async fn create_organization(
        &self,
        request: Request<pb::CreateOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        let (caller, context, message) = self.caller(request).await?;
        let organization = self
            .domain
            .create_organization(&caller, &message.name, &context)
            .await?;
        Ok(Response::new(convert::organization(organization)))
    }

    async fn list_organizations(
        &self,
        request: Request<pb::ListOrganizationsRequest>,
    ) -> Result<Response<pb::ListOrganizationsResponse>, Status> {
        let (caller, _, message) = self.caller(request).await?;
        let page = self
            .domain
            .list_organizations(&caller, message.page_size, &message.page_token)
            .await?;
        Ok(Response::new(pb::ListOrganizationsResponse {
            organizations: page.items.into_iter().map(convert::organization).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn create_site(
        &self,
        request: Request<pb::CreateSiteRequest>,
    ) -> Result<Response<pb::Site>, Status> {
        let (caller, context, message) = self.caller(request).await?;
        let site = self
            .domain
            .create_site(
                &caller,
                &field(OrganizationId::parse(
                    "organization_id",
                    &message.organization_id,
                ))?,
                &message.name,
                &context,
            )
            .await?;
        Ok(Response::new(convert::site(&site)))
    }

    async fn list_sites(
        &self,
        request: Request<pb::ListSitesRequest>,
    ) -> Result<Response<pb::ListSitesResponse>, Status> {
        let (caller, _, message) = self.caller(request).await?;
        let sites = self
            .domain
            .list_sites(
                &caller,
                field(OrganizationId::parse_optional(
                    "organization_id",
                    &message.organization_id,
                ))?
                .as_ref(),
            )
            .await?;
        Ok(Response::new(pb::ListSitesResponse {
            sites: sites.iter().map(convert::site).collect(),
        }))
    }

    async fn provision_user(
        &self,
        request: Request<pb::ProvisionUserRequest>,
    ) -> Result<Response<pb::ProvisionUserResponse>, Status> {
        let (caller, context, message) = self.caller(request).await?;
        let provisioned = self
            .domain
            .provision_user(&caller, ProvisionRequest::try_from(message)?, &context)
            .await?;
        Ok(Response::new(pb::ProvisionUserResponse {
            user_id: provisioned.user_id,
            created: provisioned.created,
        }))
    }

    async fn resend_access_email(
        &self,
        request: Request<pb::ResendAccessEmailRequest>,
    ) -> Result<Response<pb::ResendAccessEmailResponse>, Status> {
        let (caller, context, message) = self.caller(request).await?;
        self.domain
            .resend_access_email(&caller, &user_id(&message.user_id)?, &context)
            .await?;
        Ok(Response::new(pb::ResendAccessEmailResponse {}))
    }

    async fn grant_site_access(
        &self,
        request: Request<pb::GrantSiteAccessRequest>,
    ) -> Result<Response<pb::GrantSiteAccessResponse>, Status> {
        let (caller, context, message) = self.caller(request).await?;
        self.domain
            .grant_site_access(
                &caller,
                &user_id(&message.user_id)?,
                &field(SiteId::parse("site_id", &message.site_id))?,
                &context,
            )
            .await?;
        Ok(Response::new(pb::GrantSiteAccessResponse {}))
    }

    async fn revoke_site_access(
        &self,
        request: Request<pb::RevokeSiteAccessRequest>,
    ) -> Result<Response<pb::RevokeSiteAccessResponse>, Status> {
        let (caller, context, message) = self.caller(request).await?;
        self.domain
            .revoke_site_access(
                &caller,
                &user_id(&message.user_id)?,
                &field(SiteId::parse("site_id", &message.site_id))?,
                &context,
            )
            .await?;
        Ok(Response::new(pb::RevokeSiteAccessResponse {}))
    }

    async fn unlock_account(
        &self,
        request: Request<pb::UnlockAccountRequest>,
    ) -> Result<Response<pb::UnlockAccountResponse>, Status> {
        let (caller, context, message) = self.caller(request).await?;
        self.domain
            .unlock_account(&caller, &user_id(&message.user_id)?, &context)
            .await?;
        Ok(Response::new(pb::UnlockAccountResponse {}))
    }

    async fn disable_user(
        &self,
        request: Request<pb::DisableUserRequest>,
    ) -> Result<Response<pb::DisableUserResponse>, Status> {
        let (caller, context, message) = self.caller(request).await?;
        self.domain
            .disable_user(&caller, &user_id(&message.user_id)?, &context)
            .await?;
        Ok(Response::new(pb::DisableUserResponse {}))
    }

    async fn list_users(
        &self,
        request: Request<pb::ListUsersRequest>,
    ) -> Result<Response<pb::ListUsersResponse>, Status> {
        let (caller, _, message) = self.caller(request).await?;
        let page = self
            .domain
            .list_users(
                &caller,
                UserSearch {
                    organization_id: field(OrganizationId::parse_optional(
                        "organization_id",
                        &message.organization_id,
                    ))?,
                    query: &message.query,
                    state: convert::state_filter("state", message.state)?,
                    site_id: field(SiteId::parse_optional("site_id", &message.site_id))?,
                    page_size: message.page_size,
                    page_token: &message.page_token,
                },
            )
            .await?;
        Ok(Response::new(pb::ListUsersResponse {
            users: page.items.iter().map(convert::user).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn get_user(
        &self,
        request: Request<pb::GetUserRequest>,
    ) -> Result<Response<pb::UserDetails>, Status> {
        let (caller, _, message) = self.caller(request).await?;
        let details = self
            .domain
            .get_user(&caller, &user_id(&message.user_id)?)
            .await?;
        Ok(Response::new(convert::user_details(details)))
    }

    async fn list_auth_events(
        &self,
        request: Request<pb::ListAuthEventsRequest>,
    ) -> Result<Response<pb::ListAuthEventsResponse>, Status> {
        let (caller, _, message) = self.caller(request).await?;
        let page = self
            .domain
            .list_auth_events(
                &caller,
                EventSearch {
                    user_id: field(UserId::parse_optional("user_id", &message.user_id))?,
                    kind: parse::event_kind_filter("kind", &message.kind)?,
                    email: parse::optional_email("email", &message.email)?,
                    since: convert::time("since", message.since.as_ref())?,
                    until: convert::time("until", message.until.as_ref())?,
                    page_size: message.page_size,
                    page_token: &message.page_token,
                },
            )
            .await?;
        Ok(Response::new(pb::ListAuthEventsResponse {
            events: page.items.into_iter().map(convert::auth_event).collect(),
            next_page_token: page.next_page_token,
        }))
    }
}
