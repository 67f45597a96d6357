//! The service's errors, each answered as RFC 9457 problem+json with a stable code.
//! Server prose is for operators; the app shows its own text for each code.

use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use jupas_reset_api::wire::{
    Field, PROBLEM_MEDIA_TYPE, Problem, ProblemCode, SessionEnd, Violation,
};

/// `WWW-Authenticate` of a 401 about the workstation credential (RFC 9110 §11.6.1).
pub const WORKSTATION_CHALLENGE: &str = "Workstation";

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid request: {0:?}")]
    Invalid(Vec<Field>),
    #[error("the security code answer is wrong")]
    CaptchaWrong,
    #[error("the security code has expired or was already used")]
    CaptchaExpired,
    #[error("the verification code is wrong")]
    CodeWrong { attempts_left: u32 },
    #[error("the verification code has expired")]
    CodeExpired,
    #[error("too many wrong verification codes")]
    AttemptsExhausted,
    #[error("the new password breaks the password policy")]
    PasswordPolicy(Vec<Violation>),
    #[error("too many requests")]
    RateLimited { retry_after_s: u64 },
    #[error("a new verification code can be requested later")]
    RegenerateTooSoon { retry_after_s: u64 },
    #[error("no more verification codes for this reset")]
    RegenerateLimit,
    #[error("this reset session cannot be extended again")]
    ExtendLimit,
    #[error("the reset session is closed ({0:?})")]
    SessionClosed(SessionEnd),
    #[error("missing or unknown reset token")]
    Unauthorized,
    #[error("login name or password is wrong")]
    LoginFailed,
    #[error("no such resource")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("the request body is not application/json")]
    UnsupportedMediaType,
    #[error("the request body did not arrive in time")]
    RequestTimeout,
    /// Unknown, used, expired or revoked: the same answer for each.
    #[error("the enrolment code is not valid")]
    EnrolmentInvalid,
    #[error("no workstation credential, and the service serves enrolled workstations only")]
    WorkstationRequired,
    #[error("unknown or revoked workstation credential")]
    WorkstationUnknown,
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    pub(crate) fn internal(error: impl std::fmt::Display) -> Self {
        ServiceError::Internal(error.to_string())
    }

    fn code_and_status(&self) -> (ProblemCode, StatusCode) {
        use ServiceError::*;
        match self {
            Invalid(_) => (ProblemCode::InvalidRequest, StatusCode::BAD_REQUEST),
            CaptchaWrong => (ProblemCode::CaptchaWrong, StatusCode::BAD_REQUEST),
            CaptchaExpired => (ProblemCode::CaptchaExpired, StatusCode::BAD_REQUEST),
            CodeWrong { .. } => (ProblemCode::CodeWrong, StatusCode::BAD_REQUEST),
            CodeExpired => (ProblemCode::CodeExpired, StatusCode::BAD_REQUEST),
            AttemptsExhausted => (ProblemCode::AttemptsExhausted, StatusCode::FORBIDDEN),
            PasswordPolicy(_) => (
                ProblemCode::PasswordPolicy,
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            RateLimited { .. } => (ProblemCode::RateLimited, StatusCode::TOO_MANY_REQUESTS),
            RegenerateTooSoon { .. } => (
                ProblemCode::RegenerateTooSoon,
                StatusCode::TOO_MANY_REQUESTS,
            ),
            RegenerateLimit => (ProblemCode::RegenerateLimit, StatusCode::CONFLICT),
            ExtendLimit => (ProblemCode::ExtendLimit, StatusCode::CONFLICT),
            SessionClosed(_) => (ProblemCode::SessionClosed, StatusCode::GONE),
            Unauthorized => (ProblemCode::Unauthorized, StatusCode::UNAUTHORIZED),
            LoginFailed => (ProblemCode::LoginFailed, StatusCode::UNAUTHORIZED),
            NotFound => (ProblemCode::NotFound, StatusCode::NOT_FOUND),
            MethodNotAllowed => (
                ProblemCode::MethodNotAllowed,
                StatusCode::METHOD_NOT_ALLOWED,
            ),
            PayloadTooLarge => (ProblemCode::PayloadTooLarge, StatusCode::PAYLOAD_TOO_LARGE),
            UnsupportedMediaType => (
                ProblemCode::UnsupportedMediaType,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
            RequestTimeout => (ProblemCode::RequestTimeout, StatusCode::REQUEST_TIMEOUT),
            EnrolmentInvalid => (ProblemCode::EnrolmentInvalid, StatusCode::BAD_REQUEST),
            WorkstationRequired => (ProblemCode::WorkstationRequired, StatusCode::UNAUTHORIZED),
            WorkstationUnknown => (ProblemCode::WorkstationUnknown, StatusCode::UNAUTHORIZED),
            Internal(_) => (ProblemCode::Internal, StatusCode::INTERNAL_SERVER_ERROR),
        }
    }

    fn to_problem(&self) -> Problem {
        let (code, status) = self.code_and_status();
        // The title is fixed per code; internal details stay in the log.
        let mut problem = Problem::of(code, status.as_u16());
        match self {
            ServiceError::Invalid(fields) => problem.fields = Some(fields.clone()),
            ServiceError::CodeWrong { attempts_left } => {
                problem.attempts_left = Some(*attempts_left)
            }
            ServiceError::PasswordPolicy(v) => problem.violations = Some(v.clone()),
            ServiceError::RateLimited { retry_after_s }
            | ServiceError::RegenerateTooSoon { retry_after_s } => {
                problem.retry_after_s = Some(*retry_after_s)
            }
            ServiceError::SessionClosed(end) => problem.session_end = Some(*end),
            ServiceError::AttemptsExhausted => {
                problem.session_end = Some(SessionEnd::AttemptsExhausted)
            }
            _ => {}
        }
        problem
    }
}

impl IntoResponse for ServiceError {
    fn into_response(self) -> Response {
        self.log();
        let problem = self.to_problem();
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(PROBLEM_MEDIA_TYPE),
        );
        if let Some(seconds) = problem.retry_after_s {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        // Which credential a 401 asks for: the reset token, or a workstation's.
        let scheme = match problem.code {
            ProblemCode::Unauthorized => Some("Bearer"),
            ProblemCode::WorkstationRequired | ProblemCode::WorkstationUnknown => {
                Some(WORKSTATION_CHALLENGE)
            }
            _ => None,
        };
        if let Some(scheme) = scheme.filter(|_| status == StatusCode::UNAUTHORIZED) {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(scheme));
        }
        response
    }
}

