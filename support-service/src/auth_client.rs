//! Asking the auth service who is behind a session token, with a short
//! cache so busy agents do not hammer it. A revoked session keeps working
//! for at most the cache time (seconds), measured by the service's clock.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use portal_common::{Clock, UtcTime};

use portal_proto::auth::v1::auth_service_client::AuthServiceClient;
use portal_proto::auth::v1::{Role, SessionScope, ValidateSessionRequest};
use sha2::{Digest, Sha256};
use tonic::Code;
use tonic::transport::{Channel, Endpoint};

use crate::error::SupportError;

/// Entries kept at most; the cache is simply emptied when full.
const MAX_ENTRIES: usize = 10_000;

/// Who a session belongs to, as far as the support desk cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPrincipal {
    pub user_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub is_agent: bool,
    /// A FULL session (not a registration one).
    pub full: bool,
}

impl CheckedPrincipal {
    pub fn display_name(&self) -> String {
        let name = format!("{} {}", self.first_name, self.last_name);
        let name = name.trim();
        if name.is_empty() {
            self.email.clone()
        } else {
            name.to_owned()
        }
    }
}

/// Principals by SHA-256 of their token, with when they were looked up.
type Cache = HashMap<[u8; 32], (UtcTime, CheckedPrincipal)>;

#[derive(Debug, Clone)]
pub struct SessionChecker {
    client: AuthServiceClient<Channel>,
    cache: Arc<Mutex<Cache>>,
    ttl: Duration,
    clock: Arc<dyn Clock>,
}

impl SessionChecker {
    /// Connects lazily to `auth_url`, with short timeouts so an auth outage
    /// answers `UNAVAILABLE` instead of hanging.
    pub fn new(auth_url: &str, ttl: Duration, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let channel = Endpoint::from_shared(auth_url.to_owned())?
            .connect_timeout(Duration::from_secs(2))
            .timeout(Duration::from_secs(5))
            .connect_lazy();
        Ok(Self {
            client: AuthServiceClient::new(channel),
            cache: Arc::default(),
            ttl,
            clock,
        })
    }

    pub async fn check(&self, token: &str) -> Result<CheckedPrincipal, SupportError> {
        let key: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        if let Some(principal) = self.cached(&key) {
            return Ok(principal);
        }
        let reply = self
            .client
            .clone()
            .validate_session(ValidateSessionRequest {
                session_token: token.to_owned(),
            })
            .await;
        let principal = match reply {
            Ok(reply) => {
                let p = reply.into_inner();
                CheckedPrincipal {
                    is_agent: p.roles.contains(&(Role::SupportAgent as i32)),
                    full: p.scope() == SessionScope::Full,
                    user_id: p.user_id,
                    email: p.email,
                    first_name: p.first_name,
                    last_name: p.last_name,
                }
            }
            Err(status) => {
                return Err(match status.code() {
                    Code::Unauthenticated | Code::InvalidArgument => SupportError::Unauthenticated,
                    Code::Unavailable
                    | Code::DeadlineExceeded
                    | Code::Unknown
                    | Code::Cancelled => SupportError::AuthUnavailable(status.message().to_owned()),
                    _ => SupportError::Internal(anyhow::anyhow!(
                        "auth service answered {:?}: {}",
                        status.code(),
                        status.message()
                    )),
                });
            }
        };
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() >= MAX_ENTRIES {
            cache.clear();
        }
        cache.insert(key, (self.clock.now(), principal.clone()));
        Ok(principal)
    }

    fn cached(&self, key: &[u8; 32]) -> Option<CheckedPrincipal> {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        match cache.get(key) {
            // A clock that stepped back does not stretch an entry's life.
            Some((at, principal)) if (*at..at.plus(self.ttl)).contains(&self.clock.now()) => {
                Some(principal.clone())
            }
            Some(_) => {
                cache.remove(key);
                None
            }
            None => None,
        }
    }
}
