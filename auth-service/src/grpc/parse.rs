//! Requests turned into the domain's typed input at the edge: ids, emails
//! and enums parsed here, so the domain never sees them as raw strings.
//! A field that does not parse is `INVALID_ARGUMENT` naming it.

use portal_common::email::Email;
use portal_common::ids::{OrganizationId, SiteId};
use portal_proto::auth::v1 as pb;

use super::convert;
use crate::domain::admin::ProvisionRequest;
use crate::domain::model::audit::EventKind;
use crate::error::{AuthError, FieldViolation};

/// A field parsed at the edge; its violation is `INVALID_ARGUMENT`.
pub fn field<T>(parsed: Result<T, FieldViolation>) -> Result<T, AuthError> {
    parsed.map_err(AuthError::from)
}

/// An email, required.
pub fn email(name: &str, raw: &str) -> Result<Email, AuthError> {
    field(Email::parse(raw, name))
}

/// An email filter: empty means none.
pub fn optional_email(name: &str, raw: &str) -> Result<Option<Email>, AuthError> {
    match raw.trim() {
        "" => Ok(None),
        typed => email(name, typed).map(Some),
    }
}

/// A kind of auth event by its stored name; empty means any.
pub fn event_kind_filter(name: &str, raw: &str) -> Result<Option<EventKind>, AuthError> {
    match raw {
        "" => Ok(None),
        kind => EventKind::from_name(kind)
            .map(Some)
            .ok_or_else(|| AuthError::invalid(name, "is not a kind of auth event")),
    }
}

impl TryFrom<pb::ProvisionUserRequest> for ProvisionRequest {
    type Error = AuthError;

    fn try_from(message: pb::ProvisionUserRequest) -> Result<Self, AuthError> {
        Ok(Self {
            email: email("email", &message.email)?,
            organization_id: field(OrganizationId::parse_optional(
                "organization_id",
                &message.organization_id,
            ))?,
            site_ids: message
                .site_ids
                .iter()
                .enumerate()
                .map(|(index, id)| field(SiteId::parse(&format!("site_ids[{index}]"), id)))
                .collect::<Result<_, _>>()?,
            roles: convert::roles_from_proto(&message.roles)?,
        })
    }
}
