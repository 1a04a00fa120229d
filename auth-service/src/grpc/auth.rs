//! `portal.auth.v1.AuthService`.

use std::sync::Arc;

use portal_proto::auth::v1 as pb;
use portal_proto::auth::v1::auth_service_server::AuthService;
use secrecy::SecretString;
use tonic::{Request, Response, Status};

use super::metadata::{bearer_token, request_context};
use super::session_delivery::Delivery;
use super::{convert, parse, run_detached};
use crate::domain::AuthDomain;
use portal_common::ids::SessionId;
use portal_common::request::SESSION_TOKEN_HEADER;

#[derive(Debug, Clone)]
pub struct AuthApi {
    domain: Arc<AuthDomain>,
}

impl AuthApi {
    pub fn new(domain: Arc<AuthDomain>) -> Self {
        Self { domain }
    }
}

#[tonic::async_trait]
impl AuthService for AuthApi {
    async fn login(
        &self,
        request: Request<pb::LoginRequest>,
    ) -> Result<Response<pb::LoginResponse>, Status> {
        let context = request_context(&request);
        let delivery = Delivery::of(&request);
        // A browser signing in again replaces the session its cookie held:
        // that one ends, rather than living on with nothing pointing at it.
        let replaced = match delivery {
            Delivery::Cookie => bearer_token(&request).ok(),
            Delivery::Body => None,
        };
        let pb::LoginRequest { email, password } = request.into_inner();
        let email = parse::email("email", &email)?;
        let domain = self.domain.clone();
        // Run to the end even if the caller goes away: once an attempt is
        // counted, its audit row and lock email must be written.
        let outcome = run_detached(async move {
            let outcome = domain
                .login(&email, SecretString::from(password), &context)
                .await?;
            if let Some(replaced) = replaced {
                // Already ended or never valid: nothing to end.
                let _ = domain.logout(&replaced, &context).await;
            }
            Ok(outcome)
        })
        .await?;
        Ok(delivery.session_opened(convert::login_response(outcome))?)
    }

    async fn logout(
        &self,
        request: Request<pb::LogoutRequest>,
    ) -> Result<Response<pb::LogoutResponse>, Status> {
        let context = request_context(&request);
        let token = bearer_token(&request)?;
        self.domain.logout(&token, &context).await?;
        Ok(Delivery::of(&request).session_closed(pb::LogoutResponse {}))
    }

    async fn validate_session(
        &self,
        request: Request<pb::ValidateSessionRequest>,
    ) -> Result<Response<pb::Principal>, Status> {
        let token = request.into_inner().session_token;
        // The token checked is the message's, not the caller's own: its end
        // says nothing about the caller's session cookie.
        let principal = self
            .domain
            .validate_session(&token)
            .await
            .map_err(|error| {
                let mut status = Status::from(error);
                status.metadata_mut().remove(SESSION_TOKEN_HEADER);
                status
            })?;
        Ok(Response::new(convert::principal(principal)))
    }

    async fn list_sessions(
        &self,
        request: Request<pb::ListSessionsRequest>,
    ) -> Result<Response<pb::ListSessionsResponse>, Status> {
        let token = bearer_token(&request)?;
        let (current, sessions) = self.domain.list_sessions(&token).await?;
        let sessions = sessions
            .into_iter()
            .map(|session| convert::session_info(session, &current))
            .collect();
        Ok(Response::new(pb::ListSessionsResponse { sessions }))
    }

    async fn revoke_session(
        &self,
        request: Request<pb::RevokeSessionRequest>,
    ) -> Result<Response<pb::RevokeSessionResponse>, Status> {
        let context = request_context(&request);
        let token = bearer_token(&request)?;
        let delivery = Delivery::of(&request);
        let session_id = parse::field(SessionId::parse(
            "session_id",
            &request.into_inner().session_id,
        ))?;
        self.domain
            .revoke_session(&token, &session_id, &context)
            .await?;
        Ok(delivery
            .closed_if_ended(&self.domain, Some(&token), pb::RevokeSessionResponse {})
            .await)
    }

    async fn change_password(
        &self,
        request: Request<pb::ChangePasswordRequest>,
    ) -> Result<Response<pb::ChangePasswordResponse>, Status> {
        let context = request_context(&request);
        let token = bearer_token(&request)?;
        let pb::ChangePasswordRequest {
            current_password,
            new_password,
        } = request.into_inner();
        let domain = self.domain.clone();
        run_detached(async move {
            domain
                .change_password(
                    &token,
                    SecretString::from(current_password),
                    SecretString::from(new_password),
                    &context,
                )
                .await
        })
        .await?;
        Ok(Response::new(pb::ChangePasswordResponse {}))
    }

    async fn get_session(
        &self,
        request: Request<pb::GetSessionRequest>,
    ) -> Result<Response<pb::GetSessionResponse>, Status> {
        let token = bearer_token(&request)?;
        let overview = self.domain.session_overview(&token).await?;
        Ok(Response::new(convert::session_overview(overview)))
    }

    async fn get_access_policy(
        &self,
        _request: Request<pb::GetAccessPolicyRequest>,
    ) -> Result<Response<pb::AccessPolicy>, Status> {
        Ok(Response::new(convert::access_policy(
            self.domain.access_policy(),
        )))
    }
}
