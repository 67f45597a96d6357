//! Token buckets (GCRA) per client address and per account mail budget.
//!
//! Keys are fixed-size (`u128`): an address (IPv6 by its /64, the smallest block one
//! subscriber usually gets) or the first half of a keyed hash. Nothing a client types
//! ever becomes a key, and every limiter holds at most `max_keys` of them, so no stream
//! of requests can grow memory without bound.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};

use super::clock::Millis;
use super::config::{Bucket, RateLimits};
use super::error::ServiceError;

/// A fixed-size limiter key.
pub type Key = u128;

pub struct Limiter {
    /// One token comes back every `emission` ms...
    emission: Millis,
    /// ...and a bucket holds `burst` of them: a request may run this far ahead.
    tolerance: Millis,
    max_keys: usize,
    /// Per key, the theoretical arrival time (GCRA): when its bucket is full again.
    full_at: Mutex<HashMap<Key, Millis>>,
}

impl Limiter {
    pub(crate) fn new(bucket: Bucket, max_keys: usize) -> Limiter {
        let burst = Millis::from(bucket.burst.max(1));
        let per_ms = Millis::try_from(bucket.per_s.max(1))
            .unwrap_or(Millis::MAX / 1000)
            .saturating_mul(1000);
        let emission = (per_ms / burst).max(1);
        Limiter {
            emission,
            tolerance: emission.saturating_mul(burst - 1),
            max_keys: max_keys.max(1),
            full_at: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token from `key`'s bucket, or says when to come back.
    pub(crate) fn check(&self, key: Key, now: Millis) -> Result<(), ServiceError> {
        let mut buckets = self.buckets();
        let full_at = buckets.get(&key).copied().unwrap_or(now).max(now);
        let ahead = full_at - now;
        if ahead > self.tolerance {
            let wait_s = ((ahead - self.tolerance + 999) / 1000).max(1);
            return Err(ServiceError::RateLimited {
                retry_after_s: u64::try_from(wait_s).unwrap_or(1),
            });
        }
        if !buckets.contains_key(&key) && buckets.len() >= self.max_keys {
            make_room(&mut buckets, self.max_keys, now);
        }
        buckets.insert(key, full_at + self.emission);
        Ok(())
    }

    /// Like [`check`](Self::check), but says yes or no: for budgets spent silently.
    pub(crate) fn allows(&self, key: Key, now: Millis) -> bool {
        self.check(key, now).is_ok()
    }

    /// How many keys the limiter holds now.
    pub fn len(&self) -> usize {
        self.buckets().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops buckets that have filled up again: they are the same as no bucket.
    pub(crate) fn forget_idle(&self, now: Millis) {
        self.buckets().retain(|_, full_at| *full_at > now);
    }

    fn buckets(&self) -> MutexGuard<'_, HashMap<Key, Millis>> {
        // The map is valid after any panic (each update is one insert), so carry on.
        self.full_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Frees at least one place: first every full bucket (forgetting it changes nothing),
/// then, if a flood of keys left none, the eighth of the buckets nearest to full —
/// forgetting those gives back the fewest tokens. Scans only when full, so the cost
/// per request stays constant on average.
fn make_room(buckets: &mut HashMap<Key, Millis>, max_keys: usize, now: Millis) {
    buckets.retain(|_, full_at| *full_at > now);
    if buckets.len() < max_keys {
        return;
    }
    let mut by_fill: Vec<(Millis, Key)> = buckets.iter().map(|(k, t)| (*t, *k)).collect();
    let evict = (max_keys / 8).max(1).min(by_fill.len());
    by_fill.select_nth_unstable(evict - 1);
    for (_, key) in &by_fill[..evict] {
        buckets.remove(key);
    }
}

pub struct Limiters {
    pub challenges_per_address: Limiter,
    pub resets_per_address: Limiter,
    /// Verification-code emails per account, spent silently (see `routes::resets`).
    pub code_mails_per_account: Limiter,
    pub regenerations_per_address: Limiter,
    pub practice_logins_per_address: Limiter,
    pub enrolments_per_address: Limiter,
}

impl Limiters {
    pub(crate) fn new(config: &RateLimits) -> Limiters {
        let limiter = |bucket| Limiter::new(bucket, config.max_keys);
        Limiters {
            challenges_per_address: limiter(config.challenges_per_address),
            resets_per_address: limiter(config.resets_per_address),
            code_mails_per_account: limiter(config.code_mails_per_account),
            regenerations_per_address: limiter(config.regenerations_per_address),
            practice_logins_per_address: limiter(config.practice_logins_per_address),
            enrolments_per_address: limiter(config.enrolments_per_address),
        }
    }

    pub(crate) fn forget_idle(&self, now: Millis) {
        self.challenges_per_address.forget_idle(now);
        self.resets_per_address.forget_idle(now);
        self.code_mails_per_account.forget_idle(now);
        self.regenerations_per_address.forget_idle(now);
        self.practice_logins_per_address.forget_idle(now);
        self.enrolments_per_address.forget_idle(now);
    }
}

/// An address as a limiter key: IPv4 whole, IPv6 by its /64 (one subscriber's
/// block: a bucket per IPv6 address would give each client 2^64 buckets).
pub(crate) fn address_key(ip: IpAddr) -> Key {
    match ip.to_canonical() {
        IpAddr::V4(v4) => u128::from(v4.to_ipv6_mapped()),
        IpAddr::V6(v6) => u128::from(v6) & !u128::from(u64::MAX),
    }
}

/// An enrolled workstation as a limiter key: its requests are counted per PC, not per the
/// school's address. Address keys have either their top 80 bits clear (IPv4) or their low
/// 64 bits clear (an IPv6 /64); this key has neither, so it never shares a bucket with one.
pub(crate) fn workstation_key(id: i64) -> Key {
    (u128::from(u64::MAX) << 64) | u128::from(id as u64 | 1 << 63)
}

/// A keyed hash (32 bytes) as a limiter key: its first 128 bits.
pub(crate) fn hash_key(hash: &[u8]) -> Key {
    let mut first = [0u8; 16];
    for (to, from) in first.iter_mut().zip(hash) {
        *to = *from;
    }
    u128::from_be_bytes(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(burst: u32, per_s: u64, max_keys: usize) -> Limiter {
        Limiter::new(Bucket { burst, per_s }, max_keys)
    }

    #[test]
    fn a_bucket_allows_its_burst_then_says_when_to_come_back() {
        let l = limiter(5, 3600, 10);
        for _ in 0..5 {
            assert!(l.check(1, 0).is_ok());
        }
        let Err(ServiceError::RateLimited { retry_after_s }) = l.check(1, 0) else {
            panic!("the sixth is refused");
        };
        assert_eq!(retry_after_s, 720, "one token every 12 minutes");
        assert!(l.check(2, 0).is_ok(), "other keys are not affected");
        assert!(l.check(1, 720_000).is_ok(), "a token came back");
    }

    #[test]
    fn the_map_never_holds_more_than_max_keys() {
        let l = limiter(3, 600, 64);
        for key in 0..10_000u128 {
            assert!(
                l.check(key, 0).is_ok(),
                "a new key starts with a full bucket"
            );
            assert!(l.len() <= 64);
        }
        assert!(l.len() >= 56, "evicts an eighth at a time");
    }

    #[test]
    fn full_buckets_go_first_and_spent_ones_are_kept() {
        let l = limiter(2, 600, 4);
        // Key 1 spent its whole bucket; keys 2..4 used one token each.
        l.check(1, 0).ok();
        l.check(1, 0).ok();
        for key in 2..=4 {
            l.check(key, 0).ok();
        }
        // Later, the one-token buckets have refilled: they make room, key 1 stays limited.
        let later = 300_000;
        assert!(l.check(5, later).is_ok());
        assert!(l.check(1, later).is_ok());
        assert!(l.check(1, later).is_err(), "key 1 was not forgotten");
        assert_eq!(l.len(), 2);
    }

    #[test]
    fn ipv6_is_keyed_by_its_64_and_ipv4_by_the_address() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("address");
        assert_eq!(
            address_key(ip("2001:db8:1:2::1")),
            address_key(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"))
        );
        assert_ne!(
            address_key(ip("2001:db8:1:2::1")),
            address_key(ip("2001:db8:1:3::1"))
        );
        assert_ne!(address_key(ip("192.0.2.1")), address_key(ip("192.0.2.2")));
        assert_eq!(
            address_key(ip("::ffff:192.0.2.1")),
            address_key(ip("192.0.2.1"))
        );
    }

    #[test]
    fn a_workstation_never_shares_a_key_with_an_address() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("address");
        assert_ne!(workstation_key(1), workstation_key(2));
        for address in ["0.0.0.1", "255.255.255.255", "ffff:ffff:ffff:ffff::1", "::"] {
            for id in [0, 1, i64::MAX] {
                assert_ne!(
                    address_key(ip(address)),
                    workstation_key(id),
                    "{address} {id}"
                );
            }
        }
    }
}
