//! The reset API's wire contract: every request and response body, shared by the
//! reference service and the app's client so that the two cannot drift apart.
//! The OpenAPI document (`resources/openapi.json`) is generated from these types.

use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;
use zeroize::Zeroizing;

pub use crate::policy::{PolicyLimits, Rule, Violation};

/// RFC 9457 media type of every error body.
pub const PROBLEM_MEDIA_TYPE: &str = "application/problem+json";

/// Which security-code medium the student asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChallengeKind {
    Image,
    Audio,
}

/// The two languages of the product. The English version prevails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToSchema)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-HK")]
    ZhHk,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhHk];

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHk => "zh-HK",
        }
    }
}

/// A string that must never be logged or left in freed memory: passwords,
/// verification codes, captcha answers and reset tokens.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The string, moved (not copied) into a buffer that is still zeroised on drop.
    pub fn into_zeroizing(mut self) -> Zeroizing<String> {
        Zeroizing::new(std::mem::take(&mut *self.0))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

/// Every route, written once: the service's OpenAPI attributes and the client both use
/// these. All live under `/v1`; a breaking change gets a new prefix.
pub mod paths {
    pub const CHALLENGES: &str = "/v1/challenges";
    pub const RESETS: &str = "/v1/resets";
    pub const RESET_CODE: &str = "/v1/resets/current/code";
    pub const RESET_COMPLETE: &str = "/v1/resets/current/complete";
    pub const RESET_CURRENT: &str = "/v1/resets/current";
    pub const RESET_EXTEND: &str = "/v1/resets/current/extend";
    pub const PASSWORD_POLICY: &str = "/v1/password-policy";
    pub const PRACTICE_LOGIN: &str = "/v1/practice/login";
    /// This API's OpenAPI 3.1 document.
    pub const OPENAPI: &str = "/v1/openapi.json";
    /// A school PC exchanges its one-time enrolment code for a workstation credential.
    pub const WORKSTATION_ENROLL: &str = "/v1/workstations/enroll";
    /// The workstation the request's credential names, and what the service waives for it.
    pub const WORKSTATION_CURRENT: &str = "/v1/workstations/current";
}

/// The header an enrolled school PC sends its workstation credential in, on every request.
pub const WORKSTATION_HEADER: &str = "X-JUPAS-Workstation";

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"kind": "image", "lang": "en"}))]
pub struct ChallengeRequest {
    pub kind: ChallengeKind,
    /// Language of the spoken code (audio); ignored for images.
    #[serde(default)]
    pub lang: Lang,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "challenge_id": "q3Jx0d5lR9mWb2Tn8YcKfA",
    "media_type": "image/png",
    "media_base64": "iVBORw0KGgo=",
    "expires_in_s": 300,
    "answer_length": 6
}))]
pub struct Challenge {
    #[schema(pattern = r"^[A-Za-z0-9_-]{1,64}$")]
    pub challenge_id: String,
    /// `image/png` or `audio/wav`.
    #[schema(pattern = r"^(image/png|audio/wav)$")]
    pub media_type: String,
    #[schema(content_encoding = "base64")]
    pub media_base64: String,
    pub expires_in_s: u64,
    /// How many characters (or spoken digits) the answer has: a screen reader can say so
    /// without saying the answer.
    #[serde(default)]
    pub answer_length: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "login_name": "chantaiman",
    "date_of_birth": "2008-03-14",
    "email": "chan.taiman@example.com",
    "challenge_id": "q3Jx0d5lR9mWb2Tn8YcKfA",
    "challenge_answer": "K7MXPA"
}))]
pub struct ResetRequest {
    /// 1–64 printable ASCII characters, no spaces. (The service takes any characters but
    /// white space and control characters, and trims surrounding white space.)
    #[schema(pattern = r"^[!-~]{1,64}$")]
    pub login_name: String,
    /// `YYYY-MM-DD`, a real date: the pattern admits 1900–2019 except 29 February; the
    /// service also takes those, and any date up to today.
    #[schema(
        pattern = r"^(19[0-9]{2}|20[01][0-9])-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))$"
    )]
    pub date_of_birth: String,
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// From `POST /v1/challenges`; single use. Required, except from an enrolled workstation
    /// whose security code the service waives (`GET /v1/workstations/current` says so).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[schema(pattern = r"^[A-Za-z0-9_-]{1,64}$")]
    pub challenge_id: String,
    /// What the picture shows or the voice says; case, spaces and dashes are ignored.
    /// Required with `challenge_id`.
    #[serde(default, skip_serializing_if = "Secret::is_empty")]
    #[schema(value_type = String, format = Password, min_length = 1, max_length = 16, pattern = r"^[A-Za-z0-9 -]*[A-Za-z0-9][A-Za-z0-9 -]*$")]
    pub challenge_answer: Secret,
}

