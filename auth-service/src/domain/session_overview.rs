//! "Who am I" (`GetSession`): the caller's own principal with its sites and
//! organisation by name, for the portal's pages.

use super::AuthDomain;
use super::model::{Principal, Site};
use crate::error::AuthError;
use crate::store::organizations;

/// What `GetSession` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOverview {
    pub principal: Principal,
    /// Granted sites, by name.
    pub sites: Vec<Site>,
    /// Empty for staff without an organisation.
    pub organization_name: String,
}

impl AuthDomain {
    /// The session behind `token`, of either scope; `SessionInvalid` when
    /// there is none.
    pub async fn session_overview(&self, token: &str) -> Result<SessionOverview, AuthError> {
        let principal = self.validate_session(token).await?;
        let mut conn = self.db.pool().acquire().await?;
        let sites = organizations::granted_sites(&mut conn, &principal.account.id).await?;
        let organization_name = match &principal.account.organization_id {
            Some(id) => organizations::organization_name(&mut conn, id)
                .await?
                .unwrap_or_default(),
            None => String::new(),
        };
        Ok(SessionOverview {
            principal,
            sites,
            organization_name,
        })
    }
}
