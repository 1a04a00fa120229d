//! Acting on accounts: site access, unlock, disable, and reading them.

use super::paging::{decode_token, page_size, paginate};
use super::{AdminCaller, Page};
use crate::domain::AuthDomain;
use crate::domain::account_support::TemporaryPassword;
use crate::domain::credential_change::CredentialChange;
use crate::domain::model::admin::UserFilter;
use crate::domain::model::audit::EventKind;
use crate::domain::model::audit::{EventFilter, EventRecord};
use crate::domain::model::{Account, AccountState, RequestContext, Site};
use crate::domain::registration::RegistrationStep;
use crate::domain::tokens;
use crate::error::AuthError;
use crate::store::account_support::last_sign_in;
use crate::store::admin as store;
use crate::store::audit;
use crate::store::{organizations, sessions, throttle, users};
use portal_common::UtcTime;
use portal_common::email::Email;
use portal_common::ids::{OrganizationId, SiteId, UserId};

/// What `GetUser` shows.
#[derive(Debug, Clone)]
pub struct UserDetails {
    pub account: Account,
    pub sites: Vec<Site>,
    pub locked_until: Option<UtcTime>,
    pub created_at: UtcTime,
    pub organization_name: String,
    /// Registration steps still to do; empty unless INVITED.
    pub pending_steps: Vec<RegistrationStep>,
    pub temporary_password: TemporaryPassword,
    pub last_signed_in_at: Option<UtcTime>,
}

impl AuthDomain {
    /// The account `user_id`, if the caller may act on it.
    pub(crate) async fn account_for(
        &self,
        caller: &AdminCaller,
        user_id: &UserId,
    ) -> Result<Account, AuthError> {
        let mut conn = self.db.pool().acquire().await?;
        let (account, _) = users::find_by_id(&mut conn, user_id.as_str())
            .await?
            .ok_or(AuthError::NotFound("user"))?;
        caller.require_account(&account)?;
        Ok(account)
    }

