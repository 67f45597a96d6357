//! Maps what the service or network said to the app's own bilingual messages.
//! Server prose is never shown.

use jupas_reset_api::client::CallError;
use jupas_reset_api::wire::{ProblemCode, SessionEnd};

use super::text::{Notice, Text, Tone};

pub(crate) fn notice(error: &CallError) -> Notice {
    let (text, retry) = match error {
        CallError::Unreachable => (Text::new("error-unreachable"), true),
        CallError::Timeout => (Text::new("error-timeout"), true),
        CallError::Tls => (Text::new("error-tls"), true),
        CallError::Redirected { .. } => (Text::new("error-redirected"), true),
        CallError::ServerError { .. } => (Text::new("error-server"), true),
        CallError::Unreadable | CallError::TooLarge => (Text::new("error-unreadable"), true),
        CallError::Unexpected { .. } => (Text::new("error-unexpected"), false),
        CallError::Problem(problem) => {
            let seconds = problem.retry_after_s.unwrap_or(60) as i64;
            let text = match problem.code {
                ProblemCode::CaptchaWrong => Text::new("error-captcha-wrong"),
                ProblemCode::CaptchaExpired => Text::new("error-captcha-expired"),
                ProblemCode::CodeWrong => {
                    Text::new("error-code-wrong").int("left", problem.attempts_left.unwrap_or(0))
                }
                ProblemCode::CodeExpired => Text::new("error-code-expired"),
                ProblemCode::AttemptsExhausted => Text::new("error-attempts-exhausted"),
                ProblemCode::PasswordPolicy => Text::new("error-password-policy"),
                ProblemCode::RateLimited => Text::new("error-rate-limited").int("seconds", seconds),
                ProblemCode::RegenerateTooSoon => {
                    Text::new("error-regenerate-too-soon").int("seconds", seconds)
                }
                ProblemCode::RegenerateLimit => Text::new("error-regenerate-limit"),
                ProblemCode::ExtendLimit => Text::new("error-extend-limit"),
                ProblemCode::SessionClosed | ProblemCode::Unauthorized => {
                    Text::new("error-session-closed")
                }
                ProblemCode::InvalidRequest => Text::new("error-invalid-request"),
                ProblemCode::LoginFailed => Text::new("practice-login-failed"),
                // The service failed on its side: worth trying again.
                ProblemCode::Internal => Text::new("error-server"),
                ProblemCode::WorkstationRequired => Text::new("error-workstation-required"),
                // The client has already forgotten the credential: sent again, it goes without.
                ProblemCode::WorkstationUnknown => Text::new("error-workstation-unknown"),
                ProblemCode::EnrolmentInvalid => Text::new("enrol-refused"),
                ProblemCode::NotFound
                | ProblemCode::MethodNotAllowed
                | ProblemCode::PayloadTooLarge
                | ProblemCode::UnsupportedMediaType
                | ProblemCode::RequestTimeout => Text::new("error-unexpected"),
            };
            let retry = matches!(
                problem.code,
                ProblemCode::Internal | ProblemCode::WorkstationUnknown
            );
            (text, retry)
        }
    };
    Notice {
        tone: Tone::Error,
        text,
        retry,
    }
}

/// The server ended the reset session: why, if this error says so.
pub(crate) fn session_end(error: &CallError) -> Option<SessionEnd> {
    let CallError::Problem(problem) = error else {
        return None;
    };
    match problem.code {
        ProblemCode::AttemptsExhausted => Some(SessionEnd::AttemptsExhausted),
        ProblemCode::SessionClosed => Some(problem.session_end.unwrap_or(SessionEnd::Expired)),
        ProblemCode::Unauthorized => Some(SessionEnd::Expired),
        _ => None,
    }
}

pub(crate) fn ended_text(end: SessionEnd) -> Text {
    Text::new(match end {
        SessionEnd::Expired => "ended-expired",
        SessionEnd::Cancelled => "ended-cancelled",
        SessionEnd::Completed => "ended-completed",
        SessionEnd::AttemptsExhausted => "ended-attempts",
    })
}
