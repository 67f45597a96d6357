//! The fault matrix: the app's real update loop against the reference service, through a
//! real HTTP server on loopback that misbehaves on demand (tests/common/faulty.rs). For
//! every fault the student gets a message in both languages, keeps everything typed, and
//! is offered Retry where sending again can help; after the fault, Retry goes on.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use base64::Engine as _;
use iced_test::Simulator;

use jupas_reset::screen::forgot::{self, Captcha, Identity};
use jupas_reset::screen::verify;
use jupas_reset::text::{Notice, Text, Tone};
use jupas_reset::theme;
use jupas_reset_api::client::{ApiClient, Timeouts};
use jupas_reset_api::policy::PolicyLimits;
use jupas_reset_api::wire::{Lang, ResetStarted, paths};

use crate::a11y_tree::build;
use crate::drive::{TODAY, outputs};
use crate::faulty::{Fault, FaultyServer};
use crate::support::*;

/// Short enough that a stalled service fails the test's calls in a second.
fn quick() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(2),
        read: Duration::from_millis(800),
        total: Duration::from_secs(1),
    }
}

/// The service, and in front of it the server that misbehaves.
async fn service() -> (Harness, FaultyServer, ApiClient) {
    let h = Harness::start().await;
    let faulty = FaultyServer::start(Some(h.running.addr)).await;
    let client = ApiClient::with_timeouts(&faulty.url(), quick()).expect("client");
    (h, faulty, client)
}

