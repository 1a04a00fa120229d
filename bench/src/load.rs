//! A closed-loop load driver: `concurrency` tasks call as fast as they can
//! through a warm-up and then a fixed window; what finished inside the
//! window is counted, and its latencies kept to report p50/p99.

use std::future::Future;
use std::time::{Duration, Instant};

/// What one run measured.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Successful calls inside the window.
    pub ok: u64,
    /// Successful calls in all, warm-up and tail included (what the server
    /// acknowledged and must have kept).
    pub acknowledged: u64,
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

/// When a measurement counts: after a warm-up that fills the pipeline (a
/// call started then finishes inside the window, as in steady state), for
/// `length`. Calls still running at the end are not counted.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub warmup: Duration,
    pub length: Duration,
}

/// A window placed in time.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    pub opens: Instant,
    pub closes: Instant,
}

impl Window {
    pub fn place_now(self) -> Placed {
        let opens = Instant::now() + self.warmup;
        Placed {
            opens,
            closes: opens + self.length,
        }
    }
}

impl Placed {
    /// Whether a call that finished at `done` counts.
    pub fn counts(&self, done: Instant) -> bool {
        self.opens <= done && done <= self.closes
    }
}

/// Runs `call` from `concurrency` tasks through `window`. `make` builds
/// each task's own client state.
pub async fn run<S, M, C, F>(concurrency: usize, window: Window, make: M, call: C) -> Stats
where
    S: Send + 'static,
    M: Fn(usize) -> S,
    C: Fn(&mut S) -> F + Send + Sync + Clone + 'static,
    F: Future<Output = bool> + Send,
{
    let placed = window.place_now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|i| {
            let mut state = make(i);
            let call = call.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let (mut failed, mut acknowledged) = (0u64, 0u64);
                while Instant::now() < placed.closes {
                    let at = Instant::now();
                    let ok = call(&mut state).await;
                    let done = Instant::now();
                    acknowledged += u64::from(ok);
                    if !placed.counts(done) {
                        continue;
                    }
                    if ok {
                        latencies.push(done - at);
                    } else {
                        failed += 1;
                    }
                }
                (latencies, failed, acknowledged)
            })
        })
        .collect();
    let (mut latencies, mut failed, mut acknowledged) = (Vec::new(), 0, 0);
    for task in tasks {
        if let Ok((mut l, f, a)) = task.await {
            latencies.append(&mut l);
            failed += f;
            acknowledged += a;
        }
    }
    Stats {
        acknowledged,
        ..summarize(latencies, failed, window.length)
    }
}

/// Several runs of one measurement as one: counts and time add up, the
/// percentiles are the worst of the runs'.
pub fn combine(runs: &[Stats]) -> Stats {
    Stats {
        ok: runs.iter().map(|r| r.ok).sum(),
        acknowledged: runs.iter().map(|r| r.acknowledged).sum(),
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
        acknowledged: latencies.len() as u64,
        failed,
        elapsed,
        p50: at(0.50),
        p99: at(0.99),
    }
}
