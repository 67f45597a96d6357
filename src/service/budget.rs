//! Growing delays after wrong verification codes, instead of a lockout.
//!
//! Wrong codes are counted per set of details (login name, date of birth, email), across
//! sessions. After `failures_before_delay` of them every further try must wait, `first_delay_s`
//! after that one and twice as long after each further wrong code, up to `max_delay_s`
//! (NIST SP 800-63B-4: throttling, not a lockout an attacker can impose on the owner).
//! Details that match no account are counted the same way, so their answers are the same.

use super::clock::Millis;
use super::config::Rules;

/// A budget untouched for this long counts from zero again.
pub(crate) const QUIET_MS: Millis = 24 * 3600 * 1000;

/// Wrong codes counted against one set of details.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Budget {
    pub(crate) failures: u32,
    pub(crate) last_failure_at: Millis,
    /// No code is looked at before this.
    pub(crate) delayed_until: Millis,
}

impl Budget {
    /// The budget as it stands at `now`: a day after the last wrong code, a clean slate.
    pub(crate) fn at(self, now: Millis) -> Budget {
        if now - self.last_failure_at > QUIET_MS {
            Budget::default()
        } else {
            self
        }
    }

    /// The budget after one more wrong code at `now`.
    pub(crate) fn after_failure(self, now: Millis, rules: &Rules) -> Budget {
        let failures = self.at(now).failures.saturating_add(1);
        let delayed_until = match failures.checked_sub(rules.failures_before_delay) {
            Some(doublings) => {
                let factor = 1u64.checked_shl(doublings).unwrap_or(u64::MAX);
                let wait_s = rules
                    .first_delay_s
                    .saturating_mul(factor)
                    .min(rules.max_delay_s);
                now.saturating_add(Millis::try_from(wait_s).unwrap_or(Millis::MAX / 1000) * 1000)
            }
            None => 0,
        };
        Budget {
            failures,
            last_failure_at: now,
            delayed_until,
        }
    }

    /// True for the wrong code that starts the delays: the moment to tell the owner.
    pub(crate) fn just_started_delays(&self, rules: &Rules) -> bool {
        self.failures == rules.failures_before_delay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_n_failures_double_and_stop_at_the_cap() {
        let rules = Rules::default();
        let mut budget = Budget::default();
        let mut waits = Vec::new();
        let now = 1_000_000;
        for _ in 0..20 {
            budget = budget.after_failure(now, &rules);
            waits.push((budget.delayed_until - now).max(0) / 1000);
        }
        assert_eq!(&waits[..9], &[0; 9], "nine free tries");
        assert_eq!(
            &waits[9..],
            &[60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600, 3600]
        );
        assert_eq!(budget.failures, 20);
    }

    #[test]
    fn the_count_starts_again_after_a_quiet_day_and_the_owner_is_told_once() {
        let rules = Rules::default();
        let mut budget = Budget::default();
        let mut told = 0;
        for i in 0..15 {
            budget = budget.after_failure(i * 1000, &rules);
            told += usize::from(budget.just_started_delays(&rules));
        }
        assert_eq!(told, 1);
        let next_day = 14_000 + QUIET_MS + 1;
        assert_eq!(budget.at(next_day), Budget::default());
        assert_eq!(budget.after_failure(next_day, &rules).failures, 1);
    }
}
