//! The whole flow of the JUPAS user guide, as a student goes through it.

use base64::Engine as _;
use jupas_reset_api::wire::{ChallengeKind, Lang, Secret};

use crate::support::*;

#[tokio::test]
async fn a_student_resets_the_password_and_can_log_in_with_it() {
    let h = Harness::start().await;
    let started = h.start_reset().await;
    assert_eq!(started.code_expires_in_s, 600);
    assert_eq!(started.regenerate_after_s, 60);
    assert_eq!(started.session_expires_in_s, 900);

    let code = h.code(EMAIL, 1).await;
    // Typed as a person would: lower case, with a space.
    let typed = {
        let c = code.expose().to_lowercase();
        Secret::new(format!("{} {}", &c[..3], &c[3..]))
    };
    let changed = h
        .client
        .complete(&started.reset_token, &typed, &Secret::new(NEW_PASSWORD))
        .await
        .expect("password changed");
    assert!(changed.password_changed);

    h.client
        .practice_login(LOGIN, &Secret::new(NEW_PASSWORD))
        .await
        .expect("new password works");
    let old = h.client.practice_login(LOGIN, &Secret::new(PASSWORD)).await;
    assert_eq!(
        code_of(old),
        jupas_reset_api::wire::ProblemCode::LoginFailed
    );

    // A notice follows the change; it never contains the password.
    let mails = wait_for_mails(h.outbox.path(), EMAIL, 2).await;
    let notice = &mails[1];
    assert!(notice.text.contains("password of your JUPAS account"));
    assert!(notice.text.contains("密碼已於"));
    assert!(!notice.text.contains(NEW_PASSWORD));
    assert!(!notice.html.contains(NEW_PASSWORD));

    // The code was single use and the session is over: no automatic login, no reuse.
    let again = h
        .client
        .complete(
            &started.reset_token,
            &code,
            &Secret::new("another fine password"),
        )
        .await;
    assert_eq!(
        code_of(again),
        jupas_reset_api::wire::ProblemCode::SessionClosed
    );
}

#[tokio::test]
async fn the_code_mail_is_bilingual_and_the_subject_has_no_code() {
    let h = Harness::start().await;
    h.start_reset().await;
    let mails = wait_for_mails(h.outbox.path(), EMAIL, 1).await;
    let code = code_in(&mails[0]);
    assert!(!mails[0].subject.contains(&code));
    assert!(mails[0].text.contains(&format!("驗證碼：{code}")));
    assert!(mails[0].html.contains(&code));
    let en = mails[0]
        .text
        .find("Verification Code")
        .expect("english half");
    let zh = mails[0].text.find("驗證碼").expect("chinese half");
    assert!(en < zh, "English first, then Chinese");
}

#[tokio::test]
async fn image_challenges_are_png_and_audio_ones_speak_a_different_code() {
    let h = Harness::start().await;
    let image = h
        .client
        .new_challenge(ChallengeKind::Image, Lang::En)
        .await
        .expect("image");
    assert_eq!(image.media_type, "image/png");
    assert_eq!(image.expires_in_s, 300);
    let png = base64::engine::general_purpose::STANDARD
        .decode(&image.media_base64)
        .expect("base64");
    let decoded = image::load_from_memory(&png).expect("a PNG");
    assert_eq!((decoded.width(), decoded.height()), (220, 70));

    for lang in [Lang::En, Lang::ZhHk] {
        let audio = h
            .client
            .new_challenge(ChallengeKind::Audio, lang)
            .await
            .expect("audio");
        assert_eq!(audio.media_type, "audio/wav");
        let wav = base64::engine::general_purpose::STANDARD
            .decode(&audio.media_base64)
            .expect("base64");
        let reader = hound::WavReader::new(std::io::Cursor::new(wav)).expect("a WAV");
        assert!(
            reader.duration() > reader.spec().sample_rate,
            "longer than a second"
        );
        assert_ne!(h.answer(&audio.challenge_id), h.answer(&image.challenge_id));
    }
}

#[tokio::test]
async fn an_audio_challenge_answer_starts_a_reset() {
    let h = Harness::start().await;
    let audio = h
        .client
        .new_challenge(ChallengeKind::Audio, Lang::ZhHk)
        .await
        .expect("audio");
    let answer = h.answer(&audio.challenge_id);
    let request = jupas_reset_api::wire::ResetRequest {
        login_name: LOGIN.into(),
        date_of_birth: DOB.into(),
        email: EMAIL.into(),
        challenge_id: audio.challenge_id,
        challenge_answer: Secret::new(answer),
    };
    h.client.start_reset(&request).await.expect("accepted");
    h.code(EMAIL, 1).await;
}

/// The app's practice mode: the service on its own thread with the shipped practice
/// accounts (the in-memory mailbox itself is tested in `service::mail`).
#[tokio::test]
async fn practice_mode_serves_the_shipped_accounts_from_its_own_thread() {
    use jupas_reset_service::config::Config;
    use jupas_reset_service::{Background, MailTarget, Options};
    let (sink, mut inbox) = tokio::sync::mpsc::unbounded_channel();
    let config = Config {
        listen: "127.0.0.1:0".parse().expect("addr"),
        practice: true,
        ..Config::default()
    };
    let options = Options {
        mail: MailTarget::Memory(sink),
        ..Options::default()
    };
    let service = tokio::task::spawn_blocking(move || Background::spawn(config, options))
        .await
        .expect("thread")
        .expect("practice service");
    let client = jupas_reset_api::client::ApiClient::new(&format!("http://{}", service.addr))
        .expect("client");
    // Practice accounts are shipped in; a wrong answer proves the route is live.
    let challenge_id = client
        .new_challenge(ChallengeKind::Image, Lang::En)
        .await
        .expect("challenge")
        .challenge_id;
    let request = jupas_reset_api::wire::ResetRequest {
        login_name: LOGIN.into(),
        date_of_birth: DOB.into(),
        email: EMAIL.into(),
        challenge_id,
        challenge_answer: Secret::new("WRONG1"),
    };
    assert_eq!(
        code_of(client.start_reset(&request).await),
        jupas_reset_api::wire::ProblemCode::CaptchaWrong
    );
    client
        .practice_login(LOGIN, &Secret::new(PASSWORD))
        .await
        .expect("practice accounts loaded");
    assert!(
        inbox.try_recv().is_err(),
        "no mail without a right security code"
    );
    tokio::task::spawn_blocking(move || drop(service))
        .await
        .expect("stops");
}

/// A completed reset closes every other open session of the account in the same
/// transaction: an older session's code can no longer change the password.
#[tokio::test]
async fn completing_one_session_closes_the_accounts_other_sessions() {
    let h = Harness::start().await;
    let a = h.start_reset().await;
    let code_a = h.code(EMAIL, 1).await;
    let b = h.start_reset().await;
    let code_b = h.code(EMAIL, 2).await;
    h.client
        .complete(&b.reset_token, &code_b, &Secret::new(NEW_PASSWORD))
        .await
        .expect("B changes the password");
    let problem = problem_of(
        h.client
            .complete(
                &a.reset_token,
                &code_a,
                &Secret::new("a different passphrase"),
            )
            .await,
    );
    assert_eq!(
        problem.code,
        jupas_reset_api::wire::ProblemCode::SessionClosed
    );
    assert_eq!(
        problem.session_end,
        Some(jupas_reset_api::wire::SessionEnd::Completed)
    );
    h.client
        .practice_login(LOGIN, &Secret::new(NEW_PASSWORD))
        .await
        .expect("B's password stands");
}
