//! Admission by expected wait: a request joins the hashing queue only if it
//! can expect to be done within its budget — `hashing.max_wait_ms`, and the
//! caller's own `grpc-timeout` when shorter. The estimate is the work ahead
//! of it (jobs admitted and not finished, spread over the workers) times
//! the measured time of one job. A queued request costs a few KiB (its
//! password and a reply channel), never a hashing buffer, so the queue may
//! be long when the workers are fast; `hashing.queue_limit` only guards
//! memory against a wrong estimate.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Weight of the newest job in the running mean of job times: 1/8.
const SMOOTHING_SHIFT: u32 = 3;

/// The pool's load and speed, shared by the handles and the workers.
#[derive(Debug)]
pub struct Admission {
    workers: usize,
    /// Jobs admitted and not finished (queued or running).
    in_flight: AtomicUsize,
    /// The running mean of one job's time, in nanoseconds.
    job_nanos: AtomicU64,
}

/// Why a request was not admitted, and when to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// The estimated time until the request would be done.
    pub estimated_wait: Duration,
}

impl Admission {
    /// `first_job` is a measured job (the pool times its dummy hash at
    /// start), so the first estimate is already this machine's.
    pub fn new(workers: usize, first_job: Duration) -> Self {
        Self {
            workers: workers.max(1),
            in_flight: AtomicUsize::new(0),
            job_nanos: AtomicU64::new(nanos(first_job).max(1)),
        }
    }

    /// How long a request admitted now would take until its job is done:
    /// the rounds of work ahead of it, plus its own.
    pub fn estimated_wait(&self) -> Duration {
        self.wait_behind(
            self.in_flight.load(Ordering::Relaxed),
            self.job_nanos.load(Ordering::Relaxed),
        )
    }

    /// Admits a request whose budget ends at `deadline` (`None`: only
    /// `max_wait` bounds it). On success the caller owns one in-flight job
    /// and must call [`Self::finished`] once.
    /// A request is always admitted while a worker is free, so an estimate
    /// gone stale (the mean learns only from admitted jobs) cannot refuse
    /// an idle pool for ever. The check and the count are one atomic step,
    /// so concurrent callers cannot all pass on the same count.
    pub fn admit(&self, max_wait: Duration, deadline: Option<Instant>) -> Result<(), Refusal> {
        let budget = match deadline {
            Some(deadline) => max_wait.min(deadline.saturating_duration_since(Instant::now())),
            None => max_wait,
        };
        let job = self.job_nanos.load(Ordering::Relaxed);
        self.in_flight
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |ahead| {
                (ahead < self.workers || self.wait_behind(ahead, job) <= budget)
                    .then_some(ahead + 1)
            })
            .map(|_| ())
            .map_err(|ahead| Refusal {
                estimated_wait: self.wait_behind(ahead, job),
            })
    }

    /// The wait of a job behind `ahead` others, each taking `job` ns.
    fn wait_behind(&self, ahead: usize, job: u64) -> Duration {
        let rounds = u64::try_from(ahead / self.workers + 1).unwrap_or(u64::MAX);
        Duration::from_nanos(job.saturating_mul(rounds))
    }

    /// A job admitted earlier is done (or was never run).
    pub fn finished(&self) {
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
    }

    /// Folds one job's measured time into the running mean.
    pub fn record(&self, took: Duration) {
        let sample = nanos(took).max(1);
        let _ = self
            .job_nanos
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |mean| {
                let mean = i128::from(mean);
                let next = mean + ((i128::from(sample) - mean) >> SMOOTHING_SHIFT);
                Some(u64::try_from(next.max(1)).unwrap_or(u64::MAX))
            });
    }

    /// Jobs admitted and not finished.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Relaxed)
    }
}

fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: Duration = Duration::from_millis(100);

    #[test]
    fn admits_while_the_estimate_fits_the_budget() {
        let admission = Admission::new(2, JOB);
        // Two workers, 100 ms a job, 1 s: rounds 1..=10 fit, 20 jobs.
        for admitted in 0..20 {
            assert!(
                admission.admit(Duration::from_secs(1), None).is_ok(),
                "job {admitted}"
            );
        }
        let refused = admission.admit(Duration::from_secs(1), None);
        assert_eq!(
            refused,
            Err(Refusal {
                estimated_wait: Duration::from_millis(1_100)
            })
        );
        admission.finished();
        admission.finished();
        assert!(admission.admit(Duration::from_secs(1), None).is_ok());
    }

    #[test]
    fn a_short_deadline_is_refused_at_once_once_the_workers_are_busy() {
        let admission = Admission::new(1, JOB);
        let soon = Instant::now() + Duration::from_millis(50);
        // A free worker takes it whatever the estimate says.
        assert!(admission.admit(Duration::from_secs(10), Some(soon)).is_ok());
        let soon = Instant::now() + Duration::from_millis(150);
        assert!(
            admission
                .admit(Duration::from_secs(10), Some(soon))
                .is_err()
        );
        let later = Instant::now() + Duration::from_secs(1);
        assert!(
            admission
                .admit(Duration::from_secs(10), Some(later))
                .is_ok()
        );
        assert_eq!(admission.in_flight(), 2);
    }

    #[test]
    fn a_stale_estimate_never_refuses_an_idle_pool() {
        let admission = Admission::new(2, Duration::from_secs(60));
        assert!(admission.admit(Duration::from_secs(1), None).is_ok());
        assert!(admission.admit(Duration::from_secs(1), None).is_ok());
        assert!(admission.admit(Duration::from_secs(1), None).is_err());
    }

    #[test]
    fn the_mean_follows_measured_jobs() {
        let admission = Admission::new(1, JOB);
        for _ in 0..64 {
            admission.record(Duration::from_millis(20));
        }
        let estimate = admission.estimated_wait();
        assert!(
            estimate < Duration::from_millis(21) && estimate >= Duration::from_millis(20),
            "{estimate:?}"
        );
    }
}
