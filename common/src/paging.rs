//! Cursor paging shared by the services: page sizes and opaque tokens.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::status::FieldViolation;

pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 100;

/// One page of results and the token of the next (empty on the last page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_page_token: String,
}

/// 0 means the default; negative or above 100 is refused.
pub fn page_size(requested: i32) -> Result<i64, FieldViolation> {
    match i64::from(requested) {
        0 => Ok(DEFAULT_PAGE_SIZE),
        size if (1..=MAX_PAGE_SIZE).contains(&size) => Ok(size),
        _ => Err(FieldViolation::new(
            "page_size",
            "must be between 0 and 100",
        )),
    }
}

/// The position a token points after; empty for the first page.
pub fn decode_token(token: &str) -> Result<String, FieldViolation> {
    if token.is_empty() {
        return Ok(String::new());
    }
    // Positions are ids; a token that decodes to anything else was not ours.
    URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .filter(|position| uuid::Uuid::parse_str(position).is_ok())
        .ok_or_else(|| FieldViolation::new("page_token", "is not a token from a previous page"))
}

pub fn encode_token(position: &str) -> String {
    URL_SAFE_NO_PAD.encode(position)
}

/// Splits rows fetched with one extra into a page and the next token.
pub fn paginate<T>(mut rows: Vec<T>, size: i64, position: impl Fn(&T) -> String) -> Page<T> {
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let next_page_token = if rows.len() > size {
        rows.truncate(size);
        rows.last()
            .map(|last| encode_token(&position(last)))
            .unwrap_or_default()
    } else {
        String::new()
    };
    Page {
        items: rows,
        next_page_token,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_default_and_cap() {
        assert_eq!(page_size(0).ok(), Some(50));
        assert_eq!(page_size(100).ok(), Some(100));
        assert!(page_size(101).is_err());
        assert!(page_size(-1).is_err());
    }

    #[test]
    fn tokens_round_trip_and_garbage_is_refused() {
        let id = uuid::Uuid::now_v7().to_string();
        assert_eq!(decode_token(&encode_token(&id)).ok(), Some(id));
        assert!(decode_token(&encode_token("a\0b")).is_err());
        assert!(decode_token("!!!").is_err());
        assert_eq!(decode_token("").ok(), Some(String::new()));
    }

    #[test]
    fn the_extra_row_becomes_the_next_token() {
        let ids: Vec<String> = (0..3).map(|_| uuid::Uuid::now_v7().to_string()).collect();
        let page = paginate(ids.clone(), 2, String::clone);
        assert_eq!(page.items, ids[..2].to_vec());
        assert_eq!(
            decode_token(&page.next_page_token).ok(),
            Some(ids[1].clone())
        );
        assert!(
            paginate(vec![1, 2], 2, |n| n.to_string())
                .next_page_token
                .is_empty()
        );
    }
}
