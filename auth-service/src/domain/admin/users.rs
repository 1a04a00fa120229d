//! Acting on accounts: site access, unlock, disable, and reading them.

use super::paging::{decode_token, page_size, paginate};
use super::{AdminCaller, Page};
use crate::domain::AuthDomain;
use crate::domain::audit::EventKind;
use crate::domain::credential_change::CredentialChange;
use crate::domain::email::Email;
use crate::domain::model::{Account, RequestContext, Site};
use crate::domain::tokens;
use crate::error::AuthError;
use crate::store::admin::{self as store, EventRecord};
use crate::store::{organizations, sessions, throttle, users};
use portal_common::UtcTime;

/// What `GetUser` shows.
#[derive(Debug, Clone)]
pub struct UserDetails {
    pub account: Account,
    pub sites: Vec<Site>,
    pub locked_until: Option<UtcTime>,
    pub created_at: UtcTime,
}

impl AuthDomain {
    /// The account `user_id`, if the caller may act on it.
    pub(crate) async fn account_for(
        &self,
        caller: &AdminCaller,
        user_id: &str,
    ) -> Result<Account, AuthError> {
        let user_id = &crate::error::parse_id("user_id", user_id)?;
        let mut conn = self.db.pool().acquire().await?;
        let (account, _) = users::find_by_id(&mut conn, user_id)
            .await?
            .ok_or(AuthError::NotFound("user"))?;
        caller.require_account(&account)?;
        Ok(account)
    }

    pub async fn grant_site_access(
        &self,
        caller: &AdminCaller,
        user_id: &str,
        site_id: &str,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let account = self.account_for(caller, user_id).await?;
        let mut tx = self.db.begin().await?;
        let site = store::site(&mut tx, site_id)
            .await?
            .ok_or(AuthError::NotFound("site"))?;
        caller.require_organization(Some(&site.organization_id))?;
        if account.organization_id.as_deref() != Some(site.organization_id.as_str()) {
            return Err(AuthError::invalid(
                "site_id",
                "is not a site of the user's organization",
            ));
        }
        users::grant_site(&mut tx, &account.id, &site.id, self.now()).await?;
        self.record_admin_event(
            &mut tx,
            caller,
            EventKind::SiteAccessGranted,
            Some((&account.id, &account.email)),
            &site.id,
            context,
        )
        .await?;
        tx.commit().await?;
        self.sessions_changed();
        Ok(())
    }

    pub async fn revoke_site_access(
        &self,
        caller: &AdminCaller,
        user_id: &str,
        site_id: &str,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let site_id = crate::error::parse_id("site_id", site_id)?;
        let account = self.account_for(caller, user_id).await?;
        let mut tx = self.db.begin().await?;
        if !store::revoke_site(&mut tx, &account.id, &site_id).await? {
            return Err(AuthError::NotFound("site grant"));
        }
        self.record_admin_event(
            &mut tx,
            caller,
            EventKind::SiteAccessRevoked,
            Some((&account.id, &account.email)),
            &site_id,
            context,
        )
        .await?;
        tx.commit().await?;
        self.sessions_changed();
        Ok(())
    }

    /// Lifts a lock and clears the failure count.
    pub async fn unlock_account(
        &self,
        caller: &AdminCaller,
        user_id: &str,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let account = self.account_for(caller, user_id).await?;
        let email = Email::parse(&account.email, "email")?;
        let key = tokens::email_key(&self.email_key, &email);
        throttle::reset(&mut *self.db.write_connection().await?, &key, self.now()).await?;
        let mut tx = self.db.begin().await?;
        self.record_admin_event(
            &mut tx,
            caller,
            EventKind::AccountUnlocked,
            Some((&account.id, &account.email)),
            "",
            context,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// No more sign-ins, and every session ends now.
    pub async fn disable_user(
        &self,
        caller: &AdminCaller,
        user_id: &str,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let account = self.account_for(caller, user_id).await?;
        let now = self.now();
        let mut tx = self.db.begin().await?;
        self.credentials_changed(&mut tx, &account.id, CredentialChange::Disabled)
            .await?;
        store::disable_user(&mut tx, &account.id, now).await?;
        sessions::revoke_all_except(&mut tx, &account.id, None, now).await?;
        self.record_admin_event(
            &mut tx,
            caller,
            EventKind::UserDisabled,
            Some((&account.id, &account.email)),
            "",
            context,
        )
        .await?;
        tx.commit().await?;
        self.sessions_changed();
        Ok(())
    }

    pub async fn get_user(
        &self,
        caller: &AdminCaller,
        user_id: &str,
    ) -> Result<UserDetails, AuthError> {
        let account = self.account_for(caller, user_id).await?;
        let email = Email::parse(&account.email, "email")?;
        let now = self.now();
        let locked_until = throttle::locked_until(
            self.db.pool(),
            &tokens::email_key(&self.email_key, &email),
            now,
        )
        .await?;
        let mut conn = self.db.pool().acquire().await?;
        let sites = organizations::granted_sites(&mut conn, &account.id).await?;
        drop(conn);
        let created_at = store::user_created_at(self.db.pool(), &account.id).await?;
        Ok(UserDetails {
            account,
            sites,
            locked_until,
            created_at,
        })
    }

    /// Accounts in id (creation) order; a platform admin may filter by
    /// organisation, others see their own organisation only.
    pub async fn list_users(
        &self,
        caller: &AdminCaller,
        organization_id: &str,
        requested_size: i32,
        page_token: &str,
    ) -> Result<Page<Account>, AuthError> {
        let size = page_size(requested_size)?;
        let after = decode_token(page_token)?;
        let requested = crate::error::parse_optional_id("organization_id", organization_id)?;
        let organization = if caller.is_platform_admin() {
            requested
        } else {
            if requested.is_some() {
                caller.require_organization(requested.as_deref())?;
            }
            caller.principal.account.organization_id.clone()
        };
        let ids =
            store::user_ids_page(self.db.pool(), organization.as_deref(), &after, size + 1).await?;
        let mut accounts = Vec::with_capacity(ids.len());
        let mut conn = self.db.pool().acquire().await?;
        for id in ids {
            if let Some((account, _)) = users::find_by_id(&mut conn, &id).await? {
                accounts.push(account);
            }
        }
        Ok(paginate(accounts, size, |account| account.id.clone()))
    }

    /// The audit trail, newest first; organisation admins see the events of
    /// their organisation's accounts only.
    pub async fn list_auth_events(
        &self,
        caller: &AdminCaller,
        user_id: &str,
        requested_size: i32,
        page_token: &str,
    ) -> Result<Page<EventRecord>, AuthError> {
        let size = page_size(requested_size)?;
        let before = decode_token(page_token)?;
        let user_id = crate::error::parse_optional_id("user_id", user_id)?.unwrap_or_default();
        if !user_id.is_empty() {
            self.account_for(caller, &user_id).await?;
        }
        let organization = if caller.is_platform_admin() {
            None
        } else {
            caller.principal.account.organization_id.clone()
        };
        let events = store::events_page(
            self.db.pool(),
            (!user_id.is_empty()).then_some(user_id.as_str()),
            organization.as_deref(),
            &before,
            size + 1,
        )
        .await?;
        Ok(paginate(events, size, |event| event.id.clone()))
    }
}
