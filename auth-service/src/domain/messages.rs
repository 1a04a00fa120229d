//! The exact words users see. Clients and tests compare them literally.

pub const INVALID_CREDENTIALS: &str = "Invalid email and/or password.";

pub const ACCOUNT_LOCKED: &str = "The username or password is incorrect. Your account has been temporarily locked due to repeated failed login attempts. Use the Forgot Password link to reset your password and unlock your account.";

pub const TEMPORARY_PASSWORD_EXPIRED: &str = "The temporary password expires within 15 minutes after generating. Click on the \"Forgot Password\" link on the login page to complete the registration.";

pub const NO_SITES: &str = "There are no sites associated to your account. Please contact your Program Administrator or the License Owner within your organization for further assistance.";

pub const SESSION_INVALID: &str = "Your session has ended. Please sign in again.";

pub const REGISTRATION_INCOMPLETE: &str =
    "Finish your registration before using this part of the portal.";

pub const CURRENT_PASSWORD_INCORRECT: &str = "The current password is incorrect.";

pub const OVERLOADED: &str = "The service is busy. Please try again in a moment.";
