//! The admin API's rules: who may act where. PLATFORM_ADMIN acts
//! everywhere; PROGRAM_ADMIN and LICENSE_OWNER only inside their own
//! organisation, and may not hand out staff roles.

mod organizations;
mod paging;
mod provisioning;
mod users;

pub use paging::Page;
pub use provisioning::{BootstrapOutcome, ProvisionRequest, Provisioned};
pub use users::{EventSearch, UserDetails, UserSearch};

use super::AuthDomain;
use super::messages;
use super::model::{Account, Principal, Role};
use crate::error::{AuthError, Reason};

/// A caller whose FULL session holds an administrative role.
#[derive(Debug, Clone)]
pub struct AdminCaller {
    pub principal: Principal,
}

impl AdminCaller {
    pub fn is_platform_admin(&self) -> bool {
        self.principal.account.roles.contains(&Role::PlatformAdmin)
    }

    fn own_organization(&self) -> Option<&str> {
        self.principal.account.organization_id.as_deref()
    }

    pub fn require_platform_admin(&self) -> Result<(), AuthError> {
        if self.is_platform_admin() {
            Ok(())
        } else {
            Err(denied())
        }
    }

    /// May the caller act inside `organization_id` (`None`: platform staff,
    /// who belong to no organisation)?
    pub fn require_organization(&self, organization_id: Option<&str>) -> Result<(), AuthError> {
        if self.is_platform_admin() {
            return Ok(());
        }
        match (self.own_organization(), organization_id) {
            (Some(own), Some(target)) if own == target => Ok(()),
            _ => Err(AuthError::PermissionDenied {
                reason: Reason::OtherOrganization,
                message: messages::OTHER_ORGANIZATION,
            }),
        }
    }

    /// Organisation administrators act on their organisation's accounts,
    /// but never on platform staff, even staff listed in it.
    pub fn require_account(&self, account: &Account) -> Result<(), AuthError> {
        self.require_organization(account.organization_id.as_deref())?;
        let staff = account
            .roles
            .iter()
            .any(|role| matches!(role, Role::PlatformAdmin | Role::SupportAgent));
        if staff && !self.is_platform_admin() {
            return Err(AuthError::PermissionDenied {
                reason: Reason::StaffAccount,
                message: messages::NOT_AN_ADMINISTRATOR,
            });
        }
        Ok(())
    }

    /// Staff roles are the platform's to give.
    pub fn may_grant(&self, role: Role) -> bool {
        self.is_platform_admin() || matches!(role, Role::ProgramAdmin | Role::LicenseOwner)
    }
}

fn denied() -> AuthError {
    AuthError::PermissionDenied {
        reason: Reason::NotAnAdministrator,
        message: messages::NOT_AN_ADMINISTRATOR,
    }
}

impl AuthDomain {
    /// The caller behind `token`, if their FULL session holds an admin role.
    pub async fn require_admin(&self, token: &str) -> Result<AdminCaller, AuthError> {
        let principal = self.require_full_session(token).await?;
        let admin = principal.account.roles.iter().any(|role| {
            matches!(
                role,
                Role::PlatformAdmin | Role::ProgramAdmin | Role::LicenseOwner
            )
        });
        if !admin {
            return Err(denied());
        }
        let caller = AdminCaller { principal };
        // An organisation administrator without an organisation administers
        // nothing (and must never fall through to "every organisation").
        if !caller.is_platform_admin() && caller.own_organization().is_none() {
            return Err(denied());
        }
        Ok(caller)
    }
}
