//! Provisioning (README, "First-time access"): an INVITED account with a temporary password
//! emailed to its owner; re-sending issues a new one; the first operator is
//! bootstrapped the same way.

use portal_common::db::Connection;
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use super::AdminCaller;
use crate::domain::AuthDomain;
use crate::domain::credential_change::CredentialChange;
use crate::domain::mail_templates;
use crate::domain::model::audit::{AuditEvent, EventKind};
use crate::domain::model::credentials::NewUser;
use crate::domain::model::{Account, AccountState, RequestContext, Role};
use crate::error::{AuthError, FieldViolation, Reason};
use crate::store::{admin as admin_store, users};
use portal_common::email::Email;
use portal_common::ids::{OrganizationId, SiteId, UserId};

/// Letters and digits that cannot be mistaken for one another.
const TEMPORARY_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

/// What an administrator asked for.
#[derive(Debug, Clone)]
pub struct ProvisionRequest {
    pub email: Email,
    /// `None`: the caller's own organisation, or none for the operator.
    pub organization_id: Option<OrganizationId>,
    pub site_ids: Vec<SiteId>,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provisioned {
    pub user_id: String,
    /// False when the email already had an account.
    pub created: bool,
}

/// What `bootstrap-admin` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BootstrapOutcome {
    Created { user_id: String },
    AccessEmailResent { user_id: String },
    AlreadyActive { user_id: String },
}

/// 16 symbols from a 56-letter alphabet (about 93 bits), grouped by four.
fn new_temporary_password() -> SecretString {
    let mut rng = rand::rng();
    let symbols: Vec<char> = (0..16)
        .map(|_| char::from(TEMPORARY_ALPHABET[rng.random_range(0..TEMPORARY_ALPHABET.len())]))
        .collect();
    let groups: Vec<String> = symbols
        .chunks(4)
        .map(|group| group.iter().collect())
        .collect();
    SecretString::from(groups.join("-"))
}

impl AuthDomain {
    pub async fn provision_user(
        &self,
        caller: &AdminCaller,
        request: ProvisionRequest,
        context: &RequestContext,
    ) -> Result<Provisioned, AuthError> {
        let email = request.email;
        let organization_id = match request.organization_id {
            None if caller.is_platform_admin() => None,
            None => caller.principal.account.organization_id.clone(),
            Some(id) => Some(id.as_str().to_owned()),
        };
        let site_ids: Vec<String> = request
            .site_ids
            .iter()
            .map(|id| id.as_str().to_owned())
            .collect();
        caller.require_organization(organization_id.as_deref())?;
        let mut violations = Vec::new();
        for (index, role) in request.roles.iter().enumerate() {
            if !caller.may_grant(*role) {
                violations.push(FieldViolation::new(
                    format!("roles[{index}]"),
                    "only a platform administrator may grant this role",
                ));
            }
        }
        if organization_id.is_none()
            && (!site_ids.is_empty()
                || request
                    .roles
                    .iter()
                    .any(|r| matches!(r, Role::ProgramAdmin | Role::LicenseOwner)))
        {
            violations.push(FieldViolation::new(
                "organization_id",
                "is required for sites and organization roles",
            ));
        }
        if violations.iter().any(|v| v.field.starts_with("roles")) {
            return Err(AuthError::PermissionDenied {
                reason: Reason::RoleNotGrantable,
                message: "Only a platform administrator may grant staff roles.",
            });
        }
        if !violations.is_empty() {
            return Err(AuthError::InvalidArgument(violations));
        }

        let temporary = new_temporary_password();
        let temporary_hash = self.hasher.hash(temporary.clone()).await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        if let Some(organization_id) = &organization_id {
            if !admin_store::organization_exists(&mut tx, organization_id).await? {
                return Err(AuthError::NotFound("organization"));
            }
            for (index, site_id) in site_ids.iter().enumerate() {
                let site = admin_store::site(&mut tx, site_id).await?;
                if site.is_none_or(|site| &site.organization_id != organization_id) {
                    return Err(AuthError::invalid(
                        &format!("site_ids[{index}]"),
                        "is not a site of the organization",
                    ));
                }
            }
        }

        // Insert-or-keep in one statement, so two replicas provisioning the
        // same new email agree on one account instead of failing.
        let new_id = Uuid::now_v7().to_string();
        let created = users::insert_if_absent(
            &mut tx,
            &NewUser {
                id: &new_id,
                email: email.as_str(),
                organization_id: organization_id.as_deref(),
                first_name: "",
                last_name: "",
                state: AccountState::Invited,
                password_hash: None,
            },
            now,
        )
        .await?;
        let user_id = if created {
            users::set_temporary_password(&mut tx, &new_id, &temporary_hash, now).await?;
            let mail = mail_templates::access(
                email.as_str(),
                temporary.expose_secret(),
                &self.public_url,
                self.verification.temporary_password_minutes,
            );
            self.queue_mail(&mut tx, &mail).await?;
            new_id
        } else {
            let (mut account, _) = users::find_by_email(&mut tx, email.as_str())
                .await?
                .ok_or(AuthError::NotFound("user"))?;
            users::load_access(&mut tx, &mut account).await?;
            caller.require_account(&account)?;
            if account.organization_id != organization_id {
                return Err(AuthError::FailedPrecondition {
                    reason: Reason::UserInOtherOrganization,
                    message: "This email cannot be provisioned in this organization.".into(),
                    missing: Vec::new(),
                });
            }
            account.id
        };
        for role in &request.roles {
            users::add_role(&mut tx, &user_id, *role).await?;
        }
        for site_id in &site_ids {
            users::grant_site(&mut tx, &user_id, site_id, now).await?;
        }
        self.record_admin_event(
            &mut tx,
            caller,
            EventKind::UserProvisioned,
            Some((&user_id, email.as_str())),
            if created { "created" } else { "granted" },
            context,
        )
        .await?;
        tx.commit().await?;
        self.sessions_changed();
        self.mail.wake();
        Ok(Provisioned { user_id, created })
    }