/// Every way a request can go wrong short of a refusal the service means, with the message
/// the app gives and whether Retry is offered.
fn faults() -> Vec<(&'static str, Fault, &'static str)> {
    let internal = r#"{"type":"urn:jupas-reset:problem:internal","title":"Internal error","status":500,"code":"internal"}"#;
    vec![
        ("refused mid-flow", Fault::Hangup, "error-unreachable"),
        (
            "slow past the timeout",
            Fault::Stall(Duration::from_secs(3)),
            "error-timeout",
        ),
        (
            "5xx",
            Fault::reply(503, "text/html", "<h1>503 Service Unavailable</h1>"),
            "error-server",
        ),
        (
            "5xx problem",
            Fault::reply(500, "application/problem+json", internal),
            "error-server",
        ),
        (
            "invalid JSON",
            Fault::reply(200, "application/json", r#"{"reset_token": "#),
            "error-unreadable",
        ),
        (
            "wrong content type (a captive portal's page)",
            Fault::reply(200, "text/html", "<html>Sign in to Wi-Fi</html>"),
            "error-unreadable",
        ),
        ("a huge body", Fault::Endless, "error-unreadable"),
        (
            "a redirect",
            Fault::redirect(307, "http://127.0.0.1:9/portal"),
            "error-redirected",
        ),
    ]
}

/// The notice is `id`, reads in both languages, and is an error offering Retry.
fn says_with_retry(notice: Option<&Notice>, id: &str, case: &str) {
    let notice = notice.unwrap_or_else(|| panic!("{case}: no message"));
    assert_eq!(notice.text.id, id, "{case}");
    assert_eq!(notice.tone, Tone::Error, "{case}");
    assert!(notice.retry, "{case}: Retry offered");
    bilingual(&notice.text, case);
}

/// Both languages have words for it, and not the same words.
fn bilingual(text: &Text, case: &str) {
    let en = text.render(Lang::En);
    let zh = text.render(Lang::ZhHk);
    assert!(
        !en.is_empty() && en != text.id,
        "{case}: English text for {}",
        text.id
    );
    assert!(
        !zh.is_empty() && zh != text.id,
        "{case}: Chinese text for {}",
        text.id
    );
    assert_ne!(en, zh, "{case}: {}", text.id);
}

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

/// Runs `first` to its end; true when the password was changed.
async fn verify_run(state: &mut verify::State, client: &ApiClient, first: verify::Message) -> bool {
    let mut queue = VecDeque::from([first]);
    while let Some(message) = queue.pop_front() {
        match state.update(message, client, &PolicyLimits::default()) {
            verify::Action::None => {}
            verify::Action::Run(task) => queue.extend(outputs(task).await),
            verify::Action::Done { .. } => return true,
            verify::Action::Left { .. } => panic!("left the page"),
            verify::Action::OpenUserGuide => {}
        }
    }
    false
}

async fn opened(client: &ApiClient) -> forgot::State {
    let (mut state, load) = forgot::State::new(client);
    for message in outputs(load).await {
        forgot_run(&mut state, client, message).await;
    }
    state
}

fn challenge_id(state: &forgot::State) -> String {
    match &state.captcha {
        Captcha::Image(image) => image.challenge_id.clone(),
        Captcha::Audio { audio, .. } => audio.challenge_id.clone(),
        other => panic!("no security code: {other:?}"),
    }
}

/// Screen 1 filled in, its security code answered.
async fn typed(h: &Harness, client: &ApiClient) -> forgot::State {
    use forgot::Message::*;
    let mut state = opened(client).await;
    let answer = h.answer(&challenge_id(&state));
    for message in [
        LoginName(LOGIN.into()),
        DateOfBirth(DOB.into()),
        Email(EMAIL.into()),
        SecurityCode(answer.into()),
    ] {
        forgot_run(&mut state, client, message).await;
    }
    state
}

/// What the Retry in the security-code panel sends, clicked in the drawn screen.
fn click_retry(state: &forgot::State) -> forgot::Message {
    let settings = iced::Settings {
        fonts: vec![theme::FONT_REGULAR.into(), theme::FONT_BOLD.into()],
        default_font: theme::APP_FONT,
        ..iced::Settings::default()
    };
    let mut ui = Simulator::with_settings(settings, state.view(Lang::En, None));
    ui.click("Retry").expect("a Retry button");
    ui.into_messages().last().expect("Retry sends a message")
}

#[tokio::test]
async fn a_service_that_is_down_at_start_says_so_and_retry_brings_the_code() {
    let (_h, mut faulty, client) = service().await;
    faulty.stop().await;

    let mut state = opened(&client).await;

    let Captcha::Failed(notice) = &state.captcha else {
        panic!("{:?}", state.captcha)
    };
    says_with_retry(Some(notice), "error-unreachable", "server down");
    let tree =
        build(|tree, root| state.accessibility(Lang::ZhHk, tree, root, std::convert::identity));
    assert!(
        tree.has("captcha-retry"),
        "Retry is in the accessibility tree"
    );
    faulty.resume().await;
    let retry = click_retry(&state);
    forgot_run(&mut state, &client, retry).await;
    assert!(
        matches!(state.captcha, Captcha::Image(_)),
        "{:?}",
        state.captcha
    );
}

#[tokio::test]
async fn continue_survives_every_fault_and_retry_goes_on() {
    let (h, mut faulty, client) = service().await;
    let mut state = typed(&h, &client).await;
    let identity = state.identity.clone();
    let code = state.security_code.clone();
    let check = |state: &forgot::State, id: &str, case: &str| {
        says_with_retry(state.notice.as_ref(), id, case);
        assert_eq!(state.retry, Some(forgot::Request::Continue), "{case}");
        assert_eq!(state.identity, identity, "{case}: the details stay");
        assert_eq!(state.security_code, code, "{case}: the security code stays");
        assert!(state.pending.is_none(), "{case}: nothing hangs");
    };

    faulty.stop().await;
    let started = forgot_run(&mut state, &client, forgot::Message::Continue).await;
    assert!(started.is_none());
    check(&state, "error-unreachable", "server down");
    faulty.resume().await;
    for (case, fault, id) in faults() {
        faulty.fail(paths::RESETS, fault);
        let started = forgot_run(&mut state, &client, forgot::Message::Continue).await;
        assert!(started.is_none(), "{case}");
        check(&state, id, case);
        faulty.heal();
    }

    let started = forgot_run(&mut state, &client, forgot::Message::Retry).await;
    let (identity, _) = started.expect("Retry goes on to the verification screen");
    assert_eq!(identity.login_name, LOGIN);
}

#[tokio::test]
async fn submit_and_regenerate_survive_every_fault_and_retry_goes_on() {
    let (h, faulty, client) = service().await;
    let mut forgot = typed(&h, &client).await;
    let (identity, started) = forgot_run(&mut forgot, &client, forgot::Message::Continue)
        .await
        .expect("verification screen");
    let now = Instant::now();
    let mut state = verify::State::new(identity, started, now);
    let code = h.code(EMAIL, 1).await;
    for message in [
        verify::Message::Code(code.clone()),
        verify::Message::Password(NEW_PASSWORD.into()),
        verify::Message::Confirm(NEW_PASSWORD.into()),
    ] {
        verify_run(&mut state, &client, message).await;
    }

    for (case, fault, id) in faults() {
        faulty.fail(paths::RESET_COMPLETE, fault);
        assert!(!verify_run(&mut state, &client, verify::Message::Submit).await);
        says_with_retry(state.notice(), id, case);
        assert!(state.is_open(), "{case}: the page stays");
        assert_eq!(state.code(), code.expose(), "{case}: the code stays");
        assert_eq!(state.password(), NEW_PASSWORD, "{case}: the password stays");
        faulty.heal();
    }

    // Regenerate, once its wait is over (on both clocks), under a fault, then Retry.
    h.clock.advance_s(61);
    let later = now + Duration::from_secs(61);
    verify_run(&mut state, &client, verify::Message::Tick(later)).await;
    faulty.fail(paths::RESET_CODE, Fault::Hangup);
    verify_run(&mut state, &client, verify::Message::Regenerate).await;
    says_with_retry(state.notice(), "error-unreachable", "regenerate");
    faulty.heal();
    verify_run(&mut state, &client, verify::Message::Retry).await;
    assert_eq!(state.notice().map(|n| n.text.id), Some("regenerated"));

    let new_code = h.code(EMAIL, 2).await;
    verify_run(&mut state, &client, verify::Message::Code(new_code)).await;
    faulty.fail(paths::RESET_COMPLETE, Fault::Stall(Duration::from_secs(3)));
    assert!(!verify_run(&mut state, &client, verify::Message::Submit).await);
    faulty.heal();
    assert!(
        verify_run(&mut state, &client, verify::Message::Retry).await,
        "Retry changes the password"
    );
}

/// A PNG that says it is 20,000 × 20,000 pixels (1.6 GB as RGBA), in ~300 KB.
fn decompression_bomb() -> Vec<u8> {
    let side = 20_000;
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().expect("header");
    let mut stream = writer.stream_writer().expect("stream");
    let row = vec![0u8; side as usize / 8];
    for _ in 0..side {
        std::io::Write::write_all(&mut stream, &row).expect("row");
    }
    stream.finish().expect("finish");
    drop(writer);
    png
}

fn challenge(media_type: &str, media: &[u8]) -> String {
    serde_json::json!({
        "challenge_id": "forged",
        "media_type": media_type,
        "media_base64": base64::engine::general_purpose::STANDARD.encode(media),
        "expires_in_s": 300,
        "answer_length": 6,
    })
    .to_string()
}

#[tokio::test]
async fn a_decompression_bomb_and_a_corrupt_wav_are_refused_in_words() {
    let (h, faulty, client) = service().await;
    let mut state = typed(&h, &client).await;
    let identity = state.identity.clone();

    let bomb = decompression_bomb();
    assert!(
        bomb.len() < 1024 * 1024,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    faulty.fail(
        paths::CHALLENGES,
        Fault::reply(200, "application/json", challenge("image/png", &bomb)),
    );
    forgot_run(&mut state, &client, forgot::Message::AnotherImage).await;
    let Captcha::Failed(notice) = &state.captcha else {
        panic!("{:?}", state.captcha)
    };
    assert_eq!(notice.text.id, "error-image-bad");
    bilingual(&notice.text, "decompression bomb");
    assert_eq!(state.identity, identity);

    // A WAV whose header promises a minute of sound and holds a fraction of a second.
    let mut wav = Vec::from(*b"RIFF\0\0\0\0WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&[1, 0, 1, 0]);
    wav.extend_from_slice(&16_000u32.to_le_bytes());
    wav.extend_from_slice(&32_000u32.to_le_bytes());
    wav.extend_from_slice(&[2, 0, 16, 0]);
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&(60 * 32_000u32).to_le_bytes());
    wav.extend_from_slice(&[0x11; 3_001]);
    faulty.heal();
    forgot_run(&mut state, &client, forgot::Message::AnotherImage).await;
    assert!(matches!(state.captcha, Captcha::Image(_)));
    faulty.fail(
        paths::CHALLENGES,
        Fault::reply(200, "application/json", challenge("audio/wav", &wav)),
    );
    forgot_run(&mut state, &client, forgot::Message::DownloadAudio).await;
    let notice = state.notice.as_ref().expect("a message");
    assert_eq!(notice.text.id, "error-audio-bad");
    bilingual(&notice.text, "corrupt WAV");
    assert!(
        matches!(state.captcha, Captcha::Image(_)),
        "the picture stays"
    );
    assert_eq!(state.identity, identity);

    // Sound that never ends: cut off, and Retry asks for the spoken code again.
    faulty.fail(paths::CHALLENGES, Fault::Endless);
    forgot_run(&mut state, &client, forgot::Message::DownloadAudio).await;
    says_with_retry(state.notice.as_ref(), "error-unreadable", "endless audio");
    assert_eq!(state.retry, Some(forgot::Request::Audio));
    faulty.heal();
    forgot_run(&mut state, &client, forgot::Message::Retry).await;
    assert!(
        matches!(state.captcha, Captcha::Audio { .. }),
        "{:?}",
        state.captcha
    );
    assert!(state.notice.is_none(), "the stale message is gone");
}

#[tokio::test]
async fn a_tls_failure_is_explained_and_retry_is_offered() {
    let (_h, faulty, _) = service().await;
    let client =
        ApiClient::with_timeouts(&format!("https://{}", faulty.addr), quick()).expect("client");
    let state = opened(&client).await;
    let Captcha::Failed(notice) = &state.captcha else {
        panic!("{:?}", state.captcha)
    };
    says_with_retry(Some(notice), "error-tls", "https to a plain HTTP port");
}
