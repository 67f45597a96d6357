//! The app on an enrolled school PC, through its whole update loop against the real
//! reference service: it learns its name and whether the security code is waived; when the
//! service revokes it, the credential leaves the keychain (the keyring crate's mock store
//! here; the real Secret Service in `desktop_keyring`), a notice says so, and the app
//! carries on unenrolled. And About, opened by F2 or its header button.

use std::collections::VecDeque;
use std::sync::Once;

use iced::Task;
use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::Id;
use jupas_reset::Startup;
use jupas_reset::bench::{AppMessage, Headless};
use jupas_reset::screen::about;
use jupas_reset::screen::forgot::{self, Captcha};
use jupas_reset::settings::{Settings, SiteLinks};
use jupas_reset::workstation::{self, Enrolment};
use jupas_reset_api::client::ApiClient;
use jupas_reset_api::wire::{Lang, Secret};
use jupas_reset_service::workstations;

use crate::a11y_tree::text_of;
use crate::drive::{offline_client, outputs};
use crate::support::*;

fn startup(client: ApiClient, server: Option<String>, workstation: Option<&str>) -> Startup {
    Startup {
        settings: Settings {
            lang: Lang::En,
            links: SiteLinks::default(),
            high_contrast: false,
        },
        client,
        practice: None,
        server,
        workstation: workstation.map(str::to_owned),
    }
}

/// Runs `first` and everything it leads to, as iced would.
async fn settle(app: &mut Headless, first: Task<AppMessage>) {
    let mut queue: VecDeque<AppMessage> = outputs(first).await.into();
    while let Some(message) = queue.pop_front() {
        let task = app.update(message);
        queue.extend(outputs(task).await);
    }
}

fn node_text(app: &Headless, key: &str) -> Option<String> {
    let id = iced_a11y::tree::node_id(key);
    app.tree()
        .nodes
        .iter()
        .find(|(node, _)| *node == id)
        .map(|(_, node)| text_of(node).to_owned())
}

/// One keychain for the whole test binary: entries are per server, so tests do not meet.
fn mock_keychain() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let store = keyring_core::mock::Store::new().expect("mock store");
        keyring_core::set_default_store(store);
    });
}

/// A PC enrolled with `h`'s service, its enrolment in the keychain; the app's start-up.
async fn enrolled_pc(h: &Harness, name: &str) -> (i64, String, Startup) {
    mock_keychain();
    let server = format!("http://{}", h.running.addr);
    let added = {
        let state = &h.running.state;
        let db = state.db.lock().expect("db");
        workstations::add(&db, &state.keyring, name, state.now()).expect("added")
    };
    let enrolled = h
        .client
        .enroll(&Secret::new(added.enrolment_code.as_str()))
        .await
        .expect("enrolled");
    let enrolment = Enrolment {
        id: enrolled.workstation_id,
        name: enrolled.name.clone(),
        credential: enrolled.credential.expose().to_owned(),
    };
    workstation::save(&server, &enrolment).expect("kept in the keychain");
    let client = ApiClient::new(&server)
        .expect("client")
        .with_workstation(enrolled.credential);
    let startup = startup(client, Some(server.clone()), Some(name));
    (added.id, server, startup)
}

async fn type_details(app: &mut Headless) {
    for message in [
        forgot::Message::LoginName(LOGIN.into()),
        forgot::Message::DateOfBirth("14/03/2008".into()),
        forgot::Message::Email(EMAIL.into()),
    ] {
        let task = app.forgot(message);
        settle(app, task).await;
    }
}

