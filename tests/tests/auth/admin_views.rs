//! What the administration pages read: organisations, users found by text,
//! state and site, a user's registration standing, and the audit trail
//! filtered by kind, email and time with the acting administrator named.

use std::time::{SystemTime, UNIX_EPOCH};

use auth_service::domain::model::Role;
use portal_proto::auth::v1::admin_service_client::AdminServiceClient;
use portal_proto::auth::v1::{
    AccountState, CreateSiteRequest, DisableUserRequest, GetUserRequest, ListAuthEventsRequest,
    ListAuthEventsResponse, ListOrganizationsRequest, ListUsersRequest, ProvisionUserRequest,
    RegistrationStep, TemporaryPasswordStatus,
};
use portal_tests::grpc::{failure, with_bearer};
use tonic::Code;
use tonic::transport::Channel;

use super::invite::{ADMIN, Onboarded, onboard};
use super::{Fixture, PASSWORD, WRONG_PASSWORD, fixture, login};

/// Beta Care (onboarded by the platform admin, sites East and West) with
/// Ada Lovelace (East) and Grace Hopper (West), both invited; Acme Health
/// with its program admin and an active user.
struct Directory {
    onboarded: Onboarded,
    west_site_id: String,
    acme_admin: String,
    admin: AdminServiceClient<Channel>,
}

const ADA: &str = "ada.lovelace@beta.example";
const GRACE: &str = "grace_hopper@beta.example";
const ACME_ADMIN: &str = "pa@acme.example";
const ACME_USER: &str = "ada@acme.example";

async fn directory(f: &mut Fixture) -> anyhow::Result<Directory> {
    let onboarded = onboard(f).await?;
    let mut admin = onboarded.admin.clone();
    let west_site_id = admin
        .create_site(with_bearer(
            CreateSiteRequest {
                organization_id: onboarded.organization_id.clone(),
                name: "West Clinic".into(),
            },
            &onboarded.admin_token,
        )?)
        .await?
        .into_inner()
        .id;
    for (email, site) in [(ADA, &onboarded.site_id), (GRACE, &west_site_id)] {
        admin
            .provision_user(with_bearer(
                ProvisionUserRequest {
                    email: email.into(),
                    organization_id: onboarded.organization_id.clone(),
                    site_ids: vec![site.clone()],
                    roles: vec![],
                },
                &onboarded.admin_token,
            )?)
            .await?;
    }
    let pool = f.db.connect("auth.db").await?;
    for (email, first, last) in [(ADA, "Ada", "Lovelace"), (GRACE, "Grace", "Hopper")] {
        sqlx::query("UPDATE users SET first_name = $1, last_name = $2 WHERE email = $3")
            .bind(first)
            .bind(last)
            .bind(email)
            .execute(&pool)
            .await?;
    }
    pool.close().await;
    f.auth
        .create_user_with_roles(
            ACME_ADMIN,
            PASSWORD,
            &["North Clinic"],
            &[Role::ProgramAdmin],
        )
        .await?;
    f.auth
        .create_user(ACME_USER, PASSWORD, &["North Clinic"])
        .await?;
    let acme_admin = login(&mut f.client, ACME_ADMIN, PASSWORD)
        .await?
        .into_inner()
        .session_token;
    Ok(Directory {
        onboarded,
        west_site_id,
        acme_admin,
        admin,
    })
}

impl Directory {
    /// The emails `ListUsers` finds for `request`, as `token`.
    async fn emails(
        &mut self,
        request: ListUsersRequest,
        token: &str,
    ) -> anyhow::Result<Vec<String>> {
        let users = self
            .admin
            .list_users(with_bearer(request, token)?)
            .await?
            .into_inner()
            .users;
        Ok(users.into_iter().map(|user| user.email).collect())
    }

    async fn events(
        &mut self,
        request: ListAuthEventsRequest,
        token: &str,
    ) -> anyhow::Result<ListAuthEventsResponse> {
        Ok(self
            .admin
            .list_auth_events(with_bearer(request, token)?)
            .await?
            .into_inner())
    }

    fn platform(&self) -> String {
        self.onboarded.admin_token.clone()
    }
}

