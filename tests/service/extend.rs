//! Extending the reset session (WCAG 2.2.1): more time, within a cap, only while open.

use jupas_reset_api::wire::{ProblemCode, Secret, SessionEnd};

use crate::support::*;

#[tokio::test]
async fn an_extended_session_outlives_its_first_deadline() {
    let h = Harness::start().await;
    let started = h.start_reset().await;
    let token = &started.reset_token;
    h.clock.advance_s(started.session_expires_in_s - 60);
    let extended = h.client.extend_session(token).await.expect("extended");
    assert_eq!(extended.session_expires_in_s, started.session_expires_in_s);
    assert_eq!(extended.extensions_left, 9);
    // Past the first deadline, the session is still open: a new code can be asked for.
    h.clock.advance_s(120);
    h.client.regenerate_code(token).await.expect("still open");
    let code = h.code(EMAIL, 2).await;
    h.client
        .complete(token, &code, &Secret::new(NEW_PASSWORD))
        .await
        .expect("the reset completes");
}

#[tokio::test]
async fn a_session_cannot_be_extended_forever() {
    let h = Harness::start_with(|config| config.rules.max_extensions = 2).await;
    let started = h.start_reset().await;
    let token = &started.reset_token;
    let first = h.client.extend_session(token).await.expect("first");
    assert_eq!(first.extensions_left, 1);
    h.client.extend_session(token).await.expect("second");
    let third = problem_of(h.client.extend_session(token).await);
    assert_eq!(third.code, ProblemCode::ExtendLimit);
    assert_eq!(third.status, 409);
}

#[tokio::test]
async fn an_ended_session_cannot_be_extended() {
    let h = Harness::start().await;
    let started = h.start_reset().await;
    let token = &started.reset_token;
    h.clock.advance_s(started.session_expires_in_s);
    let late = problem_of(h.client.extend_session(token).await);
    assert_eq!(late.code, ProblemCode::SessionClosed);
    assert_eq!(late.session_end, Some(SessionEnd::Expired));
    let bogus = problem_of(h.client.extend_session(&Secret::new("not-a-token")).await);
    assert_eq!(bogus.code, ProblemCode::Unauthorized);
}
