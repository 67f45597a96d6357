//! Token-bucket rate limits per client address and per account (governor).
//! Unknown accounts are limited exactly like known ones, so limits reveal nothing.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::time::Duration;

use super::config::{Bucket, RateLimits};
use super::error::ServiceError;

pub struct Limiter {
    buckets: DefaultKeyedRateLimiter<String>,
}

impl Limiter {
    pub(crate) fn new(bucket: Bucket) -> Limiter {
        let burst = NonZeroU32::new(bucket.burst.max(1)).unwrap_or(NonZeroU32::MIN);
        let refill = Duration::from_millis((bucket.per_s.max(1) * 1000) / u64::from(burst.get()));
        let quota = Quota::with_period(refill.max(Duration::from_millis(1)))
            .unwrap_or_else(|| Quota::per_second(burst))
            .allow_burst(burst);
        Limiter {
            buckets: RateLimiter::keyed(quota),
        }
    }

    /// Takes one request from `key`'s bucket, or says when to come back.
    pub(crate) fn check(&self, key: &str) -> Result<(), ServiceError> {
        self.buckets
            .check_key(&key.to_owned())
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                ServiceError::RateLimited {
                    retry_after_s: wait.as_secs().max(1),
                }
            })
    }

    pub(crate) fn forget_idle(&self) {
        self.buckets.retain_recent();
    }
}

pub struct Limiters {
    pub challenges_per_address: Limiter,
    pub resets_per_address: Limiter,
    pub resets_per_account: Limiter,
    pub regenerations_per_address: Limiter,
    pub practice_logins_per_address: Limiter,
}

impl Limiters {
    pub(crate) fn new(config: &RateLimits) -> Limiters {
        Limiters {
            challenges_per_address: Limiter::new(config.challenges_per_address),
            resets_per_address: Limiter::new(config.resets_per_address),
            resets_per_account: Limiter::new(config.resets_per_account),
            regenerations_per_address: Limiter::new(config.regenerations_per_address),
            practice_logins_per_address: Limiter::new(config.practice_logins_per_address),
        }
    }

    pub(crate) fn forget_idle(&self) {
        self.challenges_per_address.forget_idle();
        self.resets_per_address.forget_idle();
        self.resets_per_account.forget_idle();
        self.regenerations_per_address.forget_idle();
        self.practice_logins_per_address.forget_idle();
    }
}

/// Accounts are limited by the name as typed, case-folded, whether or not it exists.
pub(crate) fn account_key(login_name: &str) -> String {
    login_name.trim().to_lowercase()
}
