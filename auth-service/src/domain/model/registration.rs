//! Which registration steps an account has done, read from what is stored.

/// How many questions each account answers.
pub const REQUIRED_ANSWERS: usize = 3;

/// The steps, in the order the portal shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationStep {
    Profile,
    SecurityQuestions,
    Password,
    EmailVerification,
    Terms,
}

impl RegistrationStep {
    pub const ALL: [RegistrationStep; 5] = [
        RegistrationStep::Profile,
        RegistrationStep::SecurityQuestions,
        RegistrationStep::Password,
        RegistrationStep::EmailVerification,
        RegistrationStep::Terms,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStep::Profile => "PROFILE",
            RegistrationStep::SecurityQuestions => "SECURITY_QUESTIONS",
            RegistrationStep::Password => "PASSWORD",
            RegistrationStep::EmailVerification => "EMAIL_VERIFICATION",
            RegistrationStep::Terms => "TERMS",
        }
    }
}

/// What an account has stored so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub first_name: String,
    pub last_name: String,
    pub answered_questions: Vec<String>,
    pub has_password: bool,
    pub email_verified: bool,
    pub accepted_terms_version: Option<String>,
}

impl Progress {
    pub fn is_done(&self, step: RegistrationStep, current_terms_version: &str) -> bool {
        match step {
            RegistrationStep::Profile => !self.first_name.is_empty() && !self.last_name.is_empty(),
            RegistrationStep::SecurityQuestions => {
                self.answered_questions.len() == REQUIRED_ANSWERS
            }
            RegistrationStep::Password => self.has_password,
            RegistrationStep::EmailVerification => self.email_verified,
            RegistrationStep::Terms => {
                self.accepted_terms_version.as_deref() == Some(current_terms_version)
            }
        }
    }

    pub fn pending(&self, current_terms_version: &str) -> Vec<RegistrationStep> {
        RegistrationStep::ALL
            .into_iter()
            .filter(|step| !self.is_done(*step, current_terms_version))
            .collect()
    }

    pub fn completed(&self, current_terms_version: &str) -> Vec<RegistrationStep> {
        RegistrationStep::ALL
            .into_iter()
            .filter(|step| self.is_done(*step, current_terms_version))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_account_has_every_step_pending() {
        assert_eq!(
            Progress::default().pending("v1"),
            RegistrationStep::ALL.to_vec()
        );
    }

    #[test]
    fn terms_count_only_for_the_current_version() {
        let progress = Progress {
            accepted_terms_version: Some("v1".into()),
            ..Progress::default()
        };
        assert!(progress.is_done(RegistrationStep::Terms, "v1"));
        assert!(!progress.is_done(RegistrationStep::Terms, "v2"));
    }

    #[test]
    fn a_complete_account_has_nothing_pending() {
        let progress = Progress {
            first_name: "Jane".into(),
            last_name: "Doe".into(),
            answered_questions: vec!["a".into(), "b".into(), "c".into()],
            has_password: true,
            email_verified: true,
            accepted_terms_version: Some("v1".into()),
        };
        assert!(progress.pending("v1").is_empty());
        assert_eq!(progress.completed("v1").len(), 5);
    }
}
