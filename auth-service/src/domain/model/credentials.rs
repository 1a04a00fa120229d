//! An account's stored secrets and a new account's row: what the store
//! reads and writes for the domain, never shown by the API.

use portal_common::UtcTime;

use super::AccountState;

/// The secrets stored for an account, read only to verify a sign-in.
#[derive(Clone)]
pub struct Credentials {
    pub password_hash: Option<String>,
    pub temporary_password_hash: Option<String>,
    pub temporary_password_issued_at: Option<UtcTime>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials(..)")
    }
}

/// A new account row.
#[derive(Debug)]
pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub organization_id: Option<&'a str>,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub state: AccountState,
    pub password_hash: Option<&'a str>,
}
