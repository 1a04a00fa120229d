//! Outgoing mail. A change that causes a message writes it to the
//! `mail_outbox` table in its own transaction ([`enqueue`]); a background
//! [`sender`] delivers it with retries, so an SMTP outage delays mail but
//! never loses it.

mod in_flight;
mod outbox;
pub mod sender;
mod settings;
mod transport;

pub use outbox::{
    OUTBOX_SWEEPS, OutgoingMail, enqueue, failed_count, outbox_gauges, pending_count,
};
pub use sender::{MailSender, MailSenderSettings};
pub use settings::MailSettings;
pub use transport::MailTransport;
