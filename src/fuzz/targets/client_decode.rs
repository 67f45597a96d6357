//! The client's reading of an answer (`client::decode_answer`): status, `Content-Type` and
//! body, as any server (or anything pretending to be one) could send them.
//! Input: byte 0 picks the answer type the app expects, byte 1 the status, byte 2 the
//! content type; the rest is the body (seeds are the service's real answers).
#![no_main]

use jupas_reset_api::client::{CallError, decode_answer};
use jupas_reset_api::wire::{
    Challenge, CodeRegenerated, PasswordChanged, PasswordPolicy, PracticeLoginOk, ResetStarted,
    SessionExtended,
};
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;

const STATUSES: [u16; 24] = [
    200, 201, 202, 204, 206, 301, 302, 303, 307, 308, 400, 401, 403, 404, 405, 408, 409, 410, 413,
    415, 422, 429, 500, 503,
];
const CONTENT_TYPES: [Option<&str>; 8] = [
    Some("application/json"),
    Some("application/problem+json"),
    Some("application/json; charset=utf-8"),
    Some("APPLICATION/PROBLEM+JSON ; charset=UTF-8"),
    Some("text/html"),
    Some("application/jsonx"),
    Some(""),
    None,
];

/// Decodes as `T`; whatever comes back must make sense for the status it came with.
fn check<T: DeserializeOwned + Serialize>(status: u16, content_type: Option<&str>, body: &[u8]) {
    match decode_answer::<T>(status, content_type, body) {
        Ok(value) => {
            assert!((200..300).contains(&status), "a value from HTTP {status}");
            // What was read can be written and read again: the app never holds half a value.
            let again = serde_json::to_vec(&value).expect("serialises");
            assert!(decode_answer::<T>(status, content_type, &again).is_ok());
        }
        Err(CallError::Redirected { status: s }) => assert!((300..400).contains(&s)),
        Err(CallError::ServerError { status: s }) => assert!((500..600).contains(&s)),
        Err(CallError::Problem(problem)) => {
            assert!(
                !(200..400).contains(&status),
                "a problem from HTTP {status}"
            );
            // The message the UI keys on, and what a log would print.
            let _ = problem.code.as_str();
            let _ = format!("{problem:?}");
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [kind, status, content_type, body @ ..] = data else {
        return;
    };
    let status = STATUSES[usize::from(*status) % STATUSES.len()];
    let content_type = CONTENT_TYPES[usize::from(*content_type) % CONTENT_TYPES.len()];
    match kind % 7 {
        0 => check::<Challenge>(status, content_type, body),
        1 => check::<ResetStarted>(status, content_type, body),
        2 => check::<CodeRegenerated>(status, content_type, body),
        3 => check::<SessionExtended>(status, content_type, body),
        4 => check::<PasswordChanged>(status, content_type, body),
        5 => check::<PasswordPolicy>(status, content_type, body),
        _ => check::<PracticeLoginOk>(status, content_type, body),
    }
});
