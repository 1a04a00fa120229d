//! Free text as both services accept it, read one way: Unicode NFC, a line
//! with its whitespace runs collapsed or a message with its line breaks
//! made `\n`, then checked for emptiness, length (in characters) and
//! control characters. Names, subjects, messages, notes, search queries
//! and organisation names all go through [`parse`], so the same input is
//! accepted or refused the same way everywhere.

use unicode_normalization::UnicodeNormalization;

use crate::status::FieldViolation;

/// How a field's text is shaped before it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One line: whitespace runs (newlines included) become one space,
    /// and the ends are trimmed.
    Line,
    /// A message: trimmed, `\r\n` and a lone `\r` become `\n`; newlines
    /// and tabs are the only control characters allowed.
    Message,
}

/// What a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    pub shape: Shape,
    /// Longest accepted, in characters (Unicode scalar values), after
    /// shaping.
    pub max_chars: usize,
    /// Empty (after shaping) is a violation.
    pub required: bool,
}

impl TextRule {
    /// A required single line of at most `max_chars`.
    pub const fn line(max_chars: usize) -> Self {
        Self {
            shape: Shape::Line,
            max_chars,
            required: true,
        }
    }

    /// A required message of at most `max_chars`.
    pub const fn message(max_chars: usize) -> Self {
        Self {
            shape: Shape::Message,
            max_chars,
            required: true,
        }
    }

    /// The same rule, empty allowed.
    pub const fn optional(self) -> Self {
        Self {
            required: false,
            ..self
        }
    }
}

/// `raw` shaped by `rule`, or what is wrong with it as a violation of
/// `field`.
pub fn parse(field: &str, raw: &str, rule: TextRule) -> Result<String, FieldViolation> {
    let composed: String = raw.nfc().collect();
    let text = match rule.shape {
        Shape::Line => composed.split_whitespace().collect::<Vec<_>>().join(" "),
        Shape::Message => composed.trim().replace("\r\n", "\n").replace('\r', "\n"),
    };
    if rule.required && text.is_empty() {
        return Err(FieldViolation::new(field, "must not be empty"));
    }
    if text.chars().count() > rule.max_chars {
        return Err(FieldViolation::new(
            field,
            format!("must be at most {} characters", rule.max_chars),
        ));
    }
    let allowed = |c: char| rule.shape == Shape::Message && (c == '\n' || c == '\t');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(FieldViolation::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(text)
}

/// A person's name: a required line of at most `max_chars` holding at
/// least one letter (an emoji-only or punctuation-only "name" names
/// nobody).
pub fn person_name(field: &str, raw: &str, max_chars: usize) -> Result<String, FieldViolation> {
    let name = parse(field, raw, TextRule::line(max_chars))?;
    if !name.chars().any(char::is_alphabetic) {
        return Err(FieldViolation::new(field, "must contain a letter"));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn description(result: Result<String, FieldViolation>) -> String {
        result.err().map(|v| v.description).unwrap_or_default()
    }

    #[test]
    fn a_line_collapses_whitespace_and_composes_unicode() {
        assert_eq!(
            parse("name", "  Zoe\u{308}  \n Ann\t", TextRule::line(100)),
            Ok("Zo\u{eb} Ann".to_owned())
        );
    }

    #[test]
    fn a_message_keeps_its_lines_and_makes_every_break_a_newline() {
        assert_eq!(
            parse(
                "body",
                " one\r\ntwo\rthree\n\tfour ",
                TextRule::message(100)
            ),
            Ok("one\ntwo\nthree\n\tfour".to_owned())
        );
    }

    #[test]
    fn the_same_control_characters_are_refused_everywhere() {
        for rule in [TextRule::line(100), TextRule::message(100)] {
            assert_eq!(
                description(parse("f", "a\u{7}b", rule)),
                "must not contain control characters"
            );
            assert_eq!(
                description(parse("f", "a\u{1b}[31mb", rule)),
                "must not contain control characters"
            );
        }
    }

    #[test]
    fn length_counts_characters_after_shaping() {
        assert!(parse("f", &"é".repeat(10), TextRule::line(10)).is_ok());
        assert_eq!(
            description(parse("f", &"é".repeat(11), TextRule::line(10))),
            "must be at most 10 characters"
        );
        assert!(parse("f", &format!("  {}  ", "a".repeat(10)), TextRule::line(10)).is_ok());
    }

    #[test]
    fn empty_is_refused_only_when_required() {
        assert_eq!(
            description(parse("f", " \n ", TextRule::message(10))),
            "must not be empty"
        );
        assert_eq!(
            parse("f", " \n ", TextRule::message(10).optional()),
            Ok(String::new())
        );
    }

    #[test]
    fn a_name_needs_a_letter() {
        assert!(person_name("name", "李", 100).is_ok());
        for nobody in ["🙂", "...", "12"] {
            assert_eq!(
                description(person_name("name", nobody, 100)),
                "must contain a letter"
            );
        }
    }
}
