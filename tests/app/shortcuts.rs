//! Each screen's keyboard shortcuts (the README's "Keyboard" section), without a window.

use iced::keyboard::{Key, Modifiers, key::Named};

use crate::drive::{offline_client, verify_screen};
use jupas_reset::screen::{forgot, help, success, verify};
use jupas_reset_api::policy::PolicyLimits;

fn named(key: Named) -> Key {
    Key::Named(key)
}

fn ch(c: &str) -> Key {
    Key::Character(c.into())
}

const NONE: Modifiers = Modifiers::empty();
const ALT: Modifiers = Modifiers::ALT;

#[test]
fn forgot_password_keys_continue_and_work_the_security_code() {
    let state = forgot::State::new(&offline_client()).0;
    let key = |key: Key, modifiers| state.shortcut(&key, modifiers);
    assert!(matches!(
        key(named(Named::Enter), NONE),
        Some(forgot::Message::Continue)
    ));
    assert!(matches!(
        key(ch("n"), ALT),
        Some(forgot::Message::AnotherImage)
    ));
    assert!(matches!(
        key(ch("A"), ALT),
        Some(forgot::Message::DownloadAudio)
    ));
    assert!(matches!(key(ch("r"), ALT), Some(forgot::Message::Replay)));
    assert!(matches!(key(ch("s"), ALT), Some(forgot::Message::Save)));
    assert!(key(ch("n"), NONE).is_none(), "plain letters are typing");
}

#[test]
fn on_the_verification_screen_escape_asks_and_the_dialog_takes_enter_and_alt_c() {
    let mut state = verify_screen();
    let client = offline_client();
    let limits = PolicyLimits::default();
    assert!(matches!(
        state.shortcut(&named(Named::Enter), NONE),
        Some(verify::Message::Submit)
    ));
    assert!(matches!(
        state.shortcut(&ch("g"), ALT),
        Some(verify::Message::Regenerate)
    ));
    assert!(matches!(
        state.shortcut(&ch("p"), ALT),
        Some(verify::Message::ShowPassword(true))
    ));
    let ask = state.shortcut(&named(Named::Escape), NONE).expect("Escape");
    assert!(matches!(ask, verify::Message::AskLeave { quit: false }));
    state.update(ask, &client, &limits);
    assert!(state.leave_dialog_shown());
    for stay in [named(Named::Enter), named(Named::Escape)] {
        assert!(matches!(
            state.shortcut(&stay, NONE),
            Some(verify::Message::Stay)
        ));
    }
    assert!(matches!(
        state.shortcut(&ch("C"), ALT),
        Some(verify::Message::ConfirmCancel)
    ));
}

#[test]
fn success_keys_log_in_and_go_back() {
    let state = success::State::new(true, "chantaiman".into());
    assert!(matches!(
        state.shortcut(&named(Named::Enter), NONE),
        Some(success::Message::Login)
    ));
    assert!(matches!(
        state.shortcut(&ch("b"), ALT),
        Some(success::Message::BackToStart)
    ));
}

#[test]
fn login_help_answers_with_y_and_n_and_closes_with_escape() {
    let state = help::State::default();
    let key = |key: Key| state.shortcut(&key, NONE, None);
    assert!(matches!(key(ch("y")), Some(help::Message::Answer(true))));
    assert!(matches!(key(ch("N")), Some(help::Message::Answer(false))));
    assert!(matches!(
        key(ch("2")),
        Some(help::Message::Open(help::Link::Faq))
    ));
    assert!(matches!(
        key(named(Named::Escape)),
        Some(help::Message::Close)
    ));
    assert!(
        key(named(Named::Enter)).is_none(),
        "Enter acts only at an end"
    );
}
