//! argon2id on a pool of worker threads (one per core by default), each
//! keeping its own argon2id arena between hashes (see `engine`). A request
//! is admitted by its expected wait (see `admission`): when the work ahead
//! of it would take longer than `hashing.max_wait_ms` or the caller's own
//! deadline, it is refused at once (`Overloaded`, with that estimate)
//! instead of timing out in the queue. Unknown accounts are verified
//! against a dummy hash at the same cost.

mod admission;
mod engine;

pub use engine::{Cost, Engine, Implementation, OUTPUT_LEN, SALT_LEN};

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};
use tracing::Span;

use self::admission::Admission;
use crate::settings::HashingSettings;

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Not admitted: the work ahead would outlast the request's budget.
    #[error("hashing pool busy for {retry_after:?}")]
    Overloaded { retry_after: Duration },
    #[error("hashing failed: {0}")]
    Failed(String),
}

enum Job {
    Hash {
        password: SecretString,
        reply: oneshot::Sender<Result<String, HashError>>,
        ticket: Ticket,
    },
    Verify {
        password: SecretString,
        phc: String,
        reply: oneshot::Sender<Result<bool, HashError>>,
        ticket: Ticket,
    },
}

/// One admitted job's place: its permit under the memory guard and its
/// share of the estimated wait, both given back when it is dropped (after
/// the job ran, or if it never did).
#[derive(Debug)]
struct Ticket {
    _permit: OwnedSemaphorePermit,
    admission: Arc<Admission>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.admission.finished();
    }
}

/// Handle to the pool; cheap to clone.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    jobs: Sender<(Span, Job)>,
    /// `hashing.queue_limit` + workers: a guard on memory, should the
    /// estimate ever be wrong.
    slots: Arc<Semaphore>,
    admission: Arc<Admission>,
    /// Verified against when the account does not exist, so unknown emails
    /// cost the same as known ones.
    dummy_hash: Arc<str>,
    /// Verifications run so far (for metrics, and for tests that prove how
    /// many passwords were evaluated).
    verifications: Arc<AtomicU64>,
    /// `hashing.max_wait_ms`: the longest a request may expect to wait.
    max_wait: Duration,
}

/// The right to run one hashing job, taken before the work is committed to.
#[derive(Debug)]
pub struct HashSlot {
    ticket: Ticket,
    hasher: PasswordHasher,
}

impl PasswordHasher {
    pub fn start(settings: &HashingSettings) -> anyhow::Result<Self> {
        let cost = Cost {
            memory_kib: settings.memory_kib,
            iterations: settings.iterations,
            parallelism: settings.parallelism,
        };
        let mut engine = Engine::new(cost).map_err(|error| anyhow::anyhow!("{error}"))?;
        let workers = match settings.workers {
            0 => thread::available_parallelism().map_or(1, usize::from),
            n => n,
        };
        // The dummy hash is also the first measurement of a job's time.
        let mut dummy_password = [0u8; 24];
        rand::rng().fill_bytes(&mut dummy_password);
        let started = Instant::now();
        let dummy_hash = engine
            .hash(&dummy_password)
            .map_err(|error| anyhow::anyhow!("{error}"))?;
        let admission = Arc::new(Admission::new(workers, started.elapsed()));

        let capacity = settings.queue_limit.max(1) + workers;
        let (jobs, queue) = crossbeam_channel::bounded(capacity);
        let verifications = Arc::new(AtomicU64::new(0));
        for index in 0..workers {
            let queue = queue.clone();
            let verifications = verifications.clone();
            let admission = admission.clone();
            let engine = Engine::new(cost).map_err(|error| anyhow::anyhow!("{error}"))?;
            thread::Builder::new()
                .name(format!("argon2-{index}"))
                .spawn(move || run(engine, &queue, &verifications, &admission))?;
        }
        Ok(Self {
            jobs,
            slots: Arc::new(Semaphore::new(capacity)),
            admission,
            dummy_hash: dummy_hash.into(),
            verifications,
            max_wait: Duration::from_millis(settings.max_wait_ms),
        })
    }

    /// The longest a request may expect to wait (`hashing.max_wait_ms`).
    pub fn max_wait(&self) -> Duration {
        self.max_wait
    }

    /// Verifications evaluated since start.
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }

    /// Jobs admitted and not finished (queued or running).
    pub fn queue_depth(&self) -> usize {
        self.admission.in_flight()
    }

    /// How long a job admitted now would take, by the current load and the
    /// measured speed.
    pub fn estimated_wait(&self) -> Duration {
        self.admission.estimated_wait()
    }

    /// Takes a place for one job if it can expect to be done within
    /// `max_wait` and before `deadline` (the caller's own, when it sent
    /// one); otherwise fails at once with the estimated wait.
    pub fn reserve(&self, deadline: Option<Instant>) -> Result<HashSlot, HashError> {
        let overloaded = |admission: &Admission| HashError::Overloaded {
            retry_after: admission.estimated_wait(),
        };
        let permit = self
            .slots
            .clone()
            .try_acquire_owned()
            .map_err(|_| overloaded(&self.admission))?;
        self.admission
            .admit(self.max_wait, deadline)
            .map_err(|refusal| HashError::Overloaded {
                retry_after: refusal.estimated_wait,
            })?;
        Ok(HashSlot {
            ticket: Ticket {
                _permit: permit,
                admission: self.admission.clone(),
            },
            hasher: self.clone(),
        })
    }

    /// Reserves (bounded by `max_wait` only) and hashes in one go.
    pub async fn hash(&self, password: SecretString) -> Result<String, HashError> {
        self.reserve(None)?.hash(password).await
    }

    /// Reserves (bounded by `max_wait` only) and verifies in one go.
    pub async fn verify(
        &self,
        password: SecretString,
        phc: Option<&str>,
    ) -> Result<bool, HashError> {
        self.reserve(None)?.verify(password, phc).await
    }
}

