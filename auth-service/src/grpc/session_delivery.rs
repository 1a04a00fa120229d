//! Handing a session to the caller. Native callers get the token in the
//! message body. When the gateway asks for cookie delivery (browser calls,
//! see `portal_common::request::SESSION_DELIVERY_HEADER`), the body's token
//! is left empty and the token travels in the `x-portal-session-token`
//! response header instead, which the gateway turns into an HttpOnly cookie
//! and removes: no script in the page ever sees it (README, "Sessions in
//! the browser").

use portal_common::request::{SESSION_TOKEN_HEADER, wants_cookie_delivery};
use portal_proto::auth::v1 as pb;
use tonic::metadata::MetadataValue;
use tonic::{Request, Response, Status};

use crate::domain::AuthDomain;
use crate::error::AuthError;

/// How the caller wants new sessions delivered; read before the request is
/// taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Body,
    Cookie,
}

impl Delivery {
    pub fn of<T>(request: &Request<T>) -> Self {
        if wants_cookie_delivery(request) {
            Delivery::Cookie
        } else {
            Delivery::Body
        }
    }

    /// The reply of `Login` or `CompleteRegistration`.
    pub fn session_opened(
        self,
        mut reply: pb::LoginResponse,
    ) -> Result<Response<pb::LoginResponse>, AuthError> {
        if self == Delivery::Body {
            return Ok(Response::new(reply));
        }
        let token = std::mem::take(&mut reply.session_token);
        // Tokens are `ps_` + base64url: always a valid header value.
        let value = MetadataValue::try_from(token.as_str())
            .map_err(|_| AuthError::Internal(anyhow::anyhow!("session token is not ASCII")))?;
        let mut response = Response::new(reply);
        response.metadata_mut().insert(SESSION_TOKEN_HEADER, value);
        Ok(response)
    }

    /// The reply of a call that ended the caller's own session.
    pub fn session_closed<T>(self, reply: T) -> Response<T> {
        let mut response = Response::new(reply);
        if self == Delivery::Cookie {
            response
                .metadata_mut()
                .insert(SESSION_TOKEN_HEADER, MetadataValue::from_static(""));
        }
        response
    }

    /// The reply of a call that may have ended the caller's own session
    /// among others (a revoked session, a completed reset): when the
    /// caller's `token` no longer names a live session, it is closed.
    pub async fn closed_if_ended<T>(
        self,
        domain: &AuthDomain,
        token: Option<&str>,
        reply: T,
    ) -> Response<T> {
        let ended = match token {
            Some(token) if self == Delivery::Cookie => {
                domain.validate_session(token).await.is_err()
            }
            _ => false,
        };
        if ended {
            self.session_closed(reply)
        } else {
            Response::new(reply)
        }
    }

    /// An error of a call that ended the caller's session on the way (a
    /// registration completed without a site).
    pub fn failed_and_closed(self, error: AuthError) -> Status {
        let status = Status::from(error);
        if self == Delivery::Cookie {
            portal_common::status::session_ended(status)
        } else {
            status
        }
    }
}
