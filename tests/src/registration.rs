//! Helpers that walk the first-time journey the way a browser would,
//! reading temporary passwords and codes out of delivered email.

use portal_proto::auth::v1::registration_service_client::RegistrationServiceClient;
use portal_proto::auth::v1::{
    AcceptTermsRequest, CompleteRegistrationRequest, GetTermsRequest, LoginResponse,
    SecurityAnswer, SendVerificationCodeRequest, SetPasswordRequest, SetSecurityAnswersRequest,
    UpdateProfileRequest, VerifyEmailRequest,
};
use tonic::Status;

use crate::SmtpServer;
use crate::grpc::with_bearer;

/// The value after `label` on its line of `body`.
pub fn field_after(body: &str, label: &str) -> anyhow::Result<String> {
    body.lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix(label)
                .map(|rest| rest.trim().to_owned())
        })
        .ok_or_else(|| anyhow::anyhow!("no {label:?} in {body}"))
}

/// The temporary password of the newest access email to `email`.
pub async fn temporary_password(
    smtp: &SmtpServer,
    email: &str,
    count: usize,
) -> anyhow::Result<String> {
    let mail = smtp
        .wait_for_subject(email, "Tracers with AMP Access", count)
        .await?;
    field_after(&mail.body, "Temporary password:")
}

/// The code of the newest verification email to `email`.
pub async fn verification_code(
    smtp: &SmtpServer,
    email: &str,
    count: usize,
) -> anyhow::Result<String> {
    let mail = smtp
        .wait_for_subject(email, "Your portal verification code", count)
        .await?;
    field_after(&mail.body, "Your verification code is:")
}

pub const NEW_PASSWORD: &str = "amber-willow-compass-88";

pub fn answers() -> Vec<SecurityAnswer> {
    [
        ("first-pet", "Rex"),
        ("childhood-street", "Elm Street"),
        ("first-school", "Hillside Primary"),
    ]
    .into_iter()
    .map(|(question_id, answer)| SecurityAnswer {
        question_id: question_id.into(),
        answer: answer.into(),
    })
    .collect()
}

/// Does every step with `token`, then completes registration; over native
/// gRPC or grpc-web alike.
pub async fn register<T>(
    transport: T,
    smtp: &SmtpServer,
    email: &str,
    token: &str,
) -> anyhow::Result<Result<LoginResponse, Status>>
where
    T: tonic::client::GrpcService<tonic::body::Body>,
    T::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    T::ResponseBody: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    <T::ResponseBody as http_body::Body>::Error:
        Into<Box<dyn std::error::Error + Send + Sync>> + Send,
{
    let mut client = RegistrationServiceClient::new(transport);
    client
        .update_profile(with_bearer(
            UpdateProfileRequest {
                first_name: "Jane".into(),
                last_name: "Doe".into(),
            },
            token,
        )?)
        .await?;
    client
        .set_security_answers(with_bearer(
            SetSecurityAnswersRequest { answers: answers() },
            token,
        )?)
        .await?;
    client
        .set_password(with_bearer(
            SetPasswordRequest {
                new_password: NEW_PASSWORD.into(),
            },
            token,
        )?)
        .await?;
    let sent_before = smtp
        .messages_with_subject(email, "Your portal verification code")
        .len();
    client
        .send_verification_code(with_bearer(SendVerificationCodeRequest {}, token)?)
        .await?;
    let code = verification_code(smtp, email, sent_before + 1).await?;
    client
        .verify_email(with_bearer(VerifyEmailRequest { code }, token)?)
        .await?;
    let terms = client
        .get_terms(with_bearer(GetTermsRequest {}, token)?)
        .await?
        .into_inner();
    client
        .accept_terms(with_bearer(
            AcceptTermsRequest {
                terms_version: terms.version,
            },
            token,
        )?)
        .await?;
    Ok(client
        .complete_registration(with_bearer(CompleteRegistrationRequest {}, token)?)
        .await
        .map(tonic::Response::into_inner))
}

/// The reset token in the newest reset email to `email`.
pub async fn reset_token(smtp: &SmtpServer, email: &str, count: usize) -> anyhow::Result<String> {
    let mail = smtp
        .wait_for_subject(email, "Reset your portal password", count)
        .await?;
    mail.body
        .lines()
        .find_map(|line| {
            line.split_once("/reset-password#token=")
                .map(|(_, token)| token.trim().to_owned())
        })
        .ok_or_else(|| anyhow::anyhow!("no reset link in {}", mail.body))
}
