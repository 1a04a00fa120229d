//! Accounts created by an operator (`auth-service user create`).

use secrecy::SecretString;
use uuid::Uuid;

use super::AuthDomain;
use super::model::audit::{AuditEvent, EventKind};
use super::model::{AccountState, RequestContext, Role};
use crate::domain::model::credentials::NewUser;
use crate::error::AuthError;
use crate::store::{organizations, users};
use portal_common::email::Email;

/// What the operator asked for.
#[derive(Debug)]
pub struct NewAccount {
    pub email: Email,
    pub password: SecretString,
    pub first_name: String,
    pub last_name: String,
    /// Created when missing. Required when `sites` is not empty.
    pub organization: Option<String>,
    /// Site names inside `organization`, created when missing.
    pub sites: Vec<String>,
    pub roles: Vec<Role>,
}

impl AuthDomain {
    /// Creates an `ACTIVE` account with a password that meets the policy.
    /// Returns the new user id.
    pub async fn create_account(&self, new: NewAccount) -> Result<String, AuthError> {
        let email = new.email.clone();
        let violations = self.policy.violations(&new.password, &email, "password");
        if !violations.is_empty() {
            return Err(AuthError::InvalidArgument(violations));
        }
        let organization = new
            .organization
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty());
        if organization.is_none() && !new.sites.is_empty() {
            return Err(AuthError::invalid(
                "organization",
                "is required when sites are given",
            ));
        }
        let organisation_role = new
            .roles
            .iter()
            .any(|role| matches!(role, Role::ProgramAdmin | Role::LicenseOwner));
        if organization.is_none() && organisation_role {
            return Err(AuthError::invalid(
                "organization",
                "is required for PROGRAM_ADMIN and LICENSE_OWNER",
            ));
        }
        if new.sites.iter().any(|site| site.trim().is_empty()) {
            return Err(AuthError::invalid("site", "must not be empty"));
        }
        let password_hash = self.hasher.hash(new.password).await?;
        let now = self.now();
        let id = Uuid::now_v7().to_string();
        let mut tx = self.db.begin().await?;
        if users::email_exists(&mut tx, email.as_str()).await? {
            return Err(AuthError::AlreadyExists("user"));
        }
        let organization_id = match organization {
            Some(name) => Some(organizations::ensure_organization(&mut tx, name, now).await?),
            None => None,
        };
        users::insert(
            &mut tx,
            &NewUser {
                id: &id,
                email: email.as_str(),
                organization_id: organization_id.as_deref(),
                first_name: new.first_name.trim(),
                last_name: new.last_name.trim(),
                state: AccountState::Active,
                password_hash: Some(&password_hash),
            },
            now,
        )
        .await?;
        for role in &new.roles {
            users::add_role(&mut tx, &id, *role).await?;
        }
        if let Some(organization_id) = &organization_id {
            for site in &new.sites {
                let site_id =
                    organizations::ensure_site(&mut tx, organization_id, site.trim(), now).await?;
                users::grant_site(&mut tx, &id, &site_id, now).await?;
            }
        }
        crate::store::audit::record(
            &mut tx,
            &AuditEvent {
                at: now,
                kind: EventKind::UserCreated,
                user_id: Some(&id),
                email: email.as_str(),
                context: &RequestContext {
                    client_ip: String::new(),
                    user_agent: "auth-service user create".into(),
                    deadline: None,
                },
                detail: "",
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }
}
