//! The texts of the emails the auth service sends.

use portal_common::mail::OutgoingMail;

pub fn account_locked(to: &str, lock_minutes: u64, public_url: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "ACCOUNT_LOCKED".into(),
        to: to.to_owned(),
        subject: "Your portal account has been locked".into(),
        body: format!(
            "Hello,\n\n\
             Your portal account was locked after repeated failed sign-in attempts.\n\
             It unlocks by itself after {lock_minutes} minutes.\n\n\
             If this was you, use the Forgot Password link to reset your password and unlock your account now:\n\
             {public_url}/forgot-password\n\n\
             If it was not you, someone may be trying to guess your password. Resetting it keeps your account safe.\n"
        ),
    }
}

pub fn password_changed(to: &str, public_url: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "PASSWORD_CHANGED".into(),
        to: to.to_owned(),
        subject: "Your portal password was changed".into(),
        body: format!(
            "Hello,\n\n\
             The password of your portal account was just changed, and your other sessions were signed out.\n\n\
             If you did not do this, reset your password at once:\n\
             {public_url}/forgot-password\n"
        ),
    }
}

pub fn verification_code(to: &str, code: &str, valid_minutes: u64) -> OutgoingMail {
    OutgoingMail {
        kind: "VERIFICATION_CODE".into(),
        to: to.to_owned(),
        subject: "Your portal verification code".into(),
        body: format!(
            "Hello,\n\n\
             Your verification code is: {code}\n\n\
             Enter it on the registration page within {valid_minutes} minutes. \
             If you did not ask for it, you can ignore this email.\n"
        ),
    }
}

/// The access email of a provisioned account (README, "First-time access").
pub fn access(
    to: &str,
    temporary_password: &str,
    public_url: &str,
    valid_minutes: u64,
) -> OutgoingMail {
    OutgoingMail {
        kind: "ACCESS".into(),
        to: to.to_owned(),
        subject: "Tracers with AMP Access".into(),
        body: format!(
            "Hello,\n\n\
             You have been given access to the Tracers with AMP portal.\n\n\
             Sign in at: {public_url}/login\n\
             Email: {to}\n\
             Temporary password: {temporary_password}\n\n\
             The temporary password expires within {valid_minutes} minutes after generating and can be used once. \
             If it has expired, click on the \"Forgot Password\" link on the login page to complete the registration.\n"
        ),
    }
}

pub fn password_reset(to: &str, token: &str, public_url: &str, valid_minutes: u64) -> OutgoingMail {
    OutgoingMail {
        kind: "PASSWORD_RESET".into(),
        to: to.to_owned(),
        subject: "Reset your portal password".into(),
        body: format!(
            "Hello,\n\n\
             Someone asked to reset the password of your portal account. To choose a new password, open:\n\
             {public_url}/reset-password#token={token}\n\n\
             The link works once, within {valid_minutes} minutes. If you did not ask for it, ignore this email: \
             your password stays as it is.\n"
        ),
    }
}
