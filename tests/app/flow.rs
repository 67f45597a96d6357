//! The app's update loop against the real reference service on loopback: every request
//! goes over HTTP, every code comes from the service's real emails.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use jupas_reset::screen::forgot::{self, Captcha, Identity};
use jupas_reset::screen::{success, verify};
use jupas_reset::text::Tone;
use jupas_reset_api::client::ApiClient;
use jupas_reset_api::policy::PolicyLimits;
use jupas_reset_api::wire::{Lang, ProblemCode, ResetStarted, Secret, SessionEnd};

use crate::drive::{TODAY, outputs};
use crate::support::*;

/// Feeds `first` and everything its tasks produce; stops at the first navigation.
async fn forgot_run(
    state: &mut forgot::State,
    client: &ApiClient,
    first: forgot::Message,
) -> Option<(Identity, ResetStarted)> {
    let mut queue = VecDeque::from([first]);
    while let Some(message) = queue.pop_front() {
        match state.update(message, client, Lang::En, TODAY) {
            forgot::Action::None => {}
            forgot::Action::Run(task) => queue.extend(outputs(task).await),
            forgot::Action::Started { identity, started } => return Some((identity, started)),
        }
    }
    None
}

enum Outcome {
    Stayed,
    Done,
    Left { quit: bool },
}

async fn verify_run(
    state: &mut verify::State,
    client: &ApiClient,
    first: verify::Message,
) -> Outcome {
    let mut queue = VecDeque::from([first]);
    while let Some(message) = queue.pop_front() {
        match state.update(message, client, &PolicyLimits::default()) {
            // Opening the user guide changes nothing on the screen.
            verify::Action::None | verify::Action::OpenUserGuide => {}
            verify::Action::Run(task) => queue.extend(outputs(task).await),
            verify::Action::Done { .. } => return Outcome::Done,
            verify::Action::Left { quit } => return Outcome::Left { quit },
        }
    }
    Outcome::Stayed
}

/// A Forgot Password screen with its first security code loaded.
async fn opened(h: &Harness) -> forgot::State {
    let (mut state, load) = forgot::State::new(&h.client);
    for message in outputs(load).await {
        assert!(forgot_run(&mut state, &h.client, message).await.is_none());
    }
    assert!(
        matches!(state.captcha, Captcha::Image(_)),
        "{:?}",
        state.captcha
    );
    state
}

fn challenge_id(state: &forgot::State) -> String {
    match &state.captcha {
        Captcha::Image(image) => image.challenge_id.clone(),
        Captcha::Audio { audio, .. } => audio.challenge_id.clone(),
        other => panic!("no challenge: {other:?}"),
    }
}

async fn type_details(state: &mut forgot::State, h: &Harness) {
    use forgot::Message::*;
    for message in [
        LoginName(LOGIN.into()),
        DateOfBirth(DOB.into()),
        Email(EMAIL.into()),
    ] {
        forgot_run(state, &h.client, message).await;
    }
    let answer = h.answer(&challenge_id(state));
    forgot_run(state, &h.client, SecurityCode(answer.to_lowercase().into())).await;
}

/// Through screen 1 onto screen 2.
async fn verification_screen(h: &Harness) -> verify::State {
    let mut forgot = opened(h).await;
    type_details(&mut forgot, h).await;
    let (identity, started) = forgot_run(&mut forgot, &h.client, forgot::Message::Continue)
        .await
        .expect("on to the verification screen");
    assert_eq!(identity.login_name, LOGIN);
    verify::State::new(identity, started, Instant::now())
}

async fn enter(state: &mut verify::State, h: &Harness, code: &str, password: &str) -> Outcome {
    use verify::Message::*;
    for message in [
        Code(code.into()),
        Password(password.into()),
        Confirm(password.into()),
    ] {
        verify_run(state, &h.client, message).await;
    }
    verify_run(state, &h.client, Submit).await
}

#[tokio::test]
async fn a_student_goes_through_the_whole_flow_and_proves_the_new_password() {
    let h = Harness::start().await;
    let mut verify = verification_screen(&h).await;
    let code = h.code(EMAIL, 1).await;
    assert!(matches!(
        enter(&mut verify, &h, code.expose(), NEW_PASSWORD).await,
        Outcome::Done
    ));
    assert!(
        verify.password().is_empty() && verify.code().is_empty(),
        "cleared on success"
    );

    let mut success = success::State::new(true, LOGIN.into());
    let mut queue = VecDeque::from([
        success::Message::Login,
        success::Message::Password(NEW_PASSWORD.into()),
        success::Message::TryLogin,
    ]);
    while let Some(message) = queue.pop_front() {
        if let success::Action::Run(task) = success.update(message, &h.client) {
            queue.extend(outputs(task).await);
        }
    }
    let result = success
        .login
        .as_ref()
        .and_then(|l| l.result.clone())
        .expect("a result");
    assert_eq!(result.text.id, "practice-login-ok");
}

