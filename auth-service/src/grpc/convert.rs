//! Domain values → proto messages, and the few proto values (roles,
//! states, timestamps) requests carry → domain values.

use portal_proto::auth::v1 as pb;

use crate::domain::access_policy::AccessPolicy;
use crate::domain::account_support::TemporaryPassword;
use crate::domain::admin::UserDetails;
use crate::domain::login::{LoginOutcome, RegistrationStep};
use crate::domain::model::SessionRecord;
use crate::domain::model::admin::OrganizationRecord;
use crate::domain::model::audit::EventRecord;
use crate::domain::model::{Account, AccountState, Principal, Role, SessionScope, Site};
use crate::domain::registration::RegistrationStatus;
use crate::domain::session_overview::SessionOverview;
use crate::error::AuthError;
use portal_common::UtcTime;
use secrecy::ExposeSecret;

pub fn role(role: Role) -> pb::Role {
    match role {
        Role::PlatformAdmin => pb::Role::PlatformAdmin,
        Role::ProgramAdmin => pb::Role::ProgramAdmin,
        Role::LicenseOwner => pb::Role::LicenseOwner,
        Role::SupportAgent => pb::Role::SupportAgent,
    }
}

pub fn scope(scope: SessionScope) -> pb::SessionScope {
    match scope {
        SessionScope::Full => pb::SessionScope::Full,
        SessionScope::Registration => pb::SessionScope::Registration,
    }
}

fn state(state: AccountState) -> pb::AccountState {
    match state {
        AccountState::Invited => pb::AccountState::Invited,
        AccountState::Active => pb::AccountState::Active,
        AccountState::Disabled => pb::AccountState::Disabled,
    }
}

fn step(step: RegistrationStep) -> pb::RegistrationStep {
    match step {
        RegistrationStep::Profile => pb::RegistrationStep::Profile,
        RegistrationStep::SecurityQuestions => pb::RegistrationStep::SecurityQuestions,
        RegistrationStep::Password => pb::RegistrationStep::Password,
        RegistrationStep::EmailVerification => pb::RegistrationStep::EmailVerification,
        RegistrationStep::Terms => pb::RegistrationStep::Terms,
    }
}

pub fn user(account: &Account) -> pb::User {
    pb::User {
        id: account.id.clone(),
        email: account.email.to_string(),
        first_name: account.first_name.clone(),
        last_name: account.last_name.clone(),
        organization_id: account.organization_id.clone().unwrap_or_default(),
        roles: account.roles.iter().map(|r| role(*r) as i32).collect(),
        state: state(account.state) as i32,
    }
}

pub fn site(site: &Site) -> pb::Site {
    pb::Site {
        id: site.id.clone(),
        organization_id: site.organization_id.clone(),
        name: site.name.clone(),
    }
}

pub fn login_response(outcome: LoginOutcome) -> pb::LoginResponse {
    pb::LoginResponse {
        session_token: outcome.token.expose_secret().to_owned(),
        expires_at: Some(outcome.expires_at.to_timestamp()),
        scope: scope(outcome.scope) as i32,
        pending_steps: outcome
            .pending_steps
            .into_iter()
            .map(|s| step(s) as i32)
            .collect(),
        user: Some(user(&outcome.account)),
        sites: outcome.sites.iter().map(site).collect(),
    }
}

/// A registration session grants nothing yet: its principal carries no roles
/// and no sites, so no downstream check can mistake it for a full one.
pub fn principal(principal: Principal) -> pb::Principal {
    let mut account = principal.account;
    if principal.scope == SessionScope::Registration {
        account.roles.clear();
        account.site_ids.clear();
    }
    pb::Principal {
        user_id: account.id,
        email: account.email.into_string(),
        first_name: account.first_name,
        last_name: account.last_name,
        organization_id: account.organization_id.unwrap_or_default(),
        roles: account.roles.iter().map(|r| role(*r) as i32).collect(),
        site_ids: account.site_ids,
        scope: scope(principal.scope) as i32,
        expires_at: Some(principal.expires_at.to_timestamp()),
        session_id: principal.session_id,
    }
}

pub fn session_info(record: SessionRecord, current_id: &str) -> pb::SessionInfo {
    pb::SessionInfo {
        current: record.id == current_id,
        scope: scope(record.scope) as i32,
        created_at: Some(record.created_at.to_timestamp()),
        last_seen_at: Some(record.last_seen_at.to_timestamp()),
        expires_at: Some(record.expires_at().to_timestamp()),
        session_id: record.id,
        client_ip: record.client_ip,
        user_agent: record.user_agent,
    }
}

pub fn steps(steps: &[RegistrationStep]) -> Vec<i32> {
    steps.iter().map(|s| step(*s) as i32).collect()
}

/// Proto roles → domain roles; unknown or unspecified values are refused.
pub fn roles_from_proto(values: &[i32]) -> Result<Vec<Role>, AuthError> {
    values
        .iter()
        .enumerate()
        .map(|(index, value)| match pb::Role::try_from(*value) {
            Ok(pb::Role::PlatformAdmin) => Ok(Role::PlatformAdmin),
            Ok(pb::Role::ProgramAdmin) => Ok(Role::ProgramAdmin),
            Ok(pb::Role::LicenseOwner) => Ok(Role::LicenseOwner),
            Ok(pb::Role::SupportAgent) => Ok(Role::SupportAgent),
            _ => Err(AuthError::invalid(
                &format!("roles[{index}]"),
                "is not a known role",
            )),
        })
        .collect()
}