#[tokio::test]
async fn about_opens_with_f2_or_its_header_button_and_escape_closes_it() {
    let mut app = Headless::boot(startup(
        offline_client(),
        Some("https://reset.school.example/".into()),
        None,
    ));
    let before = app.focus();
    let f2 = app
        .press(Key::Named(Named::F2), Modifiers::empty())
        .expect("F2 opens About");
    let task = app.update(f2);
    settle(&mut app, task).await;
    assert_eq!(app.title(), "About this app — JUPAS Forgot Password");
    assert_eq!(app.focus(), Some(Id::new(about::CLOSE)));
    assert_eq!(
        node_text(&app, "about-service").as_deref(),
        Some("Reset service: https://reset.school.example/")
    );
    assert_eq!(
        node_text(&app, "about-enrolment").as_deref(),
        Some("This computer is not enrolled as a school workstation.")
    );
    assert!(
        node_text(&app, "open-about").is_none(),
        "no About button over About"
    );
    assert!(
        node_text(&app, "login-name").is_none(),
        "About replaces the page"
    );
    let escape = app
        .press(Key::Named(Named::Escape), Modifiers::empty())
        .expect("Esc closes About");
    let task = app.update(escape);
    settle(&mut app, task).await;
    assert_eq!(app.title(), "Forgot Password — JUPAS Forgot Password");
    assert_eq!(app.focus(), before, "focus back where it was");

    assert_eq!(node_text(&app, "open-about").as_deref(), Some("About (F2)"));
    let click = app.click("open-about").expect("the header button");
    let task = app.update(click);
    settle(&mut app, task).await;
    assert_eq!(app.title(), "About this app — JUPAS Forgot Password");
}

#[tokio::test]
async fn an_enrolled_pc_where_the_code_is_waived_resets_without_a_security_code() {
    let h = Harness::start_with(|c| c.waive_captcha_for_workstations = true).await;
    let (_, _, startup) = enrolled_pc(&h, "Room 204 PC 3").await;
    let mut app = Headless::boot(startup);
    let check = app.check_workstation();
    settle(&mut app, check).await;
    assert!(app.security_code_waived());
    assert!(
        node_text(&app, "security-code").is_none(),
        "no security code box"
    );
    assert!(
        node_text(&app, "captcha-waived")
            .is_some_and(|text| text.contains("no security code is needed")),
    );
    type_details(&mut app).await;
    let task = app.forgot(forgot::Message::Continue);
    settle(&mut app, task).await;
    assert_eq!(app.title(), "Change Password — JUPAS Forgot Password");
    h.code(EMAIL, 1).await;
}

#[tokio::test]
async fn an_enrolled_pc_without_a_waiver_shows_the_security_code_and_its_name() {
    let h = Harness::start().await;
    let (_, _, startup) = enrolled_pc(&h, "Library PC 1").await;
    let mut app = Headless::boot(startup);
    let screen = app.forgot_screen().expect("forgot");
    assert!(
        matches!(screen.captcha, Captcha::Loading),
        "waiting for the service's word"
    );
    let check = app.check_workstation();
    settle(&mut app, check).await;
    let screen = app.forgot_screen().expect("forgot");
    assert!(
        matches!(screen.captcha, Captcha::Image(_)),
        "{:?}",
        screen.captcha
    );
    let f2 = app
        .press(Key::Named(Named::F2), Modifiers::empty())
        .expect("F2");
    let task = app.update(f2);
    settle(&mut app, task).await;
    assert_eq!(
        node_text(&app, "about-enrolment").as_deref(),
        Some("This computer is enrolled with the reset service as \"Library PC 1\".")
    );
}

