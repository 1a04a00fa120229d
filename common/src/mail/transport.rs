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

/// Why one message did not go out.
#[derive(Debug)]
pub struct DeliveryError {
    /// The server refused it for good (an SMTP 5xx reply), or it cannot be
    /// built at all: trying again will not help.
    pub permanent: bool,
    pub error: anyhow::Error,
}

impl DeliveryError {
    fn transient(error: anyhow::Error) -> Self {
        Self {
            permanent: false,
            error,
        }
    }

    fn permanent(error: anyhow::Error) -> Self {
        Self {
            permanent: true,
            error,
        }
    }
}

impl MailTransport {
    /// SMTP when `smtp_url` is set (`smtp://host:port`), otherwise `.eml`
    /// files under `mail_dir`. `step_timeout` bounds each SMTP step
    /// (connecting, each command's reply).
    pub fn new(
        smtp_url: Option<&SecretString>,
        mail_dir: PathBuf,
        step_timeout: Duration,
    ) -> anyhow::Result<Self> {
        match smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .context("PORTAL_SMTP_URL is not a valid SMTP URL")?
                    .timeout(Some(step_timeout))
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

    /// Whether messages go out over SMTP (one at a time each, so a slow
    /// server holds up only its own message) rather than into files.
    pub fn is_smtp(&self) -> bool {
        matches!(self, Self::Smtp(_))
    }

    /// Delivers one message; over SMTP the whole exchange is bounded by
    /// `deadline` (a server that holds its reply to the message's final
    /// dot is not waited for longer). Each SMTP delivery has a connection
    /// of its own (lettre's pool is not used): one given up half-way is
    /// closed, never handed to the next message, whose commands would
    /// then read the late replies meant for this one. `message_id` becomes the
    /// `Message-ID`, so a retried delivery is recognisable as the same
    /// message.
    pub async fn send_one(
        &self,
        from: &Mailbox,
        message_id: &str,
        mail: &OutgoingMail,
        deadline: Duration,
    ) -> Result<(), DeliveryError> {
        match self {
            Self::Smtp(transport) => send_smtp(transport, from, message_id, mail, deadline).await,
            Self::Files { dir, transport } => write_files(
                dir,
                transport,
                from,
                &[(message_id.to_owned(), mail.clone())],
            )
            .await
            .pop()
            .unwrap_or(Ok(())),
        }
    }

    /// Delivers a batch of `(message id, mail)`, one outcome per message in
    /// order: `.eml` files by one blocking task for the whole batch, SMTP
    /// messages one after another, each bounded by `deadline`.
    pub async fn send_batch(
        &self,
        from: &Mailbox,
        batch: &[(String, OutgoingMail)],
        deadline: Duration,
    ) -> Vec<Result<(), DeliveryError>> {
        match self {
            Self::Smtp(transport) => {
                let mut outcomes = Vec::with_capacity(batch.len());
                for (id, mail) in batch {
                    outcomes.push(send_smtp(transport, from, id, mail, deadline).await);
                }
                outcomes
            }
            Self::Files { dir, transport } => write_files(dir, transport, from, batch).await,
        }
    }
}

async fn send_smtp(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    message_id: &str,
    mail: &OutgoingMail,
    deadline: Duration,
) -> Result<(), DeliveryError> {
    let message = build(from, message_id, mail).map_err(DeliveryError::permanent)?;
    match tokio::time::timeout(deadline, transport.send(message)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) if error.is_permanent() => Err(DeliveryError::permanent(
            anyhow::Error::new(error).context("SMTP refused"),
        )),
        Ok(Err(error)) => Err(DeliveryError::transient(
            anyhow::Error::new(error).context("SMTP delivery"),
        )),
        Err(_) => Err(DeliveryError::transient(anyhow::anyhow!(
            "SMTP delivery: no answer within {} ms",
            deadline.as_millis()
        ))),
    }
}

/// Writes `.eml` files by one blocking task for the whole batch (creating
/// a file is a blocking call; one hand-off per batch instead of per message
/// keeps it off the request path's threads).
async fn write_files(
    dir: &std::path::Path,
    transport: &FileTransport,
    from: &Mailbox,
    batch: &[(String, OutgoingMail)],
) -> Vec<Result<(), DeliveryError>> {
    let built: Vec<anyhow::Result<Message>> = batch
        .iter()
        .map(|(id, mail)| build(from, id, mail))
        .collect();
    let (dir, transport) = (dir.to_path_buf(), transport.clone());
    let count = built.len();
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || {
        let _entered = span.enter();
        built
            .into_iter()
            .map(|message| {
                let message = message.map_err(DeliveryError::permanent)?;
                let id = transport
                    .send(&message)
                    .context("writing .eml file")
                    .map_err(DeliveryError::transient)?;
                tracing::info!(path = %dir.join(format!("{id}.eml")).display(), "mail written");
                Ok(())
            })
            .collect()
    })
    .await
    .unwrap_or_else(|error| {
        (0..count)
            .map(|_| {
                Err(DeliveryError::transient(anyhow::anyhow!(
                    "mail writer stopped: {error}"
                )))
            })
            .collect()
    })
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
