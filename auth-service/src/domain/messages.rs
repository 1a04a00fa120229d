//! The exact words users see. Clients and tests compare them literally.

pub const INVALID_CREDENTIALS: &str = "Invalid email and/or password.";

pub const ACCOUNT_LOCKED: &str = "The username or password is incorrect. Your account has been temporarily locked due to repeated failed login attempts. Use the Forgot Password link to reset your password and unlock your account.";

pub const TEMPORARY_PASSWORD_EXPIRED: &str = "The temporary password expires within 15 minutes after generating. Click on the \"Forgot Password\" link on the login page to complete the registration.";

pub const NO_SITES: &str = "There are no sites associated to your account. Please contact your Program Administrator or the License Owner within your organization for further assistance.";

pub const SESSION_INVALID: &str = "Your session has ended. Please sign in again.";

/// A registration session calling what needs a full one.
pub const FULL_SESSION_REQUIRED: &str =
    "Finish your registration before using this part of the portal.";

pub const CURRENT_PASSWORD_INCORRECT: &str = "The current password is incorrect.";

pub const OVERLOADED: &str = "The service is busy. Please try again in a moment.";

pub const REGISTRATION_SESSION_REQUIRED: &str =
    "This step is only available while completing your registration.";

pub const REGISTRATION_STEPS_MISSING: &str = "Some registration steps are not done yet.";

pub const VERIFICATION_CODE_INCORRECT: &str = "The verification code is incorrect.";

pub const VERIFICATION_CODE_EXPIRED: &str =
    "The verification code has expired or was replaced. Request a new code.";

pub const VERIFICATION_RESEND_TOO_SOON: &str =
    "A code was sent less than a minute ago. Please wait before asking for another.";

pub const VERIFICATION_TOO_MANY_SENDS: &str =
    "Too many codes were sent in the last hour. Please try again later.";

pub const TERMS_OUTDATED: &str =
    "These terms are not the current version. Please review the current terms.";

pub const NOT_AN_ADMINISTRATOR: &str = "You are not allowed to do this.";

pub const OTHER_ORGANIZATION: &str = "This belongs to another organization.";

pub const SECURITY_ANSWERS_INCORRECT: &str = "One or more answers are incorrect.";

pub const SECURITY_QUESTIONS_LOCKED: &str =
    "Too many incorrect answers. Try again later, or use the email option to reset your password.";

pub const RESET_FLOW_INVALID: &str = "This password reset has expired. Please start again.";

pub const RESET_TOKEN_INVALID: &str =
    "This password reset link is invalid or has expired. Please request a new one.";
