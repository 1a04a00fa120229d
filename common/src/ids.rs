//! Ids as the services issue them (UUIDs), checked at the edge: anything
//! else — empty, made up, or carrying bytes a database refuses (NUL) — is
//! the caller's mistake, not a lookup to run.

use uuid::Uuid;

use crate::status::FieldViolation;

/// `raw` as a canonical id, or a violation of `field`.
pub fn parse(field: &str, raw: &str) -> Result<String, FieldViolation> {
    Uuid::parse_str(raw.trim())
        .map(|id| id.to_string())
        .map_err(|_| FieldViolation::new(field, "is not an id"))
}

/// Like [`parse`], but empty means "none given".
pub fn parse_optional(field: &str, raw: &str) -> Result<Option<String>, FieldViolation> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(field, raw).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uuids_are_ids() {
        let id = Uuid::now_v7().to_string();
        assert_eq!(parse("user_id", &id).ok(), Some(id.clone()));
        assert_eq!(parse("user_id", &id.to_uppercase()).ok(), Some(id));
        for bad in ["", "abc", "a\0b", "SUP-7K2M9QXD"] {
            assert!(parse("user_id", bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_optional("user_id", " ").ok(), Some(None));
    }
}
