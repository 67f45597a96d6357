//! The emailed verification code: single use, expiry, attempt limits, regeneration, cancel.

use jupas_reset_api::wire::{ProblemCode, Secret, SessionEnd};

use crate::support::*;

fn wrong(code: &Secret) -> Secret {
    // A different code of the same shape.
    let first = if code.expose().starts_with('A') {
        'C'
    } else {
        'A'
    };
    Secret::new(format!("{first}{}", &code.expose()[1..]))
}

#[tokio::test]
async fn a_wrong_code_says_how_many_tries_are_left_until_the_session_closes() {
    let h = Harness::start().await;
    let started = h.start_reset().await;
    let code = h.code(EMAIL, 1).await;
    let token = &started.reset_token;
    let password = Secret::new(NEW_PASSWORD);
    for left in (1..=4).rev() {
        let problem = problem_of(h.client.complete(token, &wrong(&code), &password).await);
        assert_eq!(problem.code, ProblemCode::CodeWrong);
        assert_eq!(problem.attempts_left, Some(left));
    }
    let fifth = problem_of(h.client.complete(token, &wrong(&code), &password).await);
    assert_eq!(fifth.code, ProblemCode::AttemptsExhausted);
    // Even the right code is refused now.
    let problem = problem_of(h.client.complete(token, &code, &password).await);
    assert_eq!(problem.code, ProblemCode::SessionClosed);
    assert_eq!(problem.session_end, Some(SessionEnd::AttemptsExhausted));
}

#[tokio::test]
async fn regenerating_does_not_reset_the_failure_count() {
    let h = Harness::start().await;
    let started = h.start_reset().await;
    let token = &started.reset_token;
    let first = h.code(EMAIL, 1).await;
    let password = Secret::new(NEW_PASSWORD);
    for _ in 0..3 {
        h.client
            .complete(token, &wrong(&first), &password)
            .await
            .expect_err("wrong");
    }
    h.clock.advance_s(60);
    h.client.regenerate_code(token).await.expect("regenerated");
    let second = h.code(EMAIL, 2).await;
    let problem = problem_of(h.client.complete(token, &wrong(&second), &password).await);
    assert_eq!(problem.attempts_left, Some(1), "3 + 1 of 5 used");
    let problem = problem_of(h.client.complete(token, &wrong(&second), &password).await);
    assert_eq!(problem.code, ProblemCode::AttemptsExhausted);
}

#[tokio::test]
async fn a_regenerated_code_replaces_the_old_one() {
    let h = Harness::start().await;
    let started = h.start_reset().await;
    let token = &started.reset_token;
    let first = h.code(EMAIL, 1).await;
    h.clock.advance_s(60);
    let regenerated = h.client.regenerate_code(token).await.expect("regenerated");
    assert_eq!(regenerated.regenerations_left, 4);
    assert_eq!(regenerated.session_expires_in_s, 840);
    let second = h.code(EMAIL, 2).await;
    assert_ne!(first, second);
    let password = Secret::new(NEW_PASSWORD);
    let old = h.client.complete(token, &first, &password).await;
    if first != second {
        assert_eq!(code_of(old), ProblemCode::CodeWrong);
    }
    h.client
        .complete(token, &second, &password)
        .await
        .expect("new code works");
}

/// Codes sent within the same few milliseconds (and sent in parallel) still reach the
/// outbox in the order they were asked for: the newest mail holds the code that works.
#[tokio::test]
async fn the_newest_mail_holds_the_code_that_works() {
    let h = Harness::start().await;
    let started = h.start_reset().await;
    let token = &started.reset_token;
    for _ in 0..5 {
        h.clock.advance_s(60);
        h.client.regenerate_code(token).await.expect("regenerated");
    }
    let newest = h.code(EMAIL, 6).await;
    let password = Secret::new(NEW_PASSWORD);
    // Four of the five older codes: a fifth wrong code would end the session.
    for older in 2..6 {
        let code = h.code(EMAIL, older).await;
        if code != newest {
            let refused = h.client.complete(token, &code, &password).await;
            assert_eq!(code_of(refused), ProblemCode::CodeWrong, "mail {older}");
        }
    }
    h.client
        .complete(token, &newest, &password)
        .await
        .expect("the newest code works");
}

#[tokio::test]
async fn regenerating_has_a_cooldown_and_a_cap() {
    let h = Harness::start().await;
    let started = h.start_reset().await;
    let token = &started.reset_token;
    let too_soon = problem_of(h.client.regenerate_code(token).await);
    assert_eq!(too_soon.code, ProblemCode::RegenerateTooSoon);
    assert_eq!(too_soon.retry_after_s, Some(60));
    h.clock.advance_s(45);
    let still = problem_of(h.client.regenerate_code(token).await);
    assert_eq!(still.retry_after_s, Some(15));
    for left in (0..5).rev() {
        h.clock.advance_s(60);
        let ok = h.client.regenerate_code(token).await.expect("regenerated");
        assert_eq!(ok.regenerations_left, left);
    }
    h.clock.advance_s(60);
    assert_eq!(
        code_of(h.client.regenerate_code(token).await),
        ProblemCode::RegenerateLimit
    );
}

