//! The general rate limit: a token bucket per caller (GCRA, from `governor`), with the
//! answers the IETF httpapi draft describes — `RateLimit-Policy: "default";q=100;w=1` on
//! every limited answer, `RateLimit: "default";r=57;t=2` (requests left now, seconds until
//! the bucket is full again), and 429 with `Retry-After` when the bucket is empty.
//!
//! Buckets live in this process: each replica limits on its own, so behind a load
//! balancer a caller may get up to replicas × the rate. Who the caller is (a user, or a
//! client address) is decided by `auth::caller`.

use std::hash::Hash;
use std::num::NonZeroU32;
use std::time::Duration;

use actix_web::http::header::{HeaderName, HeaderValue};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

/// `RateLimit-Policy`: the policy's name, quota and window.
pub static RATE_LIMIT_POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");
/// `RateLimit`: what is left of the quota and when it is whole again.
pub static RATE_LIMIT: HeaderName = HeaderName::from_static("ratelimit");

type Buckets<K> = RateLimiter<K, DefaultKeyedStateStore<K>, DefaultClock, StateInformationMiddleware>;

/// One bucket per key, all with the same quota.
pub struct Limiter<K: Hash + Eq + Clone> {
    buckets: Buckets<K>,
    clock: DefaultClock,
    per_sec: u32,
    burst: u32,
    policy: HeaderValue,
}

/// What a charged request may still do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    /// Requests that could be made at once right now.
    pub remaining: u32,
    /// Seconds until the bucket is full again.
    pub full_in_secs: u64,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    /// `per_sec` sustained with bursts of `burst`; `None` when `per_sec` is 0 (no limit).
    pub fn new(per_sec: u32, burst: u32) -> Option<Self> {
        let rate = NonZeroU32::new(per_sec)?;
        let burst = NonZeroU32::new(burst.max(per_sec)).unwrap_or(rate);
        let buckets = RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst))
            .with_middleware::<StateInformationMiddleware>();
        let policy = HeaderValue::from_str(&format!("\"default\";q={per_sec};w=1")).ok()?;
        Some(Self { buckets, clock: DefaultClock::default(), per_sec, burst: burst.get(), policy })
    }

    /// Takes one request from `key`'s bucket: what is left, or how long to wait.
    pub fn charge(&self, key: &K) -> Result<Allowance, Duration> {
        match self.buckets.check_key(key) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let missing = u64::from(self.burst.saturating_sub(remaining));
                Ok(Allowance { remaining, full_in_secs: missing.div_ceil(u64::from(self.per_sec)) })
            }
            Err(not_until) => Err(not_until.wait_time_from(self.clock.now())),
        }
    }

    /// The `RateLimit-Policy` value.
    pub fn policy_header(&self) -> HeaderValue {
        self.policy.clone()
    }

    /// Forgets buckets that are full again (callers idle long enough), so that memory
    /// follows the callers of the last moments, not every address ever seen.
    pub fn forget_idle(&self) {
        self.buckets.retain_recent();
        self.buckets.shrink_to_fit();
    }
}

impl Allowance {
    /// The `RateLimit` value.
    pub fn header(&self) -> HeaderValue {
        HeaderValue::from_str(&format!("\"default\";r={};t={}", self.remaining, self.full_in_secs))
            .unwrap_or_else(|_| HeaderValue::from_static("\"default\""))
    }

    /// The `RateLimit` value of a refusal: nothing left, whole again after the wait.
    pub fn refused(wait: Duration) -> Self {
        Self { remaining: 0, full_in_secs: wait.as_secs_f64().ceil().max(1.0) as u64 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_the_burst_then_refuses_with_a_wait() {
        let limiter = Limiter::<u8>::new(2, 5).expect("limited");
        let allowed: Vec<Allowance> = (0..5).filter_map(|_| limiter.charge(&1).ok()).collect();
        let refused = limiter.charge(&1);

        assert_eq!(allowed.len(), 5);
        assert_eq!(allowed[0], Allowance { remaining: 4, full_in_secs: 1 });
        assert_eq!(allowed[4].remaining, 0);
        assert_eq!(allowed[4].full_in_secs, 3, "5 missing at 2 per second");
        let wait = refused.expect_err("the bucket is empty");
        assert!(wait > Duration::ZERO && wait <= Duration::from_millis(500), "{wait:?}");
        assert!(limiter.charge(&2).is_ok(), "another caller has their own bucket");
        assert_eq!(limiter.policy_header(), "\"default\";q=2;w=1");
        assert_eq!(allowed[0].header(), "\"default\";r=4;t=1");
        assert_eq!(Allowance::refused(wait).header(), "\"default\";r=0;t=1");
    }

    #[test]
    fn zero_turns_it_off_and_a_burst_is_never_below_the_rate() {
        assert!(Limiter::<u8>::new(0, 200).is_none());
        let limiter = Limiter::<u8>::new(3, 1).expect("limited");
        assert_eq!((0..3).filter(|_| limiter.charge(&1).is_ok()).count(), 3);
    }
}
