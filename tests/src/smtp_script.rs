//! An SMTP server that misbehaves on purpose, over real TCP: it refuses
//! some recipients for good (`550` at `RCPT`) and holds its reply to the
//! final dot of a message for others, the way field reports describe
//! slow or broken relays. Each recipient's local part picks the behaviour:
//! `refused…` is refused; `stalled…` has its first transaction held until
//! the client gives up (or `release` is called); anything else is accepted.
//!
//! A delivery counts only when the client is still there to read the
//! `250` — what a sender can know it delivered.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// One accepted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub to: String,
    /// The `Message-ID` header's value.
    pub message_id: String,
    /// Transactions being held at the moment this one was accepted.
    pub stalled_meanwhile: usize,
}

#[derive(Debug, Default)]
struct State {
    deliveries: Vec<Delivery>,
    /// Message-IDs whose first transaction has been held already.
    stalled_once: Vec<String>,
    /// Transactions held right now.
    stalled_now: usize,
    /// Transactions abandoned by the client while held.
    abandoned: usize,
    /// `RCPT` commands refused.
    refusals: usize,
}

/// The running server; it lives until the test's runtime ends.
#[derive(Debug, Clone)]
pub struct ScriptedSmtp {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    /// Rung after every change of `state`, for [`Self::wait_until`].
    changed: Arc<Notify>,
    release: Arc<Notify>,
}

impl ScriptedSmtp {
    pub async fn start() -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let server = Self {
            addr: listener.local_addr()?,
            state: Arc::default(),
            changed: Arc::new(Notify::new()),
            release: Arc::new(Notify::new()),
        };
        let accepting = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let session = accepting.clone();
                tokio::spawn(async move {
                    let _ = session.serve(stream).await;
                });
            }
        });
        Ok(server)
    }

    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Changes the state and tells whoever waits on it.
    fn update<R>(&self, change: impl FnOnce(&mut State) -> R) -> R {
        let result = change(&mut self.state());
        self.changed.notify_waiters();
        result
    }

    pub fn deliveries(&self) -> Vec<Delivery> {
        self.state().deliveries.clone()
    }

    /// Transactions being held right now.
    pub fn holding(&self) -> usize {
        self.state().stalled_now
    }

    /// Held transactions the client hung up on.
    pub fn abandoned(&self) -> usize {
        self.state().abandoned
    }

    pub fn refusals(&self) -> usize {
        self.state().refusals
    }

    /// Lets every held reply go.
    pub fn release(&self) {
        self.release.notify_waiters();
    }

    /// Waits (up to 20 s) until `done` holds for the server's state,
    /// looking again after each change.
    pub async fn wait_until(&self, what: &str, done: impl Fn(&Self) -> bool) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            // Registered before looking, so a change in between still wakes
            // this wait.
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if done(self) {
                return Ok(());
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                anyhow::bail!("timed out waiting for {what}");
            }
        }
    }

    async fn serve(&self, stream: TcpStream) -> anyhow::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut read = BufReader::new(read);
        write.write_all(b"220 scripted.test ESMTP\r\n").await?;
        let mut recipients: Vec<String> = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            if read.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_ascii_uppercase();
            let reply: &[u8] = if command.starts_with("EHLO") {
                b"250-scripted.test\r\n250 8BITMIME\r\n"
            } else if command.starts_with("HELO") || command.starts_with("NOOP") {
                b"250 OK\r\n"
            } else if command.starts_with("MAIL FROM") || command.starts_with("RSET") {
                recipients.clear();
                b"250 OK\r\n"
            } else if command.starts_with("RCPT TO") {
                let to = line
                    .trim_end()
                    .split_once(':')
                    .map(|(_, to)| {
                        to.trim()
                            .trim_matches(|c| c == '<' || c == '>')
                            .to_lowercase()
                    })
                    .unwrap_or_default();
                if to.starts_with("refused") {
                    self.update(|state| state.refusals += 1);
                    b"550 5.1.1 No such mailbox here\r\n"
                } else {
                    recipients.push(to);
                    b"250 OK\r\n"
                }
            } else if command == "DATA" {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let message = read_message(&mut read).await?;
                let accepted = self.finish_message(&recipients, &message, &mut read).await;
                if !accepted {
                    return Ok(());
                }
                b"250 OK queued\r\n"
            } else if command == "QUIT" {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            } else {
                b"502 Command not implemented\r\n"
            };
            write.write_all(reply).await?;
        }
    }

    /// Holds the reply when the script says so; records the delivery when
    /// the client is still there. False when the client hung up.
    async fn finish_message(
        &self,
        recipients: &[String],
        message: &str,
        read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    ) -> bool {
        let message_id = header(message, "message-id");
        let stall = recipients.iter().any(|to| to.starts_with("stalled"))
            && self.update(|state| {
                let first = !state.stalled_once.contains(&message_id);
                if first {
                    state.stalled_once.push(message_id.clone());
                    state.stalled_now += 1;
                }
                first
            });
        if stall {
            let released = self.release.notified();
            let mut probe = [0u8; 1];
            // The client sends nothing while it waits for the reply: a read
            // that returns means it hung up.
            let hung_up = tokio::select! {
                () = released => false,
                _ = read.read(&mut probe) => true,
            };
            self.update(|state| {
                state.stalled_now -= 1;
                if hung_up {
                    state.abandoned += 1;
                }
            });
            if hung_up {
                return false;
            }
        }
        self.update(|state| {
            let stalled_meanwhile = state.stalled_now;
            for to in recipients {
                state.deliveries.push(Delivery {
                    to: to.clone(),
                    message_id: message_id.clone(),
                    stalled_meanwhile,
                });
            }
        });
        true
    }
}

/// The message up to the line holding a single dot.
async fn read_message(
    read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> anyhow::Result<String> {
    let mut message = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if read.read_line(&mut line).await? == 0 {
            anyhow::bail!("client left in the middle of a message");
        }
        if line == ".\r\n" || line == ".\n" {
            return Ok(message);
        }
        message.push_str(&line);
    }
}

/// The value of header `name` (lower case) in `message`.
fn header(message: &str, name: &str) -> String {
    message
        .lines()
        .take_while(|line| !line.is_empty())
        .find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_default()
}