impl HashSlot {
    pub async fn hash(self, password: SecretString) -> Result<String, HashError> {
        let (reply, answer) = oneshot::channel();
        self.submit(|ticket| Job::Hash {
            password,
            reply,
            ticket,
        })?;
        answer
            .await
            .map_err(|_| HashError::Failed("worker stopped".into()))?
    }

    /// Verifies `password` against `phc`, or against the dummy hash when
    /// there is none (unknown account), which always answers `false`.
    pub async fn verify(
        self,
        password: SecretString,
        phc: Option<&str>,
    ) -> Result<bool, HashError> {
        let (reply, answer) = oneshot::channel();
        let known = phc.is_some();
        let phc = phc.map_or_else(|| self.hasher.dummy_hash.to_string(), str::to_owned);
        self.submit(|ticket| Job::Verify {
            password,
            phc,
            reply,
            ticket,
        })?;
        let matched = answer
            .await
            .map_err(|_| HashError::Failed("worker stopped".into()))??;
        Ok(matched && known)
    }

    fn submit(self, job: impl FnOnce(Ticket) -> Job) -> Result<(), HashError> {
        let HashSlot { ticket, hasher } = self;
        // The channel holds as many jobs as there are permits, so with a
        // permit in hand it is never full.
        hasher
            .jobs
            .try_send((Span::current(), job(ticket)))
            .map_err(|_| HashError::Failed("hashing pool stopped".into()))
    }
}

/// A worker: takes jobs until the pool is dropped, timing each for the
/// admission estimate.
fn run(
    mut engine: Engine,
    queue: &Receiver<(Span, Job)>,
    verifications: &AtomicU64,
    admission: &Admission,
) {
    while let Ok((span, job)) = queue.recv() {
        let _entered = span.enter();
        let started = Instant::now();
        match job {
            Job::Hash {
                password,
                reply,
                ticket,
            } => {
                let result = engine.hash(password.expose_secret().as_bytes());
                if result.is_ok() {
                    admission.record(started.elapsed());
                }
                drop(ticket);
                let _ = reply.send(result);
            }
            Job::Verify {
                password,
                phc,
                reply,
                ticket,
            } => {
                let result = engine.verify(password.expose_secret().as_bytes(), &phc);
                // A malformed hash fails at once: no measure of a job.
                if result.is_ok() {
                    admission.record(started.elapsed());
                }
                verifications.fetch_add(1, Ordering::Relaxed);
                drop(ticket);
                let _ = reply.send(result);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> HashingSettings {
        HashingSettings {
            workers: 1,
            queue_limit: 4,
            max_wait_ms: 1_000,
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        }
    }

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_do_not() -> anyhow::Result<()> {
        let hasher = PasswordHasher::start(&cheap())?;
        let phc = hasher.hash(SecretString::from("correct horse")).await?;
        assert!(phc.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{phc}");
        assert!(
            hasher
                .verify(SecretString::from("correct horse"), Some(&phc))
                .await?
        );
        assert!(
            !hasher
                .verify(SecretString::from("wrong horse"), Some(&phc))
                .await?
        );
        Ok(())
    }

    #[tokio::test]
    async fn unknown_accounts_never_verify() -> anyhow::Result<()> {
        let hasher = PasswordHasher::start(&cheap())?;
        assert!(!hasher.verify(SecretString::from(""), None).await?);
        Ok(())
    }

    #[tokio::test]
    async fn hashes_made_with_other_parameters_still_verify() -> anyhow::Result<()> {
        let old = PasswordHasher::start(&HashingSettings {
            memory_kib: 128,
            ..cheap()
        })?;
        let phc = old.hash(SecretString::from("kept from before")).await?;
        let current = PasswordHasher::start(&cheap())?;
        assert!(
            current
                .verify(SecretString::from("kept from before"), Some(&phc))
                .await?
        );
        Ok(())
    }

    #[test]
    fn a_full_queue_refuses_at_once() -> anyhow::Result<()> {
        let settings = HashingSettings {
            workers: 1,
            queue_limit: 1,
            max_wait_ms: 1_000,
            memory_kib: 65_536,
            iterations: 4,
            parallelism: 1,
        };
        let hasher = PasswordHasher::start(&settings)?;
        let runtime = tokio::runtime::Builder::new_current_thread().build()?;
        let mut overloaded = 0;
        runtime.block_on(async {
            let mut pending = Vec::new();
            for _ in 0..8 {
                let hasher = hasher.clone();
                pending.push(tokio::spawn(async move {
                    hasher.hash(SecretString::from("x")).await
                }));
            }
            for task in pending {
                if matches!(task.await, Ok(Err(HashError::Overloaded { .. }))) {
                    overloaded += 1;
                }
            }
        });
        assert!(overloaded >= 5, "only {overloaded} of 8 refused");
        Ok(())
    }
}
