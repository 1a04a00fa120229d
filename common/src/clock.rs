//! Time as a parameter: domain code asks a [`Clock`], tests move a
//! [`ManualClock`] instead of sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A UTC instant with millisecond precision, stored as `BIGINT` in both
/// databases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcTime(i64);

impl UtcTime {
    pub const fn from_unix_millis(millis: i64) -> Self {
        Self(millis)
    }

    pub const fn unix_millis(self) -> i64 {
        self.0
    }

    /// Saturating, so a huge configured duration cannot overflow.
    pub fn plus(self, duration: Duration) -> Self {
        let millis = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
        Self(self.0.saturating_add(millis))
    }

    /// How long from `self` until `later`; zero when `later` is not later.
    pub fn until(self, later: UtcTime) -> Duration {
        Duration::from_millis(u64::try_from(later.0.saturating_sub(self.0)).unwrap_or(0))
    }

    pub fn to_timestamp(self) -> prost_types::Timestamp {
        prost_types::Timestamp {
            seconds: self.0.div_euclid(1000),
            nanos: i32::try_from(self.0.rem_euclid(1000) * 1_000_000).unwrap_or(0),
        }
    }

    /// A protobuf timestamp, truncated to the millisecond; `None` when its
    /// `nanos` is outside 0..1e9 or the instant does not fit in `i64`
    /// milliseconds.
    pub fn from_timestamp(timestamp: &prost_types::Timestamp) -> Option<Self> {
        if !(0..1_000_000_000).contains(&timestamp.nanos) {
            return None;
        }
        timestamp
            .seconds
            .checked_mul(1000)?
            .checked_add(i64::from(timestamp.nanos) / 1_000_000)
            .map(Self)
    }
}

/// Where domain code gets "now" from.
pub trait Clock: Send + Sync + std::fmt::Debug + 'static {
    fn now(&self) -> UtcTime;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UtcTime {
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        UtcTime(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
    }
}

/// A clock that starts at the wall-clock time and only moves when told to.
#[derive(Debug, Clone)]
pub struct ManualClock {
    millis: Arc<AtomicI64>,
}

impl Default for ManualClock {
    fn default() -> Self {
        Self {
            millis: Arc::new(AtomicI64::new(SystemClock.now().unix_millis())),
        }
    }
}

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        let millis = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.millis.fetch_add(millis, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> UtcTime {
        UtcTime(self.millis.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protobuf_timestamps_round_trip_and_out_of_range_is_refused() {
        let at = UtcTime::from_unix_millis(1_764_550_000_123);
        assert_eq!(UtcTime::from_timestamp(&at.to_timestamp()), Some(at));
        let before_epoch = UtcTime::from_unix_millis(-1_500);
        assert_eq!(
            UtcTime::from_timestamp(&before_epoch.to_timestamp()),
            Some(before_epoch)
        );
        for (seconds, nanos) in [(0, -1), (0, 1_000_000_000), (i64::MAX, 0)] {
            let timestamp = prost_types::Timestamp { seconds, nanos };
            assert_eq!(UtcTime::from_timestamp(&timestamp), None, "{timestamp:?}");
        }
    }

    #[test]
    fn manual_clock_moves_only_when_advanced() {
        let clock = ManualClock::default();
        let start = clock.now();
        assert_eq!(clock.now(), start);
        clock.advance(Duration::from_secs(1800));
        assert_eq!(start.until(clock.now()), Duration::from_secs(1800));
        assert_eq!(clock.now().until(start), Duration::ZERO);
    }

    #[test]
    fn timestamps_split_seconds_and_nanos() {
        let ts = UtcTime::from_unix_millis(1_500).to_timestamp();
        assert_eq!((ts.seconds, ts.nanos), (1, 500_000_000));
    }
}
