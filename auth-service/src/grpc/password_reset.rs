//! `portal.auth.v1.PasswordResetService`.

use std::sync::Arc;

use portal_proto::auth::v1 as pb;
use portal_proto::auth::v1::password_reset_service_server::PasswordResetService;
use secrecy::{ExposeSecret, SecretString};
use tonic::{Request, Response, Status};

use super::metadata::request_context;
use super::session_delivery::Delivery;
use super::{parse, run_detached};
use crate::domain::AuthDomain;

#[derive(Debug, Clone)]
pub struct PasswordResetApi {
    domain: Arc<AuthDomain>,
}

impl PasswordResetApi {
    pub fn new(domain: Arc<AuthDomain>) -> Self {
        Self { domain }
    }
}

#[tonic::async_trait]
impl PasswordResetService for PasswordResetApi {
    async fn start_security_question_reset(
        &self,
        request: Request<pb::StartSecurityQuestionResetRequest>,
    ) -> Result<Response<pb::StartSecurityQuestionResetResponse>, Status> {
        let email = parse::email("email", &request.into_inner().email)?;
        let started = self.domain.start_security_question_reset(&email).await?;
        Ok(Response::new(pb::StartSecurityQuestionResetResponse {
            reset_flow_id: started.flow_id.expose_secret().to_owned(),
            questions: started
                .questions
                .iter()
                .map(|q| pb::SecurityQuestion {
                    id: q.id.into(),
                    text: q.text.into(),
                })
                .collect(),
            expires_at: Some(started.expires_at.to_timestamp()),
        }))
    }

    async fn answer_security_questions(
        &self,
        request: Request<pb::AnswerSecurityQuestionsRequest>,
    ) -> Result<Response<pb::AnswerSecurityQuestionsResponse>, Status> {
        let context = request_context(&request);
        let pb::AnswerSecurityQuestionsRequest {
            reset_flow_id,
            answers,
        } = request.into_inner();
        let answers = answers
            .into_iter()
            .map(|a| (a.question_id, SecretString::from(a.answer)))
            .collect();
        let domain = self.domain.clone();
        // Like sign-in: a counted attempt finishes even if the caller leaves.
        let issued = run_detached(async move {
            domain
                .answer_security_questions(&reset_flow_id, answers, &context)
                .await
        })
        .await?;
        Ok(Response::new(pb::AnswerSecurityQuestionsResponse {
            reset_token: issued.token.expose_secret().to_owned(),
            expires_at: Some(issued.expires_at.to_timestamp()),
        }))
    }

    async fn request_password_reset_email(
        &self,
        request: Request<pb::RequestPasswordResetEmailRequest>,
    ) -> Result<Response<pb::RequestPasswordResetEmailResponse>, Status> {
        let context = request_context(&request);
        // Checks the address only: what happens next must not depend on
        // whether it has an account.
        let email = parse::email("email", &request.into_inner().email)?;
        self.domain.spawn_reset_email(email, context);
        Ok(Response::new(pb::RequestPasswordResetEmailResponse {}))
    }

    async fn check_password_reset_token(
        &self,
        request: Request<pb::CheckPasswordResetTokenRequest>,
    ) -> Result<Response<pb::CheckPasswordResetTokenResponse>, Status> {
        let token = request.into_inner().reset_token;
        let email = self.domain.check_reset_token(&token).await?;
        Ok(Response::new(pb::CheckPasswordResetTokenResponse { email }))
    }

    async fn complete_password_reset(
        &self,
        request: Request<pb::CompletePasswordResetRequest>,
    ) -> Result<Response<pb::CompletePasswordResetResponse>, Status> {
        let context = request_context(&request);
        let delivery = Delivery::of(&request);
        // A signed-in browser resetting its own account's password loses
        // its session with all the others.
        let caller = portal_common::request::bearer_token(&request);
        let pb::CompletePasswordResetRequest {
            reset_token,
            new_password,
        } = request.into_inner();
        let domain = self.domain.clone();
        run_detached(async move {
            domain
                .complete_password_reset(&reset_token, SecretString::from(new_password), &context)
                .await
        })
        .await?;
        Ok(delivery
            .closed_if_ended(
                &self.domain,
                caller.as_deref(),
                pb::CompletePasswordResetResponse {},
            )
            .await)
    }
}