/// The same shape whether or not the details matched an account (no enumeration).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "reset_token": "mJ0kq2Vx5n8T1bYwZc3Rr4Lp7Qs9Ue6Hd0Gf2Ka1Xo",
    "code_expires_in_s": 600,
    "regenerate_after_s": 60,
    "session_expires_in_s": 900
}))]
pub struct ResetStarted {
    /// Opaque; send it as `Authorization: Bearer …`, never in a URL.
    #[schema(value_type = String, format = Password)]
    pub reset_token: Secret,
    pub code_expires_in_s: u64,
    pub regenerate_after_s: u64,
    pub session_expires_in_s: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "code_expires_in_s": 600,
    "regenerate_after_s": 60,
    "regenerations_left": 4,
    "session_expires_in_s": 840
}))]
pub struct CodeRegenerated {
    pub code_expires_in_s: u64,
    pub regenerate_after_s: u64,
    pub regenerations_left: u32,
    pub session_expires_in_s: u64,
}

/// More time on the Change Password screen (WCAG 2.2.1: a time limit the student can extend).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"session_expires_in_s": 900, "extensions_left": 9}))]
pub struct SessionExtended {
    pub session_expires_in_s: u64,
    pub extensions_left: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"verification_code": "H4TW9P", "new_password": "blue junk boat at dawn"}))]
pub struct CompleteRequest {
    /// Spaces and letter case are ignored.
    #[schema(value_type = String, format = Password, min_length = 1, max_length = 16)]
    pub verification_code: Secret,
    /// Judged by `GET /v1/password-policy`'s rules (`422 password_policy` lists each one broken).
    #[schema(value_type = String, format = Password, min_length = 1, max_length = 1024)]
    pub new_password: Secret,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"password_changed": true}))]
pub struct PasswordChanged {
    pub password_changed: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "min_length": 8,
    "max_length": 64,
    "rules": ["length", "not_common", "no_personal_info", "not_current", "any_characters", "case_sensitive", "entries_match"],
    "normalization": "NFKC"
}))]
pub struct PasswordPolicy {
    #[serde(flatten)]
    pub limits: PolicyLimits,
    /// The guidelines in display order.
    pub rules: Vec<Rule>,
    /// Unicode normalisation applied before every check and before hashing.
    pub normalization: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"login_name": "chantaiman", "password": "blue junk boat at dawn"}))]
pub struct PracticeLoginRequest {
    #[schema(pattern = r"^[!-~]{1,64}$")]
    pub login_name: String,
    #[schema(value_type = String, format = Password, min_length = 1, max_length = 1024)]
    pub password: Secret,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"login_name": "chantaiman"}))]
pub struct PracticeLoginOk {
    pub login_name: String,
}

/// A one-time enrolment code, as `jupas-reset-server workstations add` printed it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"enrolment_code": "K7MX-PA3H-WT9C-4NRE"}))]
pub struct EnrolRequest {
    /// Case, spaces and dashes are ignored.
    #[schema(value_type = String, format = Password, min_length = 1, max_length = 64)]
    pub enrolment_code: Secret,
}

/// What enrolment gives a school PC. The credential is shown this once: the service keeps
/// only its keyed hash.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "workstation_id": 3,
    "name": "Room 204 PC 3",
    "credential": "Vq1bF0x9kS3mZr7TcYw2Lp8Nd4Hj6Ge5Ua0Ro1Ki2Xs"
}))]
pub struct WorkstationEnrolled {
    pub workstation_id: i64,
    /// The name IT gave the PC (`workstations add --name`).
    pub name: String,
    /// Send it as `X-JUPAS-Workstation` on every request.
    #[schema(value_type = String, format = Password)]
    pub credential: Secret,
}

/// The workstation a request's credential names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"workstation_id": 3, "name": "Room 204 PC 3", "security_code_required": false}))]
pub struct WorkstationStatus {
    pub workstation_id: i64,
    pub name: String,
    /// `false`: this service waives the security code for enrolled workstations, so
    /// `POST /v1/resets` from this PC may leave out `challenge_id` and `challenge_answer`.
    pub security_code_required: bool,
}

/// Stable machine codes of every error; the app maps each to its own bilingual text.
// serde names the wire value and strum the `as_str` one, from the same `snake_case` rule
// (a test checks that they agree for every variant). A plain comment: doc comments go
// into the OpenAPI document.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ProblemCode {
    InvalidRequest,
    CaptchaWrong,
    CaptchaExpired,
    CodeWrong,
    CodeExpired,
    AttemptsExhausted,
    PasswordPolicy,
    RateLimited,
    RegenerateTooSoon,
    RegenerateLimit,
    ExtendLimit,
    SessionClosed,
    Unauthorized,
    LoginFailed,
    NotFound,
    MethodNotAllowed,
    PayloadTooLarge,
    Internal,
    UnsupportedMediaType,
    RequestTimeout,
    EnrolmentInvalid,
    WorkstationRequired,
    WorkstationUnknown,
}