pub fn registration_status(status: RegistrationStatus) -> pb::GetRegistrationResponse {
    let version = status.terms_version;
    pb::GetRegistrationResponse {
        pending_steps: steps(&status.progress.pending(&version)),
        completed_steps: steps(&status.progress.completed(&version)),
        email: status.principal.account.email.into_string(),
        first_name: status.progress.first_name.clone(),
        last_name: status.progress.last_name.clone(),
        security_question_ids: status.progress.answered_questions.clone(),
        current_terms_version: version,
        session_expires_at: Some(status.principal.expires_at.to_timestamp()),
        resend_available_at: status.resend_available_at.map(UtcTime::to_timestamp),
    }
}

/// A REGISTRATION session shows no sites, like its principal.
pub fn session_overview(overview: SessionOverview) -> pb::GetSessionResponse {
    let registering = overview.principal.scope == SessionScope::Registration;
    pb::GetSessionResponse {
        principal: Some(principal(overview.principal)),
        sites: if registering {
            Vec::new()
        } else {
            overview.sites.iter().map(site).collect()
        },
        organization_name: overview.organization_name,
    }
}

pub fn access_policy(policy: AccessPolicy) -> pb::AccessPolicy {
    let minutes = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    pb::AccessPolicy {
        password_min_length: policy.password_min_length,
        password_max_length: policy.password_max_length,
        max_failed_logins: policy.max_failed_logins,
        lock_minutes: minutes(policy.lock_minutes),
        temporary_password_minutes: minutes(policy.temporary_password_minutes),
        verification_code_minutes: minutes(policy.verification_code_minutes),
        verification_resend_seconds: minutes(policy.verification_resend_seconds),
        verification_sends_per_hour: policy.verification_sends_per_hour,
        reset_link_minutes: minutes(policy.reset_link_minutes),
        mail_from_domain: policy.mail_from_domain,
    }
}

pub fn user_details(details: UserDetails) -> pb::UserDetails {
    let temporary = temporary_password(details.temporary_password);
    pb::UserDetails {
        user: Some(user(&details.account)),
        sites: details.sites.iter().map(site).collect(),
        locked: details.locked_until.is_some(),
        locked_until: details.locked_until.map(UtcTime::to_timestamp),
        created_at: Some(details.created_at.to_timestamp()),
        pending_steps: steps(&details.pending_steps),
        organization_name: details.organization_name,
        temporary_password: temporary.status as i32,
        temporary_password_expires_at: temporary.expires_at.map(UtcTime::to_timestamp),
        last_signed_in_at: details.last_signed_in_at.map(UtcTime::to_timestamp),
    }
}

/// A temporary password's standing as the API reports it.
pub struct TemporaryPasswordView {
    pub status: pb::TemporaryPasswordStatus,
    pub issued_at: Option<UtcTime>,
    pub expires_at: Option<UtcTime>,
}

pub fn temporary_password(standing: TemporaryPassword) -> TemporaryPasswordView {
    let (status, issued_at, expires_at) = match standing {
        TemporaryPassword::None => (pb::TemporaryPasswordStatus::None, None, None),
        TemporaryPassword::Valid {
            issued_at,
            expires_at,
        } => (
            pb::TemporaryPasswordStatus::Valid,
            Some(issued_at),
            Some(expires_at),
        ),
        TemporaryPassword::Expired {
            issued_at,
            expires_at,
        } => (
            pb::TemporaryPasswordStatus::Expired,
            Some(issued_at),
            Some(expires_at),
        ),
        TemporaryPassword::Used { issued_at } => {
            (pb::TemporaryPasswordStatus::Used, Some(issued_at), None)
        }
    };
    TemporaryPasswordView {
        status,
        issued_at,
        expires_at,
    }
}

pub fn organization(organization: OrganizationRecord) -> pb::Organization {
    pb::Organization {
        id: organization.id,
        name: organization.name,
        created_at: Some(organization.created_at.to_timestamp()),
    }
}

/// A filter's account state: unspecified means any, unknown is refused.
pub fn state_filter(field: &str, value: i32) -> Result<Option<AccountState>, AuthError> {
    match pb::AccountState::try_from(value) {
        Ok(pb::AccountState::Unspecified) => Ok(None),
        Ok(pb::AccountState::Invited) => Ok(Some(AccountState::Invited)),
        Ok(pb::AccountState::Active) => Ok(Some(AccountState::Active)),
        Ok(pb::AccountState::Disabled) => Ok(Some(AccountState::Disabled)),
        Err(_) => Err(AuthError::invalid(field, "is not a known account state")),
    }
}

/// An optional timestamp of a request; an out-of-range one is refused.
pub fn time(
    field: &str,
    value: Option<&prost_types::Timestamp>,
) -> Result<Option<UtcTime>, AuthError> {
    value
        .map(|timestamp| {
            UtcTime::from_timestamp(timestamp)
                .ok_or_else(|| AuthError::invalid(field, "is not a valid timestamp"))
        })
        .transpose()
}

pub fn auth_event(event: EventRecord) -> pb::AuthEvent {
    let actor = event.actor.unwrap_or_default();
    pb::AuthEvent {
        actor_user_id: actor.user_id,
        actor_name: actor.name,
        actor_email: actor.email,
        id: event.id,
        occurred_at: Some(event.occurred_at.to_timestamp()),
        kind: event.kind,
        user_id: event.user_id.unwrap_or_default(),
        email: event.email,
        client_ip: event.client_ip,
        user_agent: event.user_agent,
        detail: event.detail,
    }
}