fn timestamp(offset_seconds: i64) -> anyhow::Result<prost_types::Timestamp> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    Ok(prost_types::Timestamp {
        seconds: i64::try_from(now)? + offset_seconds,
        nanos: 0,
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn organizations_are_listed_whole_for_the_platform_and_one_for_its_administrator()
-> anyhow::Result<()> {
    let mut f = fixture().await?;
    let mut d = directory(&mut f).await?;

    let first = d
        .admin
        .list_organizations(with_bearer(
            ListOrganizationsRequest {
                page_size: 1,
                ..Default::default()
            },
            &d.platform(),
        )?)
        .await?
        .into_inner();
    let second = d
        .admin
        .list_organizations(with_bearer(
            ListOrganizationsRequest {
                page_size: 1,
                page_token: first.next_page_token.clone(),
            },
            &d.platform(),
        )?)
        .await?
        .into_inner();
    let mut names: Vec<String> = first
        .organizations
        .iter()
        .chain(&second.organizations)
        .map(|organization| organization.name.clone())
        .collect();
    names.sort();
    assert_eq!(names, ["Acme Health", "Beta Care"]);
    assert!(
        second.next_page_token.is_empty(),
        "two organisations, two pages"
    );

    let own = d
        .admin
        .list_organizations(with_bearer(
            ListOrganizationsRequest::default(),
            &d.acme_admin,
        )?)
        .await?
        .into_inner();
    let own: Vec<&str> = own.organizations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(own, ["Acme Health"]);

    let user = login(&mut f.client, ACME_USER, PASSWORD)
        .await?
        .into_inner()
        .session_token;
    let refused = failure(
        d.admin
            .list_organizations(with_bearer(ListOrganizationsRequest::default(), &user)?)
            .await,
    )?;
    assert_eq!(refused.code, Code::PermissionDenied);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn users_are_found_by_email_or_name_state_and_site_within_the_callers_organization()
-> anyhow::Result<()> {
    let mut f = fixture().await?;
    let mut d = directory(&mut f).await?;
    let platform = d.platform();
    let beta = d.onboarded.organization_id.clone();
    let search = |query: &str| ListUsersRequest {
        query: query.into(),
        ..Default::default()
    };

    let mut everywhere = d.emails(search("ADA"), &platform).await?;
    everywhere.sort();
    assert_eq!(everywhere, [ADA, ACME_USER]);
    assert_eq!(
        d.emails(search("ada"), &d.acme_admin.clone()).await?,
        [ACME_USER]
    );
    assert_eq!(
        d.emails(search(" grace   HOPPER "), &platform).await?,
        [GRACE]
    );
    assert_eq!(
        d.emails(search("_"), &platform).await?,
        [GRACE],
        "an underscore is a character, not a pattern"
    );
    assert!(d.emails(search("%"), &platform).await?.is_empty());

    let in_beta = |state: AccountState, site_id: &str| ListUsersRequest {
        organization_id: beta.clone(),
        state: state as i32,
        site_id: site_id.into(),
        ..Default::default()
    };
    assert_eq!(
        d.emails(in_beta(AccountState::Invited, ""), &platform)
            .await?,
        [ADA, GRACE]
    );
    let west = d.west_site_id.clone();
    assert_eq!(
        d.emails(in_beta(AccountState::Unspecified, &west), &platform)
            .await?,
        [GRACE]
    );
    let grace_id = f.auth.domain_user_id(GRACE).await?;
    d.admin
        .disable_user(with_bearer(
            DisableUserRequest { user_id: grace_id },
            &platform,
        )?)
        .await?;
    assert_eq!(
        d.emails(in_beta(AccountState::Disabled, ""), &platform)
            .await?,
        [GRACE]
    );
    assert!(
        d.emails(in_beta(AccountState::Active, ""), &platform)
            .await?
            .is_empty()
    );

    let acme_admin = d.acme_admin.clone();
    for (request, field) in [
        (
            ListUsersRequest {
                state: 99,
                ..Default::default()
            },
            "state",
        ),
        (search(&"x".repeat(201)), "query"),
        (search("a\u{0}b"), "query"),
        (
            ListUsersRequest {
                site_id: "not-an-id".into(),
                ..Default::default()
            },
            "site_id",
        ),
    ] {
        let refused = failure(d.admin.list_users(with_bearer(request, &acme_admin)?).await)?;
        assert_eq!(refused.code, Code::InvalidArgument);
        assert_eq!(refused.fields, [field]);
    }
    let other_organization = failure(
        d.admin
            .list_users(with_bearer(
                ListUsersRequest {
                    organization_id: beta,
                    ..Default::default()
                },
                &acme_admin,
            )?)
            .await,
    )?;
    assert_eq!(other_organization.code, Code::PermissionDenied);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_users_page_shows_registration_progress_the_temporary_password_and_last_sign_in()
-> anyhow::Result<()> {
    let mut f = fixture().await?;
    let mut d = directory(&mut f).await?;
    let platform = d.platform();

    let invited = d
        .admin
        .get_user(with_bearer(
            GetUserRequest {
                user_id: f.auth.domain_user_id(ADA).await?,
            },
            &platform,
        )?)
        .await?
        .into_inner();
    assert_eq!(invited.organization_name, "Beta Care");
    // The directory filled in the profile; the other four steps remain.
    assert_eq!(
        invited.pending_steps,
        [
            RegistrationStep::SecurityQuestions as i32,
            RegistrationStep::Password as i32,
            RegistrationStep::EmailVerification as i32,
            RegistrationStep::Terms as i32,
        ]
    );
    assert_eq!(
        invited.temporary_password,
        TemporaryPasswordStatus::Valid as i32
    );
    assert!(invited.temporary_password_expires_at.is_some());
    assert!(invited.last_signed_in_at.is_none());

    login(&mut f.client, ACME_USER, PASSWORD).await?;
    let active = d
        .admin
        .get_user(with_bearer(
            GetUserRequest {
                user_id: f.auth.domain_user_id(ACME_USER).await?,
            },
            &d.acme_admin.clone(),
        )?)
        .await?
        .into_inner();
    assert!(active.pending_steps.is_empty());
    assert_eq!(
        active.temporary_password,
        TemporaryPasswordStatus::None as i32
    );
    assert!(active.last_signed_in_at.is_some());
    assert_eq!(active.organization_name, "Acme Health");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn events_are_filtered_by_kind_email_and_time_and_name_the_acting_administrator()
-> anyhow::Result<()> {
    let mut f = fixture().await?;
    let mut d = directory(&mut f).await?;
    let platform = d.platform();
    let grace_id = f.auth.domain_user_id(GRACE).await?;
    d.admin
        .disable_user(with_bearer(
            DisableUserRequest {
                user_id: grace_id.clone(),
            },
            &platform,
        )?)
        .await?;
    let _ = login(&mut f.client, "nobody@beta.example", WRONG_PASSWORD).await;

    let disabled = d
        .events(
            ListAuthEventsRequest {
                kind: "USER_DISABLED".into(),
                ..Default::default()
            },
            &platform,
        )
        .await?;
    assert_eq!(disabled.events.len(), 1);
    let event = &disabled.events[0];
    assert_eq!(
        (event.user_id.as_str(), event.email.as_str()),
        (grace_id.as_str(), GRACE)
    );
    assert_eq!(event.actor_email, ADMIN);
    assert_eq!(event.actor_name, "Test User");
    assert!(!event.actor_user_id.is_empty());

    let signed_in_alone = d
        .events(
            ListAuthEventsRequest {
                kind: "LOGIN_SUCCEEDED".into(),
                ..Default::default()
            },
            &platform,
        )
        .await?;
    assert!(!signed_in_alone.events.is_empty());
    assert!(
        signed_in_alone
            .events
            .iter()
            .all(|e| e.actor_user_id.is_empty() && e.actor_name.is_empty()),
        "a sign-in has no actor besides the account"
    );

    let unknown_email = ListAuthEventsRequest {
        email: " Nobody@Beta.example ".into(),
        ..Default::default()
    };
    let found = d.events(unknown_email.clone(), &platform).await?;
    let kinds: Vec<&str> = found.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["LOGIN_FAILED"]);
    let acme_admin = d.acme_admin.clone();
    assert!(
        d.events(unknown_email, &acme_admin)
            .await?
            .events
            .is_empty(),
        "an organisation's administrator sees only its accounts' events"
    );
    let acme_view = d
        .events(
            ListAuthEventsRequest {
                page_size: 100,
                ..Default::default()
            },
            &acme_admin,
        )
        .await?;
    // The fixture's platform admin is listed in Acme Health too, but
    // platform staff's trail is not the organisation's to read.
    let acme_ids = [
        f.auth.domain_user_id(ACME_ADMIN).await?,
        f.auth.domain_user_id(ACME_USER).await?,
    ];
    assert!(!acme_view.events.is_empty());
    assert!(
        acme_view
            .events
            .iter()
            .all(|e| acme_ids.contains(&e.user_id))
    );

    let window = |since: i64, until: i64| -> anyhow::Result<ListAuthEventsRequest> {
        Ok(ListAuthEventsRequest {
            kind: "USER_DISABLED".into(),
            since: Some(timestamp(since)?),
            until: Some(timestamp(until)?),
            ..Default::default()
        })
    };
    assert_eq!(
        d.events(window(-600, 600)?, &platform).await?.events.len(),
        1
    );
    assert!(
        d.events(window(600, 1200)?, &platform)
            .await?
            .events
            .is_empty()
    );
    assert!(
        d.events(window(-1200, -600)?, &platform)
            .await?
            .events
            .is_empty()
    );

    for (request, field) in [
        (
            ListAuthEventsRequest {
                kind: "NOT_A_KIND".into(),
                ..Default::default()
            },
            "kind",
        ),
        (window(600, -600)?, "until"),
        (
            ListAuthEventsRequest {
                since: Some(prost_types::Timestamp {
                    seconds: 0,
                    nanos: -1,
                }),
                ..Default::default()
            },
            "since",
        ),
        (
            ListAuthEventsRequest {
                email: "not an email".into(),
                ..Default::default()
            },
            "email",
        ),
    ] {
        let refused = failure(
            d.admin
                .list_auth_events(with_bearer(request, &platform)?)
                .await,
        )?;
        assert_eq!(refused.code, Code::InvalidArgument);
        assert_eq!(refused.fields, [field]);
    }
    Ok(())
}
