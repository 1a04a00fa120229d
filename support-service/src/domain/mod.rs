//! The rules of the support desk. The clock is injected; SQL lives in
//! `crate::store`; sessions are confirmed by the auth service.

pub mod agent;
pub mod intake;
mod limits;
mod mail_templates;
pub mod model;
mod reply;
mod roster;
mod status;
mod submit;

pub use reply::Replied;
pub use status::TicketStatusView;
pub use submit::Submitted;

use std::sync::Arc;

use portal_common::mail::MailSender;
use portal_common::{Clock, Database, UtcTime};

use crate::auth_client::SessionChecker;
use crate::settings::LimitSettings;

/// Everything a handler needs, shared by all of them.
#[derive(Debug)]
pub struct SupportDomain {
    pub(crate) db: Database,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) mail: MailSender,
    pub(crate) sessions: SessionChecker,
    pub(crate) intake: tokio::sync::mpsc::Sender<submit::Job>,
    pub(crate) limits: LimitSettings,
    /// When this process last wrote down each agent's visit.
    pub(crate) roster_seen: std::sync::Mutex<std::collections::HashMap<String, UtcTime>>,
}

impl SupportDomain {
    pub fn new(
        db: Database,
        clock: Arc<dyn Clock>,
        mail: MailSender,
        sessions: SessionChecker,
        limits: LimitSettings,
    ) -> Self {
        let intake = submit::IntakeWriter {
            db: db.clone(),
            clock: clock.clone(),
            limits: limits.clone(),
            mail: mail.clone(),
        }
        .spawn();
        Self {
            db,
            clock,
            mail,
            sessions,
            intake,
            limits,
            roster_seen: std::sync::Mutex::default(),
        }
    }

    pub(crate) fn now(&self) -> UtcTime {
        self.clock.now()
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Returns once every email due by the service's clock has been tried
    /// (see `MailSender::flush`): what tests call instead of waiting.
    pub async fn flush_mail(&self) -> anyhow::Result<()> {
        self.mail.flush().await
    }
}
