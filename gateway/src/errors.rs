//! What the gateway itself answers with, before any service sees a call.

/// `ErrorInfo.domain` of the gateway's own errors.
pub const ERROR_DOMAIN: &str = "gateway.portal";

portal_common::reason_codes! {
    /// Every `ErrorInfo.reason` the gateway answers with (README, "The
    /// gateway").
    pub enum Reason {
        /// The per-address limit on unsigned calls (`RESOURCE_EXHAUSTED`).
        RateLimited => "RATE_LIMITED",
        /// A cookie-authenticated call from another site or not grpc-web
        /// (`PERMISSION_DENIED`).
        CrossSiteRequestRefused => "CROSS_SITE_REQUEST_REFUSED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_codes_are_distinct_and_shaped() {
        let codes: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(portal_common::status::check_reason_codes(&codes), Ok(()));
    }
}
