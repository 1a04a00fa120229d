//! Organisations and sites.

use super::AdminCaller;
use super::paging::{Page, decode_token, page_size, paginate};
use crate::domain::AuthDomain;
use crate::domain::model::admin::OrganizationRecord;
use crate::domain::model::audit::{AuditEvent, EventKind};
use crate::domain::model::{RequestContext, Site};
use crate::error::AuthError;
use crate::store::admin as store;
use portal_common::db::Connection;
use portal_common::ids::OrganizationId;
use portal_common::text::TextRule;

const MAX_NAME_CHARS: usize = 200;

/// An organisation's or a site's name: one line (see
/// `portal_common::text`).
fn parse_name(raw: &str, field: &str) -> Result<String, AuthError> {
    portal_common::text::parse(field, raw, TextRule::line(MAX_NAME_CHARS))
        .map_err(|violation| AuthError::InvalidArgument(vec![violation]))
}

impl AuthDomain {
    pub async fn create_organization(
        &self,
        caller: &AdminCaller,
        name: &str,
        context: &RequestContext,
    ) -> Result<OrganizationRecord, AuthError> {
        caller.require_platform_admin()?;
        let name = parse_name(name, "name")?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let organization = store::create_organization(&mut tx, &name, now)
            .await?
            .ok_or(AuthError::AlreadyExists("organization"))?;
        self.record_admin_event(
            &mut tx,
            caller,
            EventKind::OrganizationCreated,
            None,
            &organization.id,
            context,
        )
        .await?;
        tx.commit().await?;
        Ok(organization)
    }

    pub async fn create_site(
        &self,
        caller: &AdminCaller,
        organization_id: &OrganizationId,
        name: &str,
        context: &RequestContext,
    ) -> Result<Site, AuthError> {
        caller.require_platform_admin()?;
        let organization_id = organization_id.as_str();
        let name = parse_name(name, "name")?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        if !store::organization_exists(&mut tx, organization_id).await? {
            return Err(AuthError::NotFound("organization"));
        }
        let site = store::create_site(&mut tx, organization_id, &name, now)
            .await?
            .ok_or(AuthError::AlreadyExists("site"))?;
        self.record_admin_event(
            &mut tx,
            caller,
            EventKind::SiteCreated,
            None,
            &site.id,
            context,
        )
        .await?;
        tx.commit().await?;
        Ok(site)
    }

    /// Every organisation for a platform admin; the caller's own for others.
    pub async fn list_organizations(
        &self,
        caller: &AdminCaller,
        requested_size: i32,
        page_token: &str,
    ) -> Result<Page<OrganizationRecord>, AuthError> {
        let size = page_size(requested_size)?;
        let after = decode_token(page_token)?;
        let only = if caller.is_platform_admin() {
            None
        } else {
            caller.principal.account.organization_id.as_deref()
        };
        let organizations =
            store::organizations_page(self.db.pool(), only, &after, size + 1).await?;
        Ok(paginate(organizations, size, |organization| {
            organization.id.clone()
        }))
    }

    /// A platform admin names the organisation; others see their own.
    pub async fn list_sites(
        &self,
        caller: &AdminCaller,
        requested: Option<&OrganizationId>,
    ) -> Result<Vec<Site>, AuthError> {
        let requested = requested.map(OrganizationId::as_str);
        let organization_id = if caller.is_platform_admin() {
            requested
                .ok_or_else(|| AuthError::invalid("organization_id", "must not be empty"))?
                .to_owned()
        } else {
            if requested.is_some() {
                caller.require_organization(requested)?;
            }
            caller
                .principal
                .account
                .organization_id
                .clone()
                .unwrap_or_default()
        };
        Ok(store::sites_of(self.db.pool(), &organization_id).await?)
    }

    /// An audit row for an admin action: `user_id` is the account acted
    /// on (or the actor when none), `detail` names the actor and object.
    pub(crate) async fn record_admin_event(
        &self,
        conn: &mut Connection,
        caller: &AdminCaller,
        kind: EventKind,
        target: Option<(&str, &str)>,
        object: &str,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let actor = &caller.principal.account;
        let (user_id, email) = target.unwrap_or((&actor.id, actor.email.as_str()));
        let detail = format!("by {} ({}) {object}", actor.email, actor.id);
        crate::store::audit::record_by(
            conn,
            &AuditEvent {
                at: self.now(),
                kind,
                user_id: Some(user_id),
                email,
                context,
                detail: detail.trim_end(),
            },
            Some(&actor.id),
        )
        .await?;
        Ok(())
    }
}
