//! Server-side delays after wrong security-code answers: a person who mistypes waits a
//! second or two; a bot that guesses spoken codes waits on every miss.
//!
//! The route needs each challenge's kind: it travels in the lowest bit of the first
//! byte of the challenge id (the other 127 bits are random), so no table changes.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jupas_reset_api::wire::ChallengeKind;
use rand::RngCore;

/// A new challenge id (16 random bytes, URL-safe base64) that records `kind`.
pub fn challenge_id(kind: ChallengeKind) -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes[0] = (bytes[0] & !1) | u8::from(kind == ChallengeKind::Audio);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The kind recorded by [`challenge_id`]; `None` for anything it cannot have made.
pub fn challenge_kind(id: &str) -> Option<ChallengeKind> {
    let bytes = URL_SAFE_NO_PAD.decode(id).ok()?;
    match bytes.as_slice() {
        [first, ..] if bytes.len() == 16 && first & 1 == 1 => Some(ChallengeKind::Audio),
        [_, ..] if bytes.len() == 16 => Some(ChallengeKind::Image),
        _ => None,
    }
}

/// How long to hold the answer to a wrong security code, given how many wrong answers
/// this client has given lately, this one included. Spoken codes are the ones a
/// template matcher can guess at (see tests/bench/captcha_solver.rs), so they wait
/// from the first miss: 1 s, doubling, at most 8 s (well under the client's 20 s
/// timeout). Images wait only from the third miss, at most 4 s.
pub fn wrong_answer_delay(kind: ChallengeKind, failures: u32) -> Duration {
    let (free, cap_s) = match kind {
        ChallengeKind::Audio => (0, 8),
        ChallengeKind::Image => (2, 4),
    };
    if failures <= free {
        return Duration::ZERO;
    }
    let doublings = (failures - free - 1).min(8);
    Duration::from_secs((1u64 << doublings).min(cap_s))
}

/// Wrong answers older than this are forgotten.
const WINDOW_MS: i64 = 10 * 60 * 1000;
/// At most this many clients are remembered (a few hundred KB); see [`WrongAnswers::record`].
const MAX_CLIENTS: usize = 16_384;

/// Recent wrong answers per client, keyed by a keyed hash of the client key (fixed size
/// whatever the key, and not steerable into collisions from outside).
#[derive(Debug, Default)]
pub struct WrongAnswers {
    hasher: RandomState,
    counts: Mutex<HashMap<u64, (u32, i64)>>,
}

impl WrongAnswers {
    /// Records a wrong answer from `client` at `now_ms`; returns how many this client
    /// has given within the window, this one included.
    pub fn record(&self, client: &str, now_ms: i64) -> u32 {
        let key = self.hasher.hash_one(client);
        // A poisoned lock only means another request panicked mid-update of a counter.
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if counts.len() >= MAX_CLIENTS && !counts.contains_key(&key) {
            counts.retain(|_, (_, last)| now_ms - *last < WINDOW_MS);
            if counts.len() >= MAX_CLIENTS {
                // Still full of recent misses: start over rather than grow.
                counts.clear();
            }
        }
        let entry = counts.entry(key).or_insert((0, now_ms));
        if now_ms - entry.1 >= WINDOW_MS {
            entry.0 = 0;
        }
        *entry = (entry.0.saturating_add(1), now_ms);
        entry.0
    }

    /// Records a wrong answer to a challenge of `kind` (if known) and waits as long as
    /// [`wrong_answer_delay`] says. Call it before answering `captcha_wrong`.
    pub async fn pause(&self, kind: Option<ChallengeKind>, client: &str, now_ms: i64) {
        let failures = self.record(client, now_ms);
        // An id this module did not make cannot reach a wrong answer, but be safe.
        let delay = wrong_answer_delay(kind.unwrap_or(ChallengeKind::Audio), failures);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_their_kind() {
        for kind in [ChallengeKind::Image, ChallengeKind::Audio] {
            for _ in 0..50 {
                let id = challenge_id(kind);
                assert_eq!(id.len(), 22);
                assert_eq!(challenge_kind(&id), Some(kind));
            }
        }
        assert_ne!(
            challenge_id(ChallengeKind::Audio),
            challenge_id(ChallengeKind::Audio)
        );
        assert_eq!(challenge_kind("not base64!"), None);
        assert_eq!(challenge_kind("AAAA"), None);
    }

    #[test]
    fn spoken_misses_wait_from_the_first_and_images_from_the_third() {
        let secs = |kind, n| wrong_answer_delay(kind, n).as_secs();
        let audio: Vec<u64> = (1..=6).map(|n| secs(ChallengeKind::Audio, n)).collect();
        assert_eq!(audio, [1, 2, 4, 8, 8, 8]);
        let image: Vec<u64> = (1..=6).map(|n| secs(ChallengeKind::Image, n)).collect();
        assert_eq!(image, [0, 0, 1, 2, 4, 4]);
        assert_eq!(secs(ChallengeKind::Audio, u32::MAX), 8);
    }

    #[test]
    fn misses_are_counted_per_client_and_forgotten_after_the_window() {
        let misses = WrongAnswers::default();
        assert_eq!(misses.record("a", 0), 1);
        assert_eq!(misses.record("a", 1000), 2);
        assert_eq!(misses.record("b", 1000), 1);
        assert_eq!(misses.record("a", 1000 + WINDOW_MS), 1);
    }

    #[test]
    fn memory_stays_bounded() {
        let misses = WrongAnswers::default();
        for i in 0..(MAX_CLIENTS + 100) {
            misses.record(&i.to_string(), 0);
        }
        let len = misses.counts.lock().map(|c| c.len()).unwrap_or(usize::MAX);
        assert!(len <= MAX_CLIENTS, "{len}");
    }
}