    /// A fresh temporary password for an INVITED account; the old one stops
    /// working at once.
    pub async fn resend_access_email(
        &self,
        caller: &AdminCaller,
        user_id: &UserId,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let account = self.account_for(caller, user_id).await?;
        let mut tx = self.db.begin().await?;
        self.issue_access_email(&mut tx, &account).await?;
        self.record_admin_event(
            &mut tx,
            caller,
            EventKind::AccessEmailSent,
            Some((&account.id, account.email.as_str())),
            "",
            context,
        )
        .await?;
        tx.commit().await?;
        self.mail.wake();
        Ok(())
    }

    pub(crate) async fn issue_access_email(
        &self,
        conn: &mut Connection,
        account: &Account,
    ) -> Result<(), AuthError> {
        if account.state != AccountState::Invited {
            return Err(AuthError::FailedPrecondition {
                reason: Reason::AccountNotInvited,
                message: "Only accounts that have not completed registration get an access email."
                    .into(),
                missing: Vec::new(),
            });
        }
        let temporary = new_temporary_password();
        let hash = self.hasher.hash(temporary.clone()).await?;
        self.credentials_changed(conn, &account.id, CredentialChange::TemporaryPasswordIssued)
            .await?;
        users::set_temporary_password(conn, &account.id, &hash, self.now()).await?;
        let mail = mail_templates::access(
            account.email.as_str(),
            temporary.expose_secret(),
            &self.public_url,
            self.verification.temporary_password_minutes,
        );
        self.queue_mail(conn, &mail).await
    }

    /// `auth-service bootstrap-admin`: the first PLATFORM_ADMIN, INVITED,
    /// with an access email. Running it again re-sends the email.
    pub async fn bootstrap_admin(&self, email: &Email) -> Result<BootstrapOutcome, AuthError> {
        let context = RequestContext {
            client_ip: String::new(),
            user_agent: "auth-service bootstrap-admin".into(),
            deadline: None,
        };
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let outcome = match users::find_by_email(&mut tx, email.as_str()).await? {
            Some((account, _)) if account.state == AccountState::Invited => {
                users::add_role(&mut tx, &account.id, Role::PlatformAdmin).await?;
                self.issue_access_email(&mut tx, &account).await?;
                BootstrapOutcome::AccessEmailResent {
                    user_id: account.id,
                }
            }
            // An operator who finished registering: nothing to send. Any
            // other account (disabled, or a customer's) is not made an
            // operator behind its organisation's back.
            Some((account, _))
                if account.state == AccountState::Active && account.organization_id.is_none() =>
            {
                users::add_role(&mut tx, &account.id, Role::PlatformAdmin).await?;
                BootstrapOutcome::AlreadyActive {
                    user_id: account.id,
                }
            }
            Some(_) => {
                return Err(AuthError::FailedPrecondition {
                    reason: Reason::NotBootstrappable,
                    message:
                        "This email belongs to a disabled account or to an organization's account."
                            .into(),
                    missing: Vec::new(),
                });
            }
            None => {
                let id = Uuid::now_v7().to_string();
                users::insert(
                    &mut tx,
                    &NewUser {
                        id: &id,
                        email: email.as_str(),
                        organization_id: None,
                        first_name: "",
                        last_name: "",
                        state: AccountState::Invited,
                        password_hash: None,
                    },
                    now,
                )
                .await?;
                users::add_role(&mut tx, &id, Role::PlatformAdmin).await?;
                let (account, _) = users::find_by_id(&mut tx, &id)
                    .await?
                    .ok_or(AuthError::NotFound("user"))?;
                self.issue_access_email(&mut tx, &account).await?;
                BootstrapOutcome::Created { user_id: id }
            }
        };
        let (user_id, detail) = match &outcome {
            BootstrapOutcome::Created { user_id } => (user_id.clone(), "bootstrap-admin: created"),
            BootstrapOutcome::AccessEmailResent { user_id } => {
                (user_id.clone(), "bootstrap-admin: access email re-sent")
            }
            BootstrapOutcome::AlreadyActive { user_id } => {
                (user_id.clone(), "bootstrap-admin: already active")
            }
        };

        crate::store::audit::record(
            &mut tx,
            &AuditEvent {
                at: now,
                kind: EventKind::AccessEmailSent,
                user_id: Some(&user_id),
                email: email.as_str(),
                context: &context,
                detail,
            },
        )
        .await?;
        tx.commit().await?;
        self.mail.wake();
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_passwords_are_long_random_and_unambiguous() {
        let first = new_temporary_password();
        let text = first.expose_secret();
        assert_eq!(text.chars().count(), 19);
        assert!(
            text.chars()
                .filter(|c| *c != '-')
                .all(|c| TEMPORARY_ALPHABET.contains(&(c as u8)))
        );
        assert_ne!(text, new_temporary_password().expose_secret());
    }
}
