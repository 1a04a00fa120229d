//! A closed-loop load driver: `concurrency` tasks call as fast as they can
//! for a while; latencies are kept to report p50/p99.

use std::future::Future;
use std::time::{Duration, Instant};

/// What one run measured.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub ok: u64,
    pub failed: u64,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
}

impl Stats {
    pub fn per_second(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    pub fn line(&self, name: &str) -> String {
        format!(
            "{name:<44} {:>9.1}/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ({} ok, {} failed)",
            self.per_second(),
            self.p50.as_secs_f64() * 1000.0,
            self.p99.as_secs_f64() * 1000.0,
            self.ok,
            self.failed
        )
    }
}

/// Runs `call` from `concurrency` tasks for `duration`. `make` builds each
/// task's own client state.
pub async fn run<S, M, C, F>(concurrency: usize, duration: Duration, make: M, call: C) -> Stats
where
    S: Send + 'static,
    M: Fn(usize) -> S,
    C: Fn(&mut S) -> F + Send + Sync + Clone + 'static,
    F: Future<Output = bool> + Send,
{
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = (0..concurrency)
        .map(|i| {
            let mut state = make(i);
            let call = call.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut failed = 0u64;
                while Instant::now() < deadline {
                    let at = Instant::now();
                    if call(&mut state).await {
                        latencies.push(at.elapsed());
                    } else {
                        failed += 1;
                    }
                }
                (latencies, failed)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failed = 0;
    for task in tasks {
        if let Ok((mut l, f)) = task.await {
            latencies.append(&mut l);
            failed += f;
        }
    }
    summarize(latencies, failed, started.elapsed())
}

/// Several runs of one measurement as one: counts and time add up, the
/// percentiles are the worst of the runs'.
pub fn combine(runs: &[Stats]) -> Stats {
    Stats {
        ok: runs.iter().map(|r| r.ok).sum(),
        failed: runs.iter().map(|r| r.failed).sum(),
        elapsed: runs.iter().map(|r| r.elapsed).sum(),
        p50: runs.iter().map(|r| r.p50).max().unwrap_or_default(),
        p99: runs.iter().map(|r| r.p99).max().unwrap_or_default(),
    }
}

pub fn summarize(mut latencies: Vec<Duration>, failed: u64, elapsed: Duration) -> Stats {
    latencies.sort_unstable();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Stats {
        ok: latencies.len() as u64,
        failed,
        elapsed,
        p50: at(0.50),
        p99: at(0.99),
    }
}