#[tokio::test]
async fn a_code_expires_after_ten_minutes() {
    let h = Harness::start().await;
    let started = h.start_reset().await;
    let code = h.code(EMAIL, 1).await;
    h.clock.advance_s(600);
    let result = h
        .client
        .complete(&started.reset_token, &code, &Secret::new(NEW_PASSWORD))
        .await;
    assert_eq!(code_of(result), ProblemCode::CodeExpired);
    // A new code still works within the session's lifetime.
    h.client
        .regenerate_code(&started.reset_token)
        .await
        .expect("regenerated");
    let fresh = h.code(EMAIL, 2).await;
    h.client
        .complete(&started.reset_token, &fresh, &Secret::new(NEW_PASSWORD))
        .await
        .expect("changed");
}

#[tokio::test]
async fn cancelling_kills_the_code_at_once() {
    let h = Harness::start().await;
    let started = h.start_reset().await;
    let code = h.code(EMAIL, 1).await;
    h.client
        .cancel(&started.reset_token)
        .await
        .expect("cancelled");
    h.client
        .cancel(&started.reset_token)
        .await
        .expect("idempotent");
    let problem = problem_of(
        h.client
            .complete(&started.reset_token, &code, &Secret::new(NEW_PASSWORD))
            .await,
    );
    assert_eq!(problem.code, ProblemCode::SessionClosed);
    assert_eq!(problem.session_end, Some(SessionEnd::Cancelled));
    h.client
        .practice_login(LOGIN, &Secret::new(PASSWORD))
        .await
        .expect("password unchanged");
}

/// NIST SP 800-63B-4: throttle, do not lock out. The owner's right code works again after
/// a wait, and the owner hears about it once.
#[tokio::test]
async fn many_wrong_codes_make_each_try_wait_longer_and_the_owner_is_told_once() {
    let h = Harness::start_with(|c| c.rules.failures_before_delay = 6).await;
    let password = Secret::new(NEW_PASSWORD);
    let first = h.start_reset().await;
    let code = h.code(EMAIL, 1).await;
    for _ in 0..4 {
        h.client
            .complete(&first.reset_token, &wrong(&code), &password)
            .await
            .expect_err("wrong");
    }
    h.client
        .cancel(&first.reset_token)
        .await
        .expect("cancelled");
    let second = h.start_reset().await;
    let code = h.code(EMAIL, 2).await;
    let token = &second.reset_token;
    let fifth = problem_of(h.client.complete(token, &wrong(&code), &password).await);
    assert_eq!(fifth.attempts_left, Some(4), "counted per session");
    let sixth = problem_of(h.client.complete(token, &wrong(&code), &password).await);
    assert_eq!(sixth.code, ProblemCode::CodeWrong);
    assert_eq!(sixth.attempts_left, Some(3), "no lockout");

    // From now on every try waits, even with the right code, and the wait doubles.
    let waiting = problem_of(h.client.complete(token, &code, &password).await);
    assert_eq!(waiting.code, ProblemCode::RateLimited);
    assert_eq!(waiting.status, 429);
    assert_eq!(waiting.retry_after_s, Some(60));
    h.clock.advance_s(59);
    let still = problem_of(h.client.complete(token, &code, &password).await);
    assert_eq!(still.retry_after_s, Some(1));
    h.clock.advance_s(1);
    let seventh = problem_of(h.client.complete(token, &wrong(&code), &password).await);
    assert_eq!(
        seventh.attempts_left,
        Some(2),
        "a wait does not count as a try"
    );
    let longer = problem_of(h.client.complete(token, &code, &password).await);
    assert_eq!(longer.retry_after_s, Some(120));
    h.clock.advance_s(120);
    h.client
        .complete(token, &code, &password)
        .await
        .expect("the owner's right code works after the wait");

    let warnings: Vec<_> = wait_for_mails(h.outbox.path(), EMAIL, 4)
        .await
        .into_iter()
        .filter(|m| m.subject.contains("wrong verification codes"))
        .collect();
    assert_eq!(warnings.len(), 1, "told once");
    assert!(
        warnings[0].text.contains("entered 6 times"),
        "{}",
        warnings[0].text
    );
    assert!(warnings[0].text.contains("錯誤驗證碼 6 次"));
    assert!(
        !warnings[0].text.contains(code.expose()),
        "no code in the warning"
    );
}

#[tokio::test]
async fn a_successful_reset_clears_the_wrong_code_count() {
    let h = Harness::start_with(|c| c.rules.failures_before_delay = 3).await;
    let password = Secret::new(NEW_PASSWORD);
    let first = h.start_reset().await;
    let code = h.code(EMAIL, 1).await;
    for _ in 0..2 {
        h.client
            .complete(&first.reset_token, &wrong(&code), &password)
            .await
            .expect_err("wrong");
    }
    h.client
        .complete(&first.reset_token, &code, &password)
        .await
        .expect("changed");
    wait_for_mails(h.outbox.path(), EMAIL, 2).await;
    let second = h.start_reset().await;
    // The third mail: the new code (file times may tie, so find it by its value).
    let mails = wait_for_mails(h.outbox.path(), EMAIL, 3).await;
    let code = mails
        .iter()
        .filter(|m| m.text.contains("Verification Code: "))
        .map(code_in)
        .find(|c| c != code.expose())
        .map(Secret::new)
        .expect("a second code");
    let problem = problem_of(
        h.client
            .complete(&second.reset_token, &wrong(&code), &password)
            .await,
    );
    assert_eq!(problem.code, ProblemCode::CodeWrong);
    let next = problem_of(
        h.client
            .complete(&second.reset_token, &wrong(&code), &password)
            .await,
    );
    assert_eq!(next.code, ProblemCode::CodeWrong, "counted from zero again");
}
