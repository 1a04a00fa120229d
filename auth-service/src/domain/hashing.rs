//! argon2id on a bounded pool of worker threads. Each worker owns one memory
//! buffer for the whole run, so hashing allocates nothing per request; when
//! the queue is full a request fails at once (`Overloaded`) instead of
//! piling up memory.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use argon2::{Algorithm, Argon2, Block, Params, Version};
use crossbeam_channel::{Receiver, Sender};
use phc::{Ident, Output, ParamsString, PasswordHash, Salt};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};
use tracing::Span;

use crate::settings::HashingSettings;

const SALT_LEN: usize = 16;
const OUTPUT_LEN: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("hashing queue is full")]
    Overloaded,
    #[error("hashing failed: {0}")]
    Failed(String),
}

enum Job {
    Hash {
        password: SecretString,
        reply: oneshot::Sender<Result<String, HashError>>,
        permit: OwnedSemaphorePermit,
    },
    Verify {
        password: SecretString,
        phc: String,
        reply: oneshot::Sender<Result<bool, HashError>>,
        permit: OwnedSemaphorePermit,
    },
}

/// Handle to the pool; cheap to clone.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    jobs: Sender<(Span, Job)>,
    /// One permit per job that may be queued or running; a request takes
    /// one before it changes any state, so an overloaded pool refuses
    /// cleanly.
    slots: Arc<Semaphore>,
    /// Verified against when the account does not exist, so unknown emails
    /// cost the same as known ones.
    dummy_hash: Arc<str>,
    /// Verifications run so far (for metrics, and for tests that prove how
    /// many passwords were evaluated).
    verifications: Arc<AtomicU64>,
    /// `hashing.max_wait_ms`: the longest a request waits for its turn.
    max_wait: std::time::Duration,
}

/// The right to run one hashing job, taken before the work is committed to.
#[derive(Debug)]
pub struct HashSlot {
    permit: OwnedSemaphorePermit,
    hasher: PasswordHasher,
}

impl PasswordHasher {
    pub fn start(settings: &HashingSettings) -> anyhow::Result<Self> {
        let params = Params::new(
            settings.memory_kib,
            settings.iterations,
            settings.parallelism,
            Some(OUTPUT_LEN),
        )
        .map_err(|error| anyhow::anyhow!("invalid argon2 parameters: {error}"))?;
        let workers = match settings.workers {
            0 => thread::available_parallelism().map_or(1, usize::from),
            n => n,
        };
        let capacity = settings.queue_limit.max(1) + workers;
        let (jobs, queue) = crossbeam_channel::bounded(capacity);
        let verifications = Arc::new(AtomicU64::new(0));
        for index in 0..workers {
            let queue = queue.clone();
            let params = params.clone();
            let verifications = verifications.clone();
            thread::Builder::new()
                .name(format!("argon2-{index}"))
                .spawn(move || Worker::new(params).run(queue, &verifications))?;
        }
        let mut dummy_password = [0u8; 24];
        rand::rng().fill_bytes(&mut dummy_password);
        let dummy_hash = Worker::new(params)
            .hash(&dummy_password)
            .map_err(|error| anyhow::anyhow!("{error}"))?;
        Ok(Self {
            jobs,
            slots: Arc::new(Semaphore::new(capacity)),
            dummy_hash: dummy_hash.into(),
            verifications,
            max_wait: std::time::Duration::from_millis(settings.max_wait_ms),
        })
    }

    /// The longest a request may wait for its turn (`hashing.max_wait_ms`).
    pub fn max_wait(&self) -> std::time::Duration {
        self.max_wait
    }

    /// Password verifications evaluated since start.
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }

    /// Jobs queued or running right now.
    pub fn queue_depth(&self) -> usize {
        self.jobs.len()
    }

    /// Takes a slot, or fails at once when the pool is saturated.
    pub fn reserve(&self) -> Result<HashSlot, HashError> {
        let permit = self
            .slots
            .clone()
            .try_acquire_owned()
            .map_err(|_| HashError::Overloaded)?;
        Ok(HashSlot {
            permit,
            hasher: self.clone(),
        })
    }

    /// Reserves and hashes in one go.
    pub async fn hash(&self, password: SecretString) -> Result<String, HashError> {
        self.reserve()?.hash(password).await
    }

    /// Reserves and verifies in one go.
    pub async fn verify(
        &self,
        password: SecretString,
        phc: Option<&str>,
    ) -> Result<bool, HashError> {
        self.reserve()?.verify(password, phc).await
    }
}

