//! What goes into the audit trail.

use portal_common::UtcTime;

use super::model::RequestContext;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    LoginSucceeded,
    LoginFailed,
    /// An attempt refused without verification because the account is locked.
    LoginRefusedLocked,
    AccountLocked,
    LoginNoSites,
    Logout,
    SessionRevoked,
    PasswordChanged,
    UserCreated,
    RegistrationProfile,
    RegistrationSecurityQuestions,
    RegistrationPassword,
    RegistrationEmailVerified,
    RegistrationTerms,
    RegistrationCompleted,
    VerificationCodeSent,
    VerificationCodeRejected,
    UserProvisioned,
    AccessEmailSent,
    OrganizationCreated,
    SiteCreated,
    SiteAccessGranted,
    SiteAccessRevoked,
    AccountUnlocked,
    UserDisabled,
    ResetAnswersRejected,
    ResetTokenIssued,
    PasswordReset,
    /// A support agent looked the account (or the email) up.
    AccountLookedUp,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::LoginSucceeded => "LOGIN_SUCCEEDED",
            EventKind::LoginFailed => "LOGIN_FAILED",
            EventKind::LoginRefusedLocked => "LOGIN_REFUSED_LOCKED",
            EventKind::AccountLocked => "ACCOUNT_LOCKED",
            EventKind::LoginNoSites => "LOGIN_NO_SITES",
            EventKind::Logout => "LOGOUT",
            EventKind::SessionRevoked => "SESSION_REVOKED",
            EventKind::PasswordChanged => "PASSWORD_CHANGED",
            EventKind::UserCreated => "USER_CREATED",
            EventKind::RegistrationProfile => "REGISTRATION_PROFILE",
            EventKind::RegistrationSecurityQuestions => "REGISTRATION_SECURITY_QUESTIONS",
            EventKind::RegistrationPassword => "REGISTRATION_PASSWORD",
            EventKind::RegistrationEmailVerified => "REGISTRATION_EMAIL_VERIFIED",
            EventKind::RegistrationTerms => "REGISTRATION_TERMS",
            EventKind::RegistrationCompleted => "REGISTRATION_COMPLETED",
            EventKind::VerificationCodeSent => "VERIFICATION_CODE_SENT",
            EventKind::VerificationCodeRejected => "VERIFICATION_CODE_REJECTED",
            EventKind::UserProvisioned => "USER_PROVISIONED",
            EventKind::AccessEmailSent => "ACCESS_EMAIL_SENT",
            EventKind::OrganizationCreated => "ORGANIZATION_CREATED",
            EventKind::SiteCreated => "SITE_CREATED",
            EventKind::SiteAccessGranted => "SITE_ACCESS_GRANTED",
            EventKind::SiteAccessRevoked => "SITE_ACCESS_REVOKED",
            EventKind::AccountUnlocked => "ACCOUNT_UNLOCKED",
            EventKind::UserDisabled => "USER_DISABLED",
            EventKind::ResetAnswersRejected => "RESET_ANSWERS_REJECTED",
            EventKind::ResetTokenIssued => "RESET_TOKEN_ISSUED",
            EventKind::AccountLookedUp => "ACCOUNT_LOOKED_UP",
            EventKind::PasswordReset => "PASSWORD_RESET",
        }
    }
}

/// One row of the trail.
#[derive(Debug)]
pub struct AuditEvent<'a> {
    pub at: UtcTime,
    pub kind: EventKind,
    pub user_id: Option<&'a str>,
    /// The email as typed and normalised; empty when not relevant.
    pub email: &'a str,
    pub context: &'a RequestContext,
    pub detail: &'a str,
}