impl ProblemCode {
    /// The wire code, as in `urn:jupas-reset:problem:<code>`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The problem's `title`: one per code, never varying between occurrences (RFC 9457 §3.1.3).
    pub fn title(self) -> &'static str {
        use ProblemCode::*;
        match self {
            InvalidRequest => "The request is not valid",
            CaptchaWrong => "The security code is wrong",
            CaptchaExpired => "The security code has expired or was already used",
            CodeWrong => "The verification code is wrong",
            CodeExpired => "The verification code has expired",
            AttemptsExhausted => "Too many wrong verification codes",
            PasswordPolicy => "The new password breaks the password policy",
            RateLimited => "Too many requests",
            RegenerateTooSoon => "A new verification code can be requested later",
            RegenerateLimit => "No more verification codes for this reset",
            ExtendLimit => "This reset session cannot be extended again",
            SessionClosed => "The reset session is closed",
            Unauthorized => "Missing or unknown reset token",
            LoginFailed => "The login name or password is wrong",
            NotFound => "No such resource",
            MethodNotAllowed => "Method not allowed",
            PayloadTooLarge => "The request body is too large",
            Internal => "Internal error",
            UnsupportedMediaType => "The request body must be application/json",
            RequestTimeout => "The request body did not arrive in time",
            EnrolmentInvalid => "The enrolment code is not valid",
            WorkstationRequired => "This service serves enrolled workstations only",
            WorkstationUnknown => "The workstation credential is unknown or revoked",
        }
    }
}

/// Why a reset session is no longer open.
// The service stores it under its wire name (strum, checked against serde in a test).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SessionEnd {
    Expired,
    Cancelled,
    Completed,
    AttemptsExhausted,
}

impl SessionEnd {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<Self> {
        value.parse().ok()
    }
}

/// A request field that failed validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    LoginName,
    DateOfBirth,
    Email,
    ChallengeId,
    ChallengeAnswer,
    VerificationCode,
    NewPassword,
    EnrolmentCode,
    Body,
}

/// RFC 9457 problem details, with this API's extension members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:jupas-reset:problem:code_wrong",
    "title": "The verification code is wrong",
    "status": 400,
    "code": "code_wrong",
    "attempts_left": 4
}))]
pub struct Problem {
    /// `urn:jupas-reset:problem:<code>`.
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub code: ProblemCode,
    /// `code_wrong`: wrong entries still allowed before the session closes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
    /// `rate_limited`, `regenerate_too_soon`: also sent as `Retry-After`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u64>,
    /// `password_policy`: every rule the new password broke.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violations: Option<Vec<Violation>>,
    /// `session_closed`: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_end: Option<SessionEnd>,
    /// `invalid_request`: the fields at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<Field>>,
}

impl Problem {
    /// A problem of `code` with that code's fixed title: what the service sends.
    pub fn of(code: ProblemCode, status: u16) -> Self {
        Problem::new(code, status, code.title())
    }

    pub fn new(code: ProblemCode, status: u16, title: impl Into<String>) -> Self {
        Problem {
            type_uri: format!("urn:jupas-reset:problem:{}", code.as_str()),
            title: title.into(),
            status,
            detail: None,
            code,
            attempts_left: None,
            retry_after_s: None,
            violations: None,
            session_end: None,
            fields: None,
        }
    }
}

/// Accept a verification code or captcha answer as people type it: with spaces, in lower case.
pub fn normalize_code(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    #[test]
    fn codes_are_accepted_with_spaces_and_lower_case() {
        assert_eq!(normalize_code(" k7m xpa\t"), "K7MXPA");
        assert_eq!(normalize_code("k7m-xpa"), "K7MXPA");
    }

    #[test]
    fn problem_codes_serialize_as_their_names() {
        // serde names the wire value, strum the `as_str` one: they must agree everywhere.
        for &code in ProblemCode::VARIANTS {
            let json = serde_json::to_value(code).expect("serializes");
            assert_eq!(json, serde_json::Value::String(code.as_str().into()));
        }
        assert_eq!(
            ProblemCode::RegenerateTooSoon.as_str(),
            "regenerate_too_soon"
        );
    }

    #[test]
    fn session_ends_round_trip_through_serde_and_strum() {
        for &end in SessionEnd::VARIANTS {
            let json = serde_json::to_value(end).expect("serializes");
            assert_eq!(json, serde_json::Value::String(end.as_str().into()));
            assert_eq!(SessionEnd::parse(end.as_str()), Some(end));
        }
        assert_eq!(SessionEnd::AttemptsExhausted.as_str(), "attempts_exhausted");
        assert_eq!(SessionEnd::parse("gone"), None);
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let started = ResetStarted {
            reset_token: Secret::new("tok-123"),
            code_expires_in_s: 1,
            regenerate_after_s: 1,
            session_expires_in_s: 1,
        };
        assert!(!format!("{started:?}").contains("tok-123"));
    }

    #[test]
    fn lang_uses_bcp47_tags_on_the_wire() {
        let json = serde_json::to_string(&Lang::ZhHk).expect("serializes");
        assert_eq!(json, "\"zh-HK\"");
    }
}