#[tokio::test]
async fn a_revoked_credential_leaves_the_keychain_with_a_notice_and_the_app_carries_on() {
    let h = Harness::start_with(|c| c.waive_captcha_for_workstations = true).await;
    let (id, server, startup) = enrolled_pc(&h, "Room 101 PC 9").await;
    let mut app = Headless::boot(startup);
    let check = app.check_workstation();
    settle(&mut app, check).await;
    assert!(app.security_code_waived());
    {
        let state = &h.running.state;
        let db = state.db.lock().expect("db");
        assert!(workstations::revoke(&db, id, state.now()).expect("revoked"));
    }
    type_details(&mut app).await;
    let task = app.forgot(forgot::Message::Continue);
    settle(&mut app, task).await;

    // Said, in words and to a screen reader at once.
    let notice = node_text(&app, "workstation-notice-text").expect("a notice");
    assert!(
        notice.starts_with(
            "The reset service no longer recognises this computer's workstation enrolment"
        ),
        "{notice}"
    );
    assert!(
        workstation::load(&server).expect("keychain").is_none(),
        "removed from the keychain"
    );
    // Unenrolled now: the security code is back, and what was typed stays.
    let screen = app.forgot_screen().expect("still on Forgot Password");
    assert!(
        matches!(screen.captcha, Captcha::Image(_)),
        "{:?}",
        screen.captcha
    );
    assert!(screen.errors.security_code.is_some());
    assert_eq!(screen.identity.login_name, LOGIN);
    let f2 = app
        .press(Key::Named(Named::F2), Modifiers::empty())
        .expect("F2");
    let task = app.update(f2);
    settle(&mut app, task).await;
    assert_eq!(
        node_text(&app, "about-enrolment").as_deref(),
        Some("This computer is not enrolled as a school workstation.")
    );
    let escape = app
        .press(Key::Named(Named::Escape), Modifiers::empty())
        .expect("Esc");
    let task = app.update(escape);
    settle(&mut app, task).await;
    let dismiss = app
        .click("workstation-notice-dismiss")
        .expect("the notice can be dismissed");
    let task = app.update(dismiss);
    settle(&mut app, task).await;
    assert!(node_text(&app, "workstation-notice-text").is_none());

    // The Chinese notice says the same.
    let zh = jupas_reset_i18n::tr(Lang::ZhHk, "workstation-dropped");
    assert!(zh.contains("登記"), "{zh}");
}

#[test]
fn a_waived_security_code_leaves_the_boxes_and_continue_to_the_keyboard() {
    let (mut state, _) = forgot::State::awaiting_workstation();
    let chain = |state: &forgot::State| {
        crate::a11y_tree::stops(
            &state.focus_chain(iced_a11y::focus::Chain::new(None), std::convert::identity),
        )
    };
    let _ = state.update(
        forgot::Message::SecurityCodeWaived(true),
        &offline_client(),
        Lang::En,
        crate::drive::TODAY,
    );
    assert!(state.security_code_waived());
    assert_eq!(
        chain(&state),
        crate::a11y_tree::ids(&[
            forgot::LOGIN_NAME,
            forgot::DATE_OF_BIRTH,
            "email",
            "continue"
        ])
    );
    // Alt+N asks for no picture here.
    let another = state.update(
        forgot::Message::AnotherImage,
        &offline_client(),
        Lang::En,
        crate::drive::TODAY,
    );
    assert!(matches!(another, forgot::Action::None));
    assert!(state.security_code_waived());
}

/// `--enroll` and `--unenroll` need a server: never practice mode, and refused before the
/// keychain or the network is touched.
#[test]
fn enrolment_is_refused_in_practice_mode_in_both_languages() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jupas-reset"))
            .args(args)
            .env("JUPAS_RESET_POLICY_FILE", dir.path().join("no-policy.toml"))
            .env("XDG_CONFIG_HOME", dir.path())
            .env("HOME", dir.path())
            .output()
            .expect("runs")
    };
    for args in [
        &["--enroll", "K7MX-PA3H-WT9C-4NRE"][..],
        &["--unenroll"][..],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(said.contains("Enrolment needs the reset server"), "{said}");
        assert!(said.contains("登記需要重設服務的伺服器"), "{said}");
    }
    let both = run(&["--practice", "--enroll", "K7MX-PA3H-WT9C-4NRE"]);
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot be used with"));
    let help = String::from_utf8_lossy(&run(&["--help"]).stdout).into_owned();
    assert!(
        help.contains("--enroll <CODE>") && help.contains("--unenroll"),
        "{help}"
    );
}
