//! Where delivered mail goes: an SMTP server, or `.eml` files in a folder.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};

use super::OutgoingMail;

/// The configured delivery route.
#[derive(Clone)]
pub enum MailTransport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files {
        dir: PathBuf,
        transport: AsyncFileTransport<Tokio1Executor>,
    },
}

impl std::fmt::Debug for MailTransport {
    // The SMTP URL may carry credentials: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Smtp(_) => f.write_str("MailTransport::Smtp"),
            Self::Files { dir, .. } => write!(f, "MailTransport::Files({})", dir.display()),
        }
    }
}

impl MailTransport {
    /// SMTP when `smtp_url` is set (`smtp://host:port`), otherwise `.eml`
    /// files under `mail_dir`.
    pub fn new(smtp_url: Option<&SecretString>, mail_dir: PathBuf) -> anyhow::Result<Self> {
        match smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .context("PORTAL_SMTP_URL is not a valid SMTP URL")?
                    .timeout(Some(Duration::from_secs(10)))
                    .build();
                Ok(Self::Smtp(transport))
            }
            None => {
                std::fs::create_dir_all(&mail_dir)
                    .with_context(|| format!("creating mail folder {}", mail_dir.display()))?;
                let transport = AsyncFileTransport::<Tokio1Executor>::new(&mail_dir);
                Ok(Self::Files {
                    dir: mail_dir,
                    transport,
                })
            }
        }
    }

    /// Delivers one message; `message_id` makes a retried delivery
    /// recognisable as the same message.
    pub async fn send(
        &self,
        from: &Mailbox,
        message_id: &str,
        mail: &OutgoingMail,
    ) -> anyhow::Result<()> {
        let to: Mailbox = mail.to.parse().context("recipient address")?;
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&mail.subject)
            .message_id(Some(format!("<{message_id}@portal>")))
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .context("building the message")?;
        match self {
            Self::Smtp(transport) => {
                transport.send(message).await.context("SMTP delivery")?;
            }
            Self::Files { dir, transport } => {
                let id = transport.send(message).await.context("writing .eml file")?;
                tracing::info!(path = %dir.join(format!("{id}.eml")).display(), "mail written");
            }
        }
        Ok(())
    }
}
