//! The security-question catalogue and how answers are normalised.

use unicode_normalization::UnicodeNormalization;

/// One question users can pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityQuestion {
    pub id: &'static str,
    pub text: &'static str,
}

/// Ids are stable: stored answers refer to them.
pub const CATALOGUE: &[SecurityQuestion] = &[
    SecurityQuestion {
        id: "first-pet",
        text: "What was the name of your first pet?",
    },
    SecurityQuestion {
        id: "childhood-street",
        text: "On which street did you live as a child?",
    },
    SecurityQuestion {
        id: "first-school",
        text: "What was the name of your first school?",
    },
    SecurityQuestion {
        id: "mother-birthplace",
        text: "In which town was your mother born?",
    },
    SecurityQuestion {
        id: "first-concert",
        text: "Which artist did you see at your first concert?",
    },
    SecurityQuestion {
        id: "childhood-friend",
        text: "What was the first name of your childhood best friend?",
    },
    SecurityQuestion {
        id: "first-job",
        text: "What was your first job?",
    },
    SecurityQuestion {
        id: "favourite-teacher",
        text: "What was the surname of your favourite teacher?",
    },
    SecurityQuestion {
        id: "first-car",
        text: "What was the make of your first car?",
    },
    SecurityQuestion {
        id: "parents-meeting",
        text: "In which city did your parents meet?",
    },
    SecurityQuestion {
        id: "favourite-book",
        text: "What is the title of your favourite childhood book?",
    },
    SecurityQuestion {
        id: "grandparent-name",
        text: "What was your oldest grandparent's first name?",
    },
];

pub use crate::domain::model::registration::REQUIRED_ANSWERS;
pub const MAX_ANSWER_CHARS: usize = 100;

pub fn find(id: &str) -> Option<&'static SecurityQuestion> {
    CATALOGUE.iter().find(|question| question.id == id)
}

/// Case-folded, Unicode NFC, runs of whitespace collapsed to one space,
/// trimmed: "  Rex   the DOG " and "rex the dog" are the same answer.
pub fn normalise_answer(answer: &str) -> String {
    let composed: String = answer.nfc().collect();
    composed
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_at_least_ten_distinct_questions() {
        assert!(CATALOGUE.len() >= 10);
        let mut ids: Vec<_> = CATALOGUE.iter().map(|q| q.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CATALOGUE.len());
    }

    #[test]
    fn answers_are_case_folded_and_whitespace_collapsed() {
        assert_eq!(normalise_answer("  Rex   the\tDOG \n"), "rex the dog");
        assert_eq!(
            normalise_answer("Ame\u{301}lie"),
            normalise_answer("am\u{e9}lie")
        );
        assert_eq!(normalise_answer(" \t "), "");
    }
}