impl ServiceError {
    /// Security events go to the `security` target, inside the request's span (request id,
    /// route, hashed login). Never a secret: only what kind of failure it was.
    fn log(&self) {
        use ServiceError::*;
        match self {
            Internal(detail) => tracing::error!(%detail, "request failed"),
            CaptchaWrong => tracing::warn!(target: "security", event = "captcha_wrong"),
            CaptchaExpired => tracing::info!(target: "security", event = "captcha_expired"),
            CodeWrong { attempts_left } => {
                tracing::warn!(target: "security", event = "code_wrong", attempts_left)
            }
            AttemptsExhausted => {
                tracing::warn!(target: "security", event = "attempts_exhausted")
            }
            RateLimited { retry_after_s } => {
                tracing::warn!(target: "security", event = "rate_limited", retry_after_s)
            }
            RegenerateLimit | ExtendLimit => {
                tracing::info!(target: "security", event = "session_limit", problem = self.code_and_status().0.as_str())
            }
            Unauthorized => tracing::info!(target: "security", event = "unknown_token"),
            LoginFailed => tracing::warn!(target: "security", event = "practice_login_failed"),
            EnrolmentInvalid => tracing::warn!(target: "security", event = "enrolment_refused"),
            WorkstationRequired => {
                tracing::info!(target: "security", event = "workstation_required")
            }
            WorkstationUnknown => tracing::warn!(target: "security", event = "workstation_unknown"),
            _ => {}
        }
    }
}

impl From<JsonRejection> for ServiceError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ServiceError::UnsupportedMediaType,
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ServiceError::PayloadTooLarge
            }
            _ => ServiceError::Invalid(vec![Field::Body]),
        }
    }
}

impl From<super::db::DbError> for ServiceError {
    fn from(error: super::db::DbError) -> Self {
        ServiceError::internal(error)
    }
}