#[tokio::test]
async fn a_wrong_code_keeps_the_student_on_the_page_with_tries_left() {
    let h = Harness::start().await;
    let mut verify = verification_screen(&h).await;
    let code = h.code(EMAIL, 1).await;
    let wrong = if code.expose().starts_with('A') {
        "CCCCCC"
    } else {
        "AAAAAA"
    };
    assert!(matches!(
        enter(&mut verify, &h, wrong, NEW_PASSWORD).await,
        Outcome::Stayed
    ));
    let error = verify
        .code_error()
        .cloned()
        .expect("inline message at the code box");
    assert_eq!(error.id, "error-code-wrong");
    assert_eq!(
        error.render(Lang::En),
        "The verification code is not correct. You can try 4 more times."
    );
    assert_eq!(error.render(Lang::ZhHk), "驗證碼不正確。你尚可再試 4 次。");
    assert_eq!(
        verify.password(),
        NEW_PASSWORD,
        "the new password stays typed"
    );
    // Typed with spaces and in lower case, the right code works.
    let typed = format!("{} {}", &code.expose()[..3], &code.expose()[3..]).to_lowercase();
    assert!(matches!(
        enter(&mut verify, &h, &typed, NEW_PASSWORD).await,
        Outcome::Done
    ));
}

#[tokio::test]
async fn regenerate_waits_for_its_cooldown_then_sends_a_new_code() {
    let h = Harness::start().await;
    let mut verify = verification_screen(&h).await;
    let first = h.code(EMAIL, 1).await;
    assert!(!verify.can_regenerate(), "disabled during the cooldown");
    assert_eq!(verify.regenerate_wait().as_secs_f64().ceil() as u64, 60);

    let later = verify.now() + Duration::from_secs(61);
    verify_run(&mut verify, &h.client, verify::Message::Tick(later)).await;
    h.clock.advance_s(61);
    assert!(verify.can_regenerate());
    verify_run(&mut verify, &h.client, verify::Message::Regenerate).await;
    assert_eq!(verify.notice().map(|n| n.text.id), Some("regenerated"));
    assert_eq!(verify.regenerations_left(), Some(4));
    assert!(!verify.can_regenerate(), "a new cooldown started");

    let second = h.code(EMAIL, 2).await;
    if first != second {
        assert!(matches!(
            enter(&mut verify, &h, first.expose(), NEW_PASSWORD).await,
            Outcome::Stayed
        ));
    }
    assert!(matches!(
        enter(&mut verify, &h, second.expose(), NEW_PASSWORD).await,
        Outcome::Done
    ));
}

#[tokio::test]
async fn cancelling_goes_back_to_the_start_and_kills_the_code() {
    let h = Harness::start().await;
    let mut verify = verification_screen(&h).await;
    let code = h.code(EMAIL, 1).await;
    let token = verify.token().clone();
    verify_run(
        &mut verify,
        &h.client,
        verify::Message::AskLeave { quit: false },
    )
    .await;
    assert!(verify.leave_dialog_shown(), "the dialog asks first");
    verify_run(&mut verify, &h.client, verify::Message::Stay).await;
    assert!(!verify.leave_dialog_shown(), "Stay keeps the page");
    verify_run(
        &mut verify,
        &h.client,
        verify::Message::AskLeave { quit: false },
    )
    .await;
    let left = verify_run(&mut verify, &h.client, verify::Message::ConfirmCancel).await;
    assert!(matches!(left, Outcome::Left { quit: false }));
    let after = h
        .client
        .complete(&token, &code, &Secret::new(NEW_PASSWORD))
        .await;
    assert_eq!(code_of(after), ProblemCode::SessionClosed);
}

#[tokio::test]
async fn an_expired_session_says_why_and_offers_start_again() {
    let h = Harness::start().await;
    let mut verify = verification_screen(&h).await;
    let code = h.code(EMAIL, 1).await;
    h.clock.advance_s(901);
    assert!(matches!(
        enter(&mut verify, &h, code.expose(), NEW_PASSWORD).await,
        Outcome::Stayed
    ));
    assert_eq!(verify.ended(), Some(SessionEnd::Expired));
    assert_eq!(verify.notice().map(|n| n.text.id), Some("ended-expired"));
    let left = verify_run(&mut verify, &h.client, verify::Message::StartAgain).await;
    assert!(matches!(left, Outcome::Left { quit: false }));
}

