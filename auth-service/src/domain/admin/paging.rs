//! Cursor paging for the admin lists (see `portal_common::paging`), with
//! its violations as `AuthError`.

pub use portal_common::paging::{Page, paginate};

use crate::error::AuthError;

pub fn page_size(requested: i32) -> Result<i64, AuthError> {
    portal_common::paging::page_size(requested)
        .map_err(|violation| AuthError::InvalidArgument(vec![violation]))
}

pub fn decode_token(token: &str) -> Result<String, AuthError> {
    portal_common::paging::decode_token(token)
        .map_err(|violation| AuthError::InvalidArgument(vec![violation]))
}