impl HashSlot {
    pub async fn hash(self, password: SecretString) -> Result<String, HashError> {
        let (reply, answer) = oneshot::channel();
        self.submit(|permit| Job::Hash {
            password,
            reply,
            permit,
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
        self.submit(|permit| Job::Verify {
            password,
            phc,
            reply,
            permit,
        })?;
        let matched = answer
            .await
            .map_err(|_| HashError::Failed("worker stopped".into()))??;
        Ok(matched && known)
    }

    fn submit(self, job: impl FnOnce(OwnedSemaphorePermit) -> Job) -> Result<(), HashError> {
        let HashSlot { permit, hasher } = self;
        // The channel holds as many jobs as there are permits, so with a
        // permit in hand it is never full.
        hasher
            .jobs
            .try_send((Span::current(), job(permit)))
            .map_err(|_| HashError::Failed("hashing pool stopped".into()))
    }
}

struct Worker {
    params: Params,
    argon2: Argon2<'static>,
    blocks: Vec<Block>,
}

impl Worker {
    fn new(params: Params) -> Self {
        let blocks = vec![Block::default(); params.block_count()];
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        Self {
            params,
            argon2,
            blocks,
        }
    }

    fn run(mut self, queue: Receiver<(Span, Job)>, verifications: &AtomicU64) {
        while let Ok((span, job)) = queue.recv() {
            let _entered = span.enter();
            match job {
                Job::Hash {
                    password,
                    reply,
                    permit,
                } => {
                    let result = self.hash(password.expose_secret().as_bytes());
                    drop(permit);
                    let _ = reply.send(result);
                }
                Job::Verify {
                    password,
                    phc,
                    reply,
                    permit,
                } => {
                    let result = self.verify(password.expose_secret().as_bytes(), &phc);
                    verifications.fetch_add(1, Ordering::Relaxed);
                    drop(permit);
                    let _ = reply.send(result);
                }
            }
        }
    }

    fn hash(&mut self, password: &[u8]) -> Result<String, HashError> {
        let mut salt = [0u8; SALT_LEN];
        rand::rng().fill_bytes(&mut salt);
        let mut output = [0u8; OUTPUT_LEN];
        self.argon2
            .hash_password_into_with_memory(password, &salt, &mut output, &mut self.blocks)
            .map_err(|error| HashError::Failed(error.to_string()))?;
        encode_phc(&self.params, &salt, &output)
    }

    fn verify(&mut self, password: &[u8], phc: &str) -> Result<bool, HashError> {
        let parsed = PasswordHash::new(phc).map_err(|e| HashError::Failed(e.to_string()))?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Err(HashError::Failed("hash without salt or output".into()));
        };
        let param = |name: &str| {
            parsed
                .params
                .get_decimal(name)
                .ok_or_else(|| HashError::Failed(format!("hash without {name}")))
        };
        let params = Params::new(param("m")?, param("t")?, param("p")?, Some(expected.len()))
            .map_err(|error| HashError::Failed(error.to_string()))?;
        let mut output = vec![0u8; expected.len()];
        if params == self.params {
            self.argon2.hash_password_into_with_memory(
                password,
                salt.as_ref(),
                &mut output,
                &mut self.blocks,
            )
        } else {
            // A hash made with older parameters: verify it with its own.
            if self.blocks.len() < params.block_count() {
                self.blocks.resize(params.block_count(), Block::default());
            }
            let count = params.block_count();
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password_into_with_memory(
                password,
                salt.as_ref(),
                &mut output,
                &mut self.blocks[..count],
            )
        }
        .map_err(|error| HashError::Failed(error.to_string()))?;
        Ok(output.ct_eq(expected.as_bytes()).into())
    }
}

fn encode_phc(params: &Params, salt: &[u8], output: &[u8]) -> Result<String, HashError> {
    let failed = |error: phc::Error| HashError::Failed(error.to_string());
    let mut phc_params = ParamsString::new();
    phc_params
        .add_decimal("m", params.m_cost())
        .map_err(failed)?;
    phc_params
        .add_decimal("t", params.t_cost())
        .map_err(failed)?;
    phc_params
        .add_decimal("p", params.p_cost())
        .map_err(failed)?;
    let hash = PasswordHash {
        algorithm: Ident::new("argon2id").map_err(failed)?,
        version: Some(0x13),
        params: phc_params,
        salt: Some(Salt::new(salt).map_err(failed)?),
        hash: Some(Output::new(output).map_err(failed)?),
    };
    Ok(hash.to_string())
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
                if matches!(task.await, Ok(Err(HashError::Overloaded))) {
                    overloaded += 1;
                }
            }
        });
        assert!(overloaded >= 5, "only {overloaded} of 8 refused");
        Ok(())
    }
}