#[tokio::test]
async fn the_code_countdown_warns_a_minute_before_expiry() {
    let h = Harness::start().await;
    let mut verify = verification_screen(&h).await;
    assert!(!verify.code_expiring_soon());
    let start = verify.now();
    verify_run(
        &mut verify,
        &h.client,
        verify::Message::Tick(start + Duration::from_secs(541)),
    )
    .await;
    assert!(verify.code_expiring_soon(), "59 s left");
    verify_run(
        &mut verify,
        &h.client,
        verify::Message::Tick(start + Duration::from_secs(600)),
    )
    .await;
    assert!(!verify.code_expiring_soon() && verify.code_time_left().is_zero());
}

#[tokio::test]
async fn a_wrong_security_code_shows_a_new_one_and_keeps_the_details() {
    let h = Harness::start().await;
    let mut forgot = opened(&h).await;
    type_details(&mut forgot, &h).await;
    let old = challenge_id(&forgot);
    forgot_run(
        &mut forgot,
        &h.client,
        forgot::Message::SecurityCode("WRONG9".into()),
    )
    .await;
    assert!(
        forgot_run(&mut forgot, &h.client, forgot::Message::Continue)
            .await
            .is_none()
    );
    assert_eq!(
        forgot.errors.security_code.as_ref().map(|t| t.id),
        Some("error-captcha-wrong")
    );
    assert_ne!(challenge_id(&forgot), old, "a new security code is shown");
    assert_eq!(forgot.identity.login_name, LOGIN);
    assert_eq!(forgot.identity.email, EMAIL);
    assert!(forgot.security_code.is_empty());
}

#[tokio::test]
async fn a_date_typed_day_first_reaches_the_service_as_year_month_day() {
    let h = Harness::start().await;
    let mut forgot = opened(&h).await;
    type_details(&mut forgot, &h).await;
    // The account's date of birth is 2008-03-14; the student types it the Hong Kong way.
    forgot_run(
        &mut forgot,
        &h.client,
        forgot::Message::DateOfBirth("14/03/2008".into()),
    )
    .await;
    assert_eq!(
        forgot
            .date_feedback()
            .map(|text| text.render(Lang::En))
            .as_deref(),
        Some("Read as 14 March 2008")
    );
    let (identity, _) = forgot_run(&mut forgot, &h.client, forgot::Message::Continue)
        .await
        .expect("accepted");
    assert_eq!(identity.date_of_birth, DOB, "sent, and kept, as YYYY-MM-DD");
    // The service matched the account: its email came.
    let code = h.code(EMAIL, 1).await;
    assert!(!code.expose().is_empty());
}

#[tokio::test]
async fn bad_input_is_caught_before_any_request() {
    let h = Harness::start().await;
    let mut forgot = opened(&h).await;
    forgot_run(
        &mut forgot,
        &h.client,
        forgot::Message::DateOfBirth("14.03.2008".into()),
    )
    .await;
    forgot_run(
        &mut forgot,
        &h.client,
        forgot::Message::Email("chan.taiman".into()),
    )
    .await;
    assert!(
        forgot_run(&mut forgot, &h.client, forgot::Message::Continue)
            .await
            .is_none()
    );
    let ids = |e: &Option<jupas_reset::text::Text>| e.as_ref().map(|t| t.id);
    assert_eq!(ids(&forgot.errors.login_name), Some("error-field-missing"));
    assert_eq!(ids(&forgot.errors.date_of_birth), Some("error-date-format"));
    assert_eq!(ids(&forgot.errors.email), Some("error-email-format"));
    assert_eq!(
        ids(&forgot.errors.security_code),
        Some("error-security-code-missing")
    );
    assert!(forgot.pending.is_none(), "nothing was sent");
}

#[tokio::test]
async fn a_dead_server_keeps_everything_typed_and_offers_retry() {
    let h = Harness::start().await;
    let mut forgot = opened(&h).await;
    type_details(&mut forgot, &h).await;
    let typed_code = forgot.security_code.clone();
    let Harness {
        running, client, ..
    } = h;
    running.shutdown().await.expect("stopped");
    assert!(
        forgot_run(&mut forgot, &client, forgot::Message::Continue)
            .await
            .is_none()
    );
    let notice = forgot.notice.clone().expect("a notice");
    assert_eq!(notice.text.id, "error-unreachable");
    assert_eq!(notice.tone, Tone::Error);
    assert!(notice.retry, "Retry offered");
    assert_eq!(forgot.identity.login_name, LOGIN);
    assert_eq!(forgot.security_code, typed_code);
    assert!(forgot.pending.is_none(), "buttons enabled again");
}

