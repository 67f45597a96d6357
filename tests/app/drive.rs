//! Runs the `Task`s a screen's `update` returns, as the iced runtime would, and feeds
//! their messages back: the app's real update loop, without a window.

use iced::Task;
use iced::futures::StreamExt;
use std::time::Instant;
use time::Date;
use time::macros::date;

use jupas_reset::screen::forgot::Identity;
use jupas_reset::screen::verify;
use jupas_reset_api::client::ApiClient;
use jupas_reset_api::wire::{ResetStarted, Secret};

/// The date the Forgot Password screen checks dates of birth against, pinned.
#[allow(dead_code)]
pub const TODAY: Date = date!(2026 - 03 - 14);

/// The messages a task produces (widget operations such as focus are skipped).
#[allow(dead_code)]
pub async fn outputs<M: Send + 'static>(task: Task<M>) -> Vec<M> {
    let Some(stream) = iced_runtime::task::into_stream(task) else {
        return Vec::new();
    };
    stream
        .filter_map(|action| async move {
            match action {
                iced_runtime::Action::Output(message) => Some(message),
                _ => None,
            }
        })
        .collect()
        .await
}

/// A client whose requests go nowhere: for tests that only look at returned tasks.
#[allow(dead_code)]
pub fn offline_client() -> ApiClient {
    ApiClient::new("http://127.0.0.1:9").expect("client")
}

/// The verification screen as it opens after the service accepted the details.
#[allow(dead_code)]
pub fn verify_screen() -> verify::State {
    let started = ResetStarted {
        reset_token: Secret::new("token"),
        code_expires_in_s: 600,
        regenerate_after_s: 60,
        session_expires_in_s: 900,
    };
    let identity = Identity {
        login_name: "chantaiman".into(),
        date_of_birth: "2008-03-14".into(),
        email: "chan.taiman@example.com".into(),
    };
    verify::State::new(identity, started, Instant::now())
}
