//! `gateway --demo`: a demo organisation, site and accounts to try every
//! flow at once, with their passwords printed once.

use auth_service::domain::AuthDomain;
use auth_service::domain::accounts::NewAccount;
use auth_service::domain::model::Role;
use auth_service::error::AuthError;
use portal_common::email::Email;
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};

const ORGANIZATION: &str = "Demo Health";
const SITE: &str = "Demo Clinic";

/// (email, first name, last name, roles, with the site)
const ACCOUNTS: &[(&str, &str, &str, &[Role], bool)] = &[
    (
        "admin@demo.example",
        "Ada",
        "Admin",
        &[Role::ProgramAdmin],
        true,
    ),
    (
        "agent@demo.example",
        "Sam",
        "Agent",
        &[Role::SupportAgent],
        false,
    ),
    ("user@demo.example", "Uma", "User", &[], true),
    (
        "operator@demo.example",
        "Otto",
        "Operator",
        &[Role::PlatformAdmin],
        false,
    ),
];

/// A fresh random passphrase that meets the password policy.
fn demo_password() -> SecretString {
    const WORDS: &[&str] = &[
        "amber", "birch", "cobalt", "delta", "ember", "fjord", "garnet", "harbor", "indigo",
        "juniper", "kestrel", "lagoon", "meadow", "nectar", "orchid", "pebble",
    ];
    let mut rng = rand::rng();
    let words: Vec<&str> = (0..3)
        .map(|_| WORDS[rng.random_range(0..WORDS.len())])
        .collect();
    SecretString::from(format!("{}-{}", words.join("-"), rng.random_range(10..100)))
}

/// Creates the demo accounts that do not exist yet and returns the lines to
/// print (each new account with its password).
pub async fn seed(auth: &AuthDomain) -> anyhow::Result<Vec<String>> {
    let mut lines = Vec::new();
    for (email, first, last, roles, with_site) in ACCOUNTS {
        let password = demo_password();
        let result = auth
            .create_account(NewAccount {
                email: Email::parse(email, "email")?,
                password: password.clone(),
                first_name: (*first).into(),
                last_name: (*last).into(),
                organization: (!is_staff(roles)).then(|| ORGANIZATION.into()),
                sites: if *with_site {
                    vec![SITE.into()]
                } else {
                    vec![]
                },
                roles: roles.to_vec(),
            })
            .await;
        match result {
            Ok(_) => lines.push(format!(
                "  {email:<22} password: {}   ({})",
                password.expose_secret(),
                describe(roles)
            )),
            Err(AuthError::AlreadyExists(_)) => lines.push(format!(
                "  {email:<22} exists already (password printed when created)"
            )),
            Err(error) => anyhow::bail!("seeding {email}: {error:#}"),
        }
    }
    Ok(lines)
}

/// Platform staff belong to no organisation.
fn is_staff(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|role| matches!(role, Role::SupportAgent | Role::PlatformAdmin))
}

fn describe(roles: &[Role]) -> &'static str {
    match roles.first() {
        Some(Role::ProgramAdmin) => "program administrator of Demo Health",
        Some(Role::SupportAgent) => "support agent",
        Some(Role::PlatformAdmin) => "platform operator",
        _ => "user with access to Demo Clinic",
    }
}