#[tokio::test]
async fn the_spoken_code_can_be_answered_instead_of_the_picture() {
    let h = Harness::start().await;
    let mut forgot = opened(&h).await;
    forgot_run(&mut forgot, &h.client, forgot::Message::DownloadAudio).await;
    let Captcha::Audio { status, .. } = &forgot.captcha else {
        panic!("audio challenge: {:?}", forgot.captcha);
    };
    // With a sound card it plays; without one (CI) it says so and Save still works.
    let said = status.as_ref().map(|n| n.text.id);
    assert!(
        matches!(said, Some("audio-playing") | Some("audio-no-device")),
        "{said:?}"
    );
    // No picture any more: the panel is titled for what it holds.
    for (lang, title, picture) in [
        (Lang::En, "Spoken security code", "Security code picture"),
        (Lang::ZhHk, "語音保安碼", "保安碼圖像"),
    ] {
        let mut ui = iced_test::Simulator::with_settings(
            crate::screens::settings(),
            forgot.view(lang, None),
        );
        ui.find(title).expect(title);
        assert!(ui.find(picture).is_err(), "{lang:?}: {picture}");
        let built = crate::a11y_tree::build(|tree, root| {
            forgot.accessibility(lang, tree, root, std::convert::identity)
        });
        assert_eq!(crate::a11y_tree::label(built.node("captcha")), title);
    }
    type_details(&mut forgot, &h).await;
    assert!(
        forgot_run(&mut forgot, &h.client, forgot::Message::Continue)
            .await
            .is_some()
    );
}

#[tokio::test]
async fn more_time_keeps_the_page_open_past_its_first_deadline() {
    let h = Harness::start().await;
    let mut verify = verification_screen(&h).await;
    // The first code's email is out before a second one is asked for (mail order).
    let first_code = h.code(EMAIL, 1).await;
    let start = verify.now();
    let first = verify.session_time_left().as_secs();
    assert!(!verify.can_extend(), "offered only with the warning");
    // Two minutes before the end, on both clocks: the warning and "More time".
    let warned = first - 100;
    h.clock.advance_s(warned);
    verify_run(
        &mut verify,
        &h.client,
        verify::Message::Tick(start + Duration::from_secs(warned)),
    )
    .await;
    assert!(verify.session_warning() && verify.can_extend());
    verify_run(&mut verify, &h.client, verify::Message::Extend).await;
    assert_eq!(verify.notice().map(|n| n.text.id), Some("session-extended"));
    assert_eq!(verify.notice().map(|n| n.tone), Some(Tone::Info), "polite");
    assert_eq!(verify.extensions_left(), Some(9));
    assert_eq!(verify.session_time_left().as_secs(), first);
    assert!(!verify.session_warning(), "the warning is gone");
    // Past the first deadline the page is still open and the reset still completes.
    h.clock.advance_s(200);
    verify_run(
        &mut verify,
        &h.client,
        verify::Message::Tick(start + Duration::from_secs(warned + 200)),
    )
    .await;
    assert!(verify.is_open());
    assert!(verify.code_time_left() <= verify.session_time_left());
    verify_run(&mut verify, &h.client, verify::Message::Regenerate).await;
    assert_eq!(verify.notice().map(|n| n.text.id), Some("regenerated"));
    // The outbox orders mails by time stamp, which two quick mails can share: the new
    // code is whichever of the two is not the first.
    let _ = h.code(EMAIL, 2).await; // waits for the second mail
    let mails = h.mails_to(EMAIL);
    assert_eq!(mails.len(), 2);
    let second = (1..=2)
        .map(|n| code_in(&mails[n - 1]))
        .find(|code| code != first_code.expose())
        .unwrap_or_else(|| first_code.expose().to_owned());
    let outcome = enter(&mut verify, &h, &second, NEW_PASSWORD).await;
    assert!(
        matches!(outcome, Outcome::Done),
        "{:?} {:?}",
        verify.notice(),
        verify.code_error()
    );
}

#[tokio::test]
async fn more_time_used_up_says_so() {
    let h = Harness::start_with(|config| config.rules.max_extensions = 0).await;
    let mut verify = verification_screen(&h).await;
    let start = verify.now();
    let warned = verify.session_time_left().as_secs() - 60;
    h.clock.advance_s(warned);
    verify_run(
        &mut verify,
        &h.client,
        verify::Message::Tick(start + Duration::from_secs(warned)),
    )
    .await;
    verify_run(&mut verify, &h.client, verify::Message::Extend).await;
    let notice = verify.notice().cloned().expect("a notice");
    assert_eq!(notice.text.id, "error-extend-limit");
    assert_eq!(notice.tone, Tone::Error, "an assertive alert");
    assert_eq!(verify.extensions_left(), Some(0));
    assert!(!verify.can_extend(), "the button is gone");
    assert!(verify.is_open(), "the page stays open until its end");
}
