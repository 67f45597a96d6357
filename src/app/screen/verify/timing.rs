//! The page's two clocks (the verification code's and the reset session's), and the few
//! moments a screen reader is told about them: never every second, only at thresholds.

use std::time::Duration;

use crate::text::Text;

/// From here on the session shows its warning and the "More time" button (WCAG 2.2.1 asks
/// for a warning with at least 20 seconds to act on it).
pub(super) const SESSION_WARNING: Duration = Duration::from_secs(120);

/// How long before the code expires the student is warned on screen.
pub(super) const CODE_WARNING: Duration = Duration::from_secs(60);

const FIVE_MINUTES: Duration = Duration::from_secs(300);

/// "12:34", as the countdowns show it.
pub(super) fn clock(left: Duration) -> String {
    let secs = left.as_secs();
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Where a countdown is, in the steps that are announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    /// More than five minutes: nothing to announce.
    Plenty,
    FiveMinutes,
    /// The session's warning (two minutes), with the way to extend it.
    Warning,
    OneMinute,
    Over,
}

impl Stage {
    /// `warning`: whether this clock has the two-minute step (only the session has).
    pub(super) fn of(left: Duration, warning: bool) -> Stage {
        if left.is_zero() {
            Stage::Over
        } else if left <= CODE_WARNING {
            Stage::OneMinute
        } else if warning && left <= SESSION_WARNING {
            Stage::Warning
        } else if left <= FIVE_MINUTES {
            Stage::FiveMinutes
        } else {
            Stage::Plenty
        }
    }
}

/// What the code's live region says at each step (None: no announcement yet).
pub(super) fn code_announcement(stage: Stage) -> Option<Text> {
    match stage {
        Stage::Plenty => None,
        Stage::FiveMinutes | Stage::Warning => {
            Some(Text::new("code-announce-minutes").int("minutes", 5))
        }
        Stage::OneMinute => Some(Text::new("code-expiring")),
        Stage::Over => Some(Text::new("code-expired-local")),
    }
}

/// What the session's live region says at each step. Its end is said by the end notice.
pub(super) fn session_announcement(stage: Stage) -> Option<Text> {
    match stage {
        Stage::Plenty | Stage::Over => None,
        Stage::FiveMinutes => Some(Text::new("session-announce-minutes").int("minutes", 5)),
        Stage::Warning => Some(Text::new("session-expiring")),
        Stage::OneMinute => Some(Text::new("session-announce-minutes").int("minutes", 1)),
    }
}
