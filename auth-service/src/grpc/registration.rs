//! `portal.auth.v1.RegistrationService`.

use std::sync::Arc;

use portal_proto::auth::v1 as pb;
use portal_proto::auth::v1::registration_service_server::RegistrationService;
use secrecy::SecretString;
use tonic::{Request, Response, Status};

use super::convert;
use super::metadata::{bearer_token, request_context};
use super::session_delivery::Delivery;
use crate::domain::AuthDomain;
use crate::domain::registration::CATALOGUE;
use crate::error::AuthError;

#[derive(Debug, Clone)]
pub struct RegistrationApi {
    domain: Arc<AuthDomain>,
}

impl RegistrationApi {
    pub fn new(domain: Arc<AuthDomain>) -> Self {
        Self { domain }
    }
}

#[tonic::async_trait]
impl RegistrationService for RegistrationApi {
    async fn get_registration(
        &self,
        request: Request<pb::GetRegistrationRequest>,
    ) -> Result<Response<pb::GetRegistrationResponse>, Status> {
        let token = bearer_token(&request)?;
        let status = self.domain.registration_status(&token).await?;
        Ok(Response::new(convert::registration_status(status)))
    }

    async fn update_profile(
        &self,
        request: Request<pb::UpdateProfileRequest>,
    ) -> Result<Response<pb::UpdateProfileResponse>, Status> {
        let (token, context) = (bearer_token(&request)?, request_context(&request));
        let pb::UpdateProfileRequest {
            first_name,
            last_name,
        } = request.into_inner();
        let pending = self
            .domain
            .update_profile(&token, &first_name, &last_name, &context)
            .await?;
        Ok(Response::new(pb::UpdateProfileResponse {
            pending_steps: convert::steps(&pending),
        }))
    }

    async fn list_security_questions(
        &self,
        request: Request<pb::ListSecurityQuestionsRequest>,
    ) -> Result<Response<pb::ListSecurityQuestionsResponse>, Status> {
        let token = bearer_token(&request)?;
        self.domain.require_registration_session(&token).await?;
        let questions = CATALOGUE
            .iter()
            .map(|question| pb::SecurityQuestion {
                id: question.id.into(),
                text: question.text.into(),
            })
            .collect();
        Ok(Response::new(pb::ListSecurityQuestionsResponse {
            questions,
        }))
    }

    async fn set_security_answers(
        &self,
        request: Request<pb::SetSecurityAnswersRequest>,
    ) -> Result<Response<pb::SetSecurityAnswersResponse>, Status> {
        let (token, context) = (bearer_token(&request)?, request_context(&request));
        let answers = request
            .into_inner()
            .answers
            .into_iter()
            .map(|a| (a.question_id, SecretString::from(a.answer)))
            .collect();
        let pending = self
            .domain
            .set_security_answers(&token, answers, &context)
            .await?;
        Ok(Response::new(pb::SetSecurityAnswersResponse {
            pending_steps: convert::steps(&pending),
        }))
    }

    async fn set_password(
        &self,
        request: Request<pb::SetPasswordRequest>,
    ) -> Result<Response<pb::SetPasswordResponse>, Status> {
        let (token, context) = (bearer_token(&request)?, request_context(&request));
        let password = SecretString::from(request.into_inner().new_password);
        let pending = self
            .domain
            .set_registration_password(&token, password, &context)
            .await?;
        Ok(Response::new(pb::SetPasswordResponse {
            pending_steps: convert::steps(&pending),
        }))
    }

    async fn send_verification_code(
        &self,
        request: Request<pb::SendVerificationCodeRequest>,
    ) -> Result<Response<pb::SendVerificationCodeResponse>, Status> {
        let (token, context) = (bearer_token(&request)?, request_context(&request));
        let sent = self.domain.send_verification_code(&token, &context).await?;
        Ok(Response::new(pb::SendVerificationCodeResponse {
            resend_available_at: Some(sent.resend_available_at.to_timestamp()),
            code_expires_at: Some(sent.expires_at.to_timestamp()),
        }))
    }

    async fn verify_email(
        &self,
        request: Request<pb::VerifyEmailRequest>,
    ) -> Result<Response<pb::VerifyEmailResponse>, Status> {
        let (token, context) = (bearer_token(&request)?, request_context(&request));
        let code = request.into_inner().code;
        let pending = self.domain.verify_email(&token, &code, &context).await?;
        Ok(Response::new(pb::VerifyEmailResponse {
            pending_steps: convert::steps(&pending),
        }))
    }

    async fn get_terms(
        &self,
        request: Request<pb::GetTermsRequest>,
    ) -> Result<Response<pb::GetTermsResponse>, Status> {
        let token = bearer_token(&request)?;
        self.domain.require_registration_session(&token).await?;
        let (version, text) = self.domain.terms();
        Ok(Response::new(pb::GetTermsResponse {
            version: version.into(),
            text: text.into(),
        }))
    }

    async fn accept_terms(
        &self,
        request: Request<pb::AcceptTermsRequest>,
    ) -> Result<Response<pb::AcceptTermsResponse>, Status> {
        let (token, context) = (bearer_token(&request)?, request_context(&request));
        let version = request.into_inner().terms_version;
        let pending = self.domain.accept_terms(&token, &version, &context).await?;
        Ok(Response::new(pb::AcceptTermsResponse {
            pending_steps: convert::steps(&pending),
        }))
    }

    async fn complete_registration(
        &self,
        request: Request<pb::CompleteRegistrationRequest>,
    ) -> Result<Response<pb::LoginResponse>, Status> {
        let (token, context) = (bearer_token(&request)?, request_context(&request));
        let delivery = Delivery::of(&request);
        let outcome = match self.domain.complete_registration(&token, &context).await {
            // Without a site the registration sessions end, with no new one.
            Err(AuthError::NoSites) => return Err(delivery.failed_and_closed(AuthError::NoSites)),
            other => other?,
        };
        Ok(delivery.session_opened(convert::login_response(outcome))?)
    }
}
