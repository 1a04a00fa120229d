//! A real SMTP server (mailin-embedded) on a loopback port, keeping every
//! message it accepts so tests can read codes and links out of them.

use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;

use mailin_embedded::{Handler, Response, Server, response};

/// One delivered message, parsed.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

/// What arrived, and a bell rung on each arrival for whoever waits.
#[derive(Debug, Default)]
struct Mailroom {
    messages: Mutex<Vec<ReceivedMail>>,
    arrived: Notify,
}

type Inbox = Arc<Mailroom>;

#[derive(Clone)]
struct Collector {
    inbox: Inbox,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Collector {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let Ok(parsed) = mailparse::parse_mail(&self.data) else {
            return response::INTERNAL_ERROR;
        };
        let subject = parsed
            .headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case("subject"))
            .map(|h| h.get_value())
            .unwrap_or_default();
        let body = parsed.get_body().unwrap_or_default();
        self.inbox
            .messages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(ReceivedMail {
                to: self.to.iter().map(|t| t.to_lowercase()).collect(),
                subject,
                body,
            });
        self.inbox.arrived.notify_waiters();
        response::OK
    }
}

/// The running server. Its threads live until the test process ends.
#[derive(Debug, Clone)]
pub struct SmtpServer {
    addr: SocketAddr,
    inbox: Inbox,
}

impl SmtpServer {
    /// Starts on a free loopback port.
    pub fn start() -> anyhow::Result<Self> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Starts on `addr` (e.g. a port reserved with [`free_port`] earlier).
    pub fn start_on(addr: SocketAddr) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let inbox = Inbox::default();
        let mut server = Server::new(Collector {
            inbox: inbox.clone(),
            to: Vec::new(),
            data: Vec::new(),
        });
        server
            .with_name("smtp.test")
            // One thread per open connection: the sender keeps up to 8
            // deliveries, each on its own connection, under way at once.
            .with_num_threads(16)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Ok(Self { addr, inbox })
    }

    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn messages_to(&self, to: &str) -> Vec<ReceivedMail> {
        let to = to.to_lowercase();
        self.inbox
            .messages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter(|m| m.to.contains(&to))
            .cloned()
            .collect()
    }

    /// Waits until `count` messages to `to` arrived (at most 20 s), woken
    /// by each arrival.
    pub async fn wait_for(&self, to: &str, count: usize) -> anyhow::Result<Vec<ReceivedMail>> {
        let mut messages = Vec::new();
        let arrived = self
            .until(|server| {
                messages = server.messages_to(to);
                messages.len() >= count
            })
            .await;
        if !arrived {
            anyhow::bail!("expected {count} messages to {to}, got {}", messages.len());
        }
        Ok(messages)
    }

    /// Waits until `done` holds, looking again after each arrival; false
    /// after 20 s.
    async fn until(&self, mut done: impl FnMut(&Self) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            // Registered before looking, so an arrival in between still
            // wakes this wait.
            let arrival = self.inbox.arrived.notified();
            tokio::pin!(arrival);
            arrival.as_mut().enable();
            if done(self) {
                return true;
            }
            if tokio::time::timeout_at(deadline, arrival).await.is_err() {
                return done(self);
            }
        }
    }
}

impl SmtpServer {
    pub fn messages_with_subject(&self, to: &str, subject: &str) -> Vec<ReceivedMail> {
        self.messages_to(to)
            .into_iter()
            .filter(|m| m.subject == subject)
            .collect()
    }

    /// Waits until `count` messages to `to` with `subject` arrived; returns
    /// the newest.
    pub async fn wait_for_subject(
        &self,
        to: &str,
        subject: &str,
        count: usize,
    ) -> anyhow::Result<ReceivedMail> {
        let mut messages = Vec::new();
        let arrived = self
            .until(|server| {
                messages = server.messages_with_subject(to, subject);
                messages.len() >= count
            })
            .await;
        match messages.last() {
            Some(newest) if arrived => Ok(newest.clone()),
            _ => anyhow::bail!(
                "expected {count} {subject:?} messages to {to}, got {}",
                messages.len()
            ),
        }
    }
}

/// A loopback address nobody listens on (yet).
pub fn free_port() -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    Ok(listener.local_addr()?)
}