    pub async fn grant_site_access(
        &self,
        caller: &AdminCaller,
        user_id: &UserId,
        site_id: &SiteId,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let account = self.account_for(caller, user_id).await?;
        let mut tx = self.db.begin().await?;
        let site = store::site(&mut tx, site_id.as_str())
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
            Some((&account.id, account.email.as_str())),
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
        user_id: &UserId,
        site_id: &SiteId,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let account = self.account_for(caller, user_id).await?;
        let mut tx = self.db.begin().await?;
        if !store::revoke_site(&mut tx, &account.id, site_id.as_str()).await? {
            return Err(AuthError::NotFound("site grant"));
        }
        self.record_admin_event(
            &mut tx,
            caller,
            EventKind::SiteAccessRevoked,
            Some((&account.id, account.email.as_str())),
            site_id.as_str(),
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
        user_id: &UserId,
        context: &RequestContext,
    ) -> Result<(), AuthError> {
        let account = self.account_for(caller, user_id).await?;
        let email = account.email.clone();
        let key = tokens::email_key(&self.email_key, &email);
        throttle::reset(&mut *self.db.write_connection().await?, &key, self.now()).await?;
        let mut tx = self.db.begin().await?;
        self.record_admin_event(
            &mut tx,
            caller,
            EventKind::AccountUnlocked,
            Some((&account.id, account.email.as_str())),
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
        user_id: &UserId,
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
            Some((&account.id, account.email.as_str())),
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
        user_id: &UserId,
    ) -> Result<UserDetails, AuthError> {
        let mut conn = self.db.pool().acquire().await?;
        let (account, credentials) = users::find_by_id(&mut conn, user_id.as_str())
            .await?
            .ok_or(AuthError::NotFound("user"))?;
        caller.require_account(&account)?;
        let email = account.email.clone();
        let now = self.now();
        let locked_until = throttle::locked_until(
            self.db.pool(),
            &tokens::email_key(&self.email_key, &email),
            now,
        )
        .await?;
        let sites = organizations::granted_sites(&mut conn, &account.id).await?;
        let organization_name = match &account.organization_id {
            Some(id) => organizations::organization_name(&mut conn, id)
                .await?
                .unwrap_or_default(),
            None => String::new(),
        };
        let pending_steps = match account.state {
            AccountState::Invited => self.pending_steps(&mut conn, &account.id).await?,
            _ => Vec::new(),
        };
        drop(conn);
        let temporary_password = self.temporary_password_standing(
            credentials.temporary_password_hash.is_some(),
            credentials.temporary_password_issued_at,
            now,
        );
        Ok(UserDetails {
            created_at: store::user_created_at(self.db.pool(), &account.id).await?,
            last_signed_in_at: last_sign_in(self.db.pool(), &account.id).await?,
            account,
            sites,
            locked_until,
            organization_name,
            pending_steps,
            temporary_password,
        })
    }

    /// Accounts in id (creation) order that match `search`; a platform
    /// admin may filter by organisation, others see their own organisation
    /// only.
    pub async fn list_users(
        &self,
        caller: &AdminCaller,
        search: UserSearch<'_>,
    ) -> Result<Page<Account>, AuthError> {
        let size = page_size(search.page_size)?;
        let after = decode_token(search.page_token)?;
        let requested = search.organization_id.as_ref().map(OrganizationId::as_str);
        let organization_id = if caller.is_platform_admin() {
            requested.map(str::to_owned)
        } else {
            if requested.is_some() {
                caller.require_organization(requested)?;
            }
            caller.principal.account.organization_id.clone()
        };
        let filter = UserFilter {
            organization_id,
            query: parse_query(search.query)?,
            state: search.state.map(AccountState::as_str),
            site_id: search.site_id.map(|id| id.as_str().to_owned()),
            without_staff: !caller.is_platform_admin(),
        };
        let ids = store::user_ids_page(self.db.pool(), &filter, &after, size + 1).await?;
        let mut accounts = Vec::with_capacity(ids.len());
        let mut conn = self.db.pool().acquire().await?;
        for id in ids {
            if let Some((account, _)) = users::find_by_id(&mut conn, &id).await? {
                accounts.push(account);
            }
        }
        Ok(paginate(accounts, size, |account| account.id.clone()))
    }

    /// The audit trail, newest first, that matches `search`; organisation
    /// admins see the events of their organisation's accounts only.
    pub async fn list_auth_events(
        &self,
        caller: &AdminCaller,
        search: EventSearch<'_>,
    ) -> Result<Page<EventRecord>, AuthError> {
        let size = page_size(search.page_size)?;
        let before = decode_token(search.page_token)?;
        if let Some(user_id) = &search.user_id {
            self.account_for(caller, user_id).await?;
        }
        if let (Some(since), Some(until)) = (search.since, search.until)
            && until <= since
        {
            return Err(AuthError::invalid("until", "must be later than since"));
        }
        let filter = EventFilter {
            user_id: search.user_id.map(|id| id.as_str().to_owned()),
            organization_id: if caller.is_platform_admin() {
                None
            } else {
                caller.principal.account.organization_id.clone()
            },
            kind: search.kind.map(|kind| kind.as_str().to_owned()),
            email: search.email.map(Email::into_string),
            since: search.since,
            until: search.until,
        };
        let events = audit::events_page(self.db.pool(), &filter, &before, size + 1).await?;
        Ok(paginate(events, size, |event| event.id.clone()))
    }
}

/// A `ListUsers` request, its ids parsed; `None` filters nothing.
#[derive(Debug, Clone, Default)]
pub struct UserSearch<'a> {
    pub organization_id: Option<OrganizationId>,
    /// Free text, read by `portal_common::text`.
    pub query: &'a str,
    pub state: Option<AccountState>,
    pub site_id: Option<SiteId>,
    pub page_size: i32,
    pub page_token: &'a str,
}

/// A `ListAuthEvents` request, parsed; `None` filters nothing.
#[derive(Debug, Clone, Default)]
pub struct EventSearch<'a> {
    pub user_id: Option<UserId>,
    pub kind: Option<EventKind>,
    pub email: Option<Email>,
    pub since: Option<UtcTime>,
    pub until: Option<UtcTime>,
    pub page_size: i32,
    pub page_token: &'a str,
}

/// Longest search text, in characters.
const MAX_QUERY_CHARS: usize = 200;

/// The search text, one line (see `portal_common::text`) lower-cased;
/// `None` when empty.
fn parse_query(raw: &str) -> Result<Option<String>, AuthError> {
    let rule = portal_common::text::TextRule::line(MAX_QUERY_CHARS).optional();
    let query = portal_common::text::parse("query", raw, rule)
        .map_err(|violation| AuthError::InvalidArgument(vec![violation]))?;
    Ok((!query.is_empty()).then(|| query.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_is_collapsed_lowercased_and_bounded() {
        assert_eq!(parse_query("  ").ok(), Some(None));
        assert_eq!(
            parse_query(" Ada \t LOVELACE ").ok(),
            Some(Some("ada lovelace".to_owned()))
        );
        assert!(parse_query(&"a".repeat(201)).is_err());
        assert!(parse_query("a\u{7}b").is_err());
    }
}
