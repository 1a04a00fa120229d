//! `Debug` for messages that carry secrets: the secret fields print as
//! `<redacted>`, so a logged request never leaks a password or token.

use std::fmt;

use crate::auth::v1::{
    AnswerSecurityQuestionsRequest, AnswerSecurityQuestionsResponse, ChangePasswordRequest,
    CheckPasswordResetTokenRequest, CompletePasswordResetRequest, LoginRequest, LoginResponse,
    SecurityAnswer, SetPasswordRequest, StartSecurityQuestionResetResponse, ValidateSessionRequest,
    VerifyEmailRequest,
};

const HIDDEN: &str = "<redacted>";

macro_rules! redacted_debug {
    ($message:ident { shown: [$($shown:ident),*], hidden: [$($hidden:ident),*] }) => {
        impl fmt::Debug for $message {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($message))
                    $(.field(stringify!($shown), &self.$shown))*
                    $(.field(stringify!($hidden), &HIDDEN))*
                    .finish()
            }
        }
    };
}

redacted_debug!(LoginRequest {
    shown: [email],
    hidden: [password]
});
redacted_debug!(LoginResponse {
    shown: [expires_at, scope, pending_steps, user, sites],
    hidden: [session_token]
});
redacted_debug!(ValidateSessionRequest {
    shown: [],
    hidden: [session_token]
});
redacted_debug!(ChangePasswordRequest {
    shown: [],
    hidden: [current_password, new_password]
});
redacted_debug!(SetPasswordRequest {
    shown: [],
    hidden: [new_password]
});
redacted_debug!(SecurityAnswer {
    shown: [question_id],
    hidden: [answer]
});
redacted_debug!(VerifyEmailRequest {
    shown: [],
    hidden: [code]
});
redacted_debug!(StartSecurityQuestionResetResponse {
    shown: [questions, expires_at],
    hidden: [reset_flow_id]
});
redacted_debug!(AnswerSecurityQuestionsRequest {
    shown: [answers],
    hidden: [reset_flow_id]
});
redacted_debug!(AnswerSecurityQuestionsResponse {
    shown: [expires_at],
    hidden: [reset_token]
});
redacted_debug!(CheckPasswordResetTokenRequest {
    shown: [],
    hidden: [reset_token]
});
redacted_debug!(CompletePasswordResetRequest {
    shown: [],
    hidden: [reset_token, new_password]
});

#[cfg(test)]
mod tests {
    use super::*;

    include!(concat!(env!("OUT_DIR"), "/secret_fields.rs"));

    #[test]
    fn every_secret_field_is_redacted() {
        let sentinel = "sentinel-7c1e9a";
        let samples = secret_debug_samples(sentinel);
        assert!(
            samples.len() >= 14,
            "the generated list is complete: {samples:?}"
        );
        let leaked: Vec<&str> = samples
            .iter()
            .filter(|(_, printed)| printed.contains(sentinel))
            .map(|(field, _)| *field)
            .collect();
        assert!(
            leaked.is_empty(),
            "shown by Debug: {leaked:?}; add the message to REDACTED in build.rs and to src/redacted.rs"
        );
    }

    #[test]
    fn secrets_do_not_print() {
        let login = LoginRequest {
            email: "jane@example.com".into(),
            password: "hunter2-hunter2".into(),
        };
        let printed = format!("{login:?}");
        assert!(printed.contains("jane@example.com"));
        assert!(!printed.contains("hunter2"));
        let answer = SecurityAnswer {
            question_id: "first-pet".into(),
            answer: "Rex".into(),
        };
        assert!(!format!("{answer:?}").contains("Rex"));
    }
}
