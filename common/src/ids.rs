//! Ids as the services issue them (UUIDs), parsed at the edge into a type
//! per kind of thing: anything else — empty, made up, or carrying bytes a
//! database refuses (NUL) — is the caller's mistake, not a lookup to run,
//! and a user's id cannot be passed where a site's is expected.

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

/// Declares id newtypes parsed with [`parse`].
macro_rules! id_types {
    ($($(#[$doc:meta])* $name:ident,)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// `raw` as a canonical id, or a violation of `field`.
            pub fn parse(field: &str, raw: &str) -> Result<Self, FieldViolation> {
                parse(field, raw).map(Self)
            }

            /// Like [`Self::parse`], but empty means "none given".
            pub fn parse_optional(field: &str, raw: &str) -> Result<Option<Self>, FieldViolation> {
                parse_optional(field, raw).map(|id| id.map(Self))
            }

            /// The id in its canonical (lower-case, hyphenated) form.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

id_types! {
    /// An account.
    UserId,
    /// An organisation.
    OrganizationId,
    /// A site of an organisation.
    SiteId,
    /// A session (its id, not its token).
    SessionId,
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

    #[test]
    fn each_kind_of_id_parses_into_its_own_type() {
        let raw = Uuid::now_v7().to_string();
        let site = SiteId::parse("site_id", &raw.to_uppercase());
        assert_eq!(site.as_ref().map(SiteId::as_str), Ok(raw.as_str()));
        assert_eq!(
            UserId::parse("user_id", "nobody").map_err(|v| v.field),
            Err("user_id".to_owned())
        );
        assert_eq!(
            OrganizationId::parse_optional("organization_id", ""),
            Ok(None)
        );
    }
}
