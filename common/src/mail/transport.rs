//! Where delivered mail goes: an SMTP server, or `.eml` files in a folder.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, FileTransport, Tokio1Executor, Transport};
use secrecy::{ExposeSecret, SecretString};

use super::OutgoingMail;

/// The configured delivery route.
#[derive(Clone)]
pub enum MailTransport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files {
        dir: PathBuf,
        transport: FileTransport,
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
                let transport = FileTransport::new(&mail_dir);
                Ok(Self::Files {
                    dir: mail_dir,
                    transport,
                })
            }
        }
    }

    /// Delivers a batch of `(message id, mail)`, one outcome per message in
    /// order; the id makes a retried delivery recognisable as the same
    /// message. Files are written by one blocking task for the whole batch
    /// (creating a file is a blocking call; one hand-off per batch instead
    /// of per message keeps it off the request path's threads).
    pub async fn send_batch(
        &self,
        from: &Mailbox,
        batch: &[(String, OutgoingMail)],
    ) -> Vec<anyhow::Result<()>> {
        let built: Vec<anyhow::Result<Message>> = batch
            .iter()
            .map(|(id, mail)| build(from, id, mail))
            .collect();
        match self {
            Self::Smtp(transport) => {
                let mut outcomes = Vec::with_capacity(built.len());
                for message in built {
                    outcomes.push(match message {
                        Ok(message) => transport
                            .send(message)
                            .await
                            .map(drop)
                            .context("SMTP delivery"),
                        Err(error) => Err(error),
                    });
                }
                outcomes
            }
            Self::Files { dir, transport } => {
                let (dir, transport) = (dir.clone(), transport.clone());
                let count = built.len();
                let span = tracing::Span::current();
                tokio::task::spawn_blocking(move || {
                    let _entered = span.enter();
                    built
                        .into_iter()
                        .map(|message| {
                            let id = transport.send(&message?).context("writing .eml file")?;
                            tracing::info!(path = %dir.join(format!("{id}.eml")).display(), "mail written");
                            Ok(())
                        })
                        .collect()
                })
                .await
                .unwrap_or_else(|error| {
                    (0..count)
                        .map(|_| Err(anyhow::anyhow!("mail writer stopped: {error}")))
                        .collect()
                })
            }
        }
    }
}

fn build(from: &Mailbox, message_id: &str, mail: &OutgoingMail) -> anyhow::Result<Message> {
    let to = crate::email::recipient(&mail.to).context("recipient address")?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&mail.subject)
        .message_id(Some(format!("<{message_id}@portal>")))
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .context("building the message")
}
