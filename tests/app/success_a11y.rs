//! The success screen as a screen reader and the keyboard meet it: its heading, Login (where
//! focus starts), the practice login with its password kept out of the tree, the result
//! spoken, and Tab in the order the screen is drawn.

use iced_a11y::accesskit::Role;
use iced_a11y::focus::Chain;
use jupas_reset::screen::success;
use jupas_reset_api::client::CallError;
use jupas_reset_api::wire::Lang;

use crate::a11y_tree::{Built, assert_live, build, ids, is_text_box, label, stops};
use crate::drive::offline_client;

fn tree(state: &success::State, lang: Lang) -> Built<success::Message> {
    build(|tree, root| state.accessibility(lang, tree, root, std::convert::identity))
}

fn chain(state: &success::State) -> Chain<success::Message> {
    state.focus_chain(Chain::new(None), std::convert::identity)
}

/// The screen after Login in practice mode, with a password typed.
fn practice_login(password: &str) -> success::State {
    let mut state = success::State::new(true, "chantaiman".into());
    let client = offline_client();
    let _ = state.update(success::Message::Login, &client);
    let _ = state.update(success::Message::Password(password.into()), &client);
    state
}

#[test]
fn the_heading_says_the_user_guide_s_sentence_and_login_comes_first() {
    let state = success::State::new(true, "chantaiman".into());
    let built = tree(&state, Lang::En);
    let heading = built.node("success-title");
    assert_eq!(heading.role(), Role::Heading);
    assert_eq!(
        label(heading),
        "Your password has successfully been changed."
    );
    assert_eq!(
        built.with_role(Role::Heading).len(),
        1,
        "one heading before Login"
    );
    let login = built.node(success::LOGIN_BUTTON);
    assert_eq!(login.role(), Role::Button);
    assert_eq!(label(login), "Login");
    assert_eq!(login.keyboard_shortcut(), Some("Enter"));
    let back = built.node(success::BACK_TO_START);
    assert_eq!(label(back), "Back to the start (Alt+B)");
    assert_eq!(back.keyboard_shortcut(), Some("Alt+B"));
    assert!(matches!(
        built.click(success::LOGIN_BUTTON),
        Some(success::Message::Login)
    ));
    assert!(matches!(
        built.click(success::BACK_TO_START),
        Some(success::Message::BackToStart)
    ));
    // Read in the order drawn: heading, note, Login, Back.
    let order: Vec<Role> = built
        .children("window")
        .iter()
        .map(|node| node.role())
        .collect();
    assert_eq!(
        order,
        [Role::Heading, Role::Label, Role::Button, Role::Button]
    );
    let zh = tree(&state, Lang::ZhHk);
    assert_eq!(label(zh.node("success-title")), "你已成功更改密碼。");
}

#[test]
fn focus_starts_on_login_and_tab_follows_the_screen() {
    assert_eq!(success::FIRST_FOCUS, success::LOGIN_BUTTON);
    let state = success::State::new(true, "chantaiman".into());
    assert_eq!(
        stops(&chain(&state)),
        ids(&[success::LOGIN_BUTTON, success::BACK_TO_START])
    );
    let state = practice_login("");
    let chain = chain(&state);
    assert_eq!(
        stops(&chain),
        ids(&[
            success::LOGIN_BUTTON,
            success::PRACTICE_LOGIN_NAME,
            success::PRACTICE_PASSWORD,
            success::TRY_LOGIN,
            success::BACK_TO_START,
        ])
    );
    assert!(is_text_box(&chain, success::PRACTICE_PASSWORD));
    assert!(!is_text_box(&chain, success::TRY_LOGIN));
    // Every stop has the node a screen reader focuses with it.
    let built = tree(&state, Lang::En);
    for stop in chain.stops() {
        let key = [
            success::LOGIN_BUTTON,
            success::PRACTICE_LOGIN_NAME,
            success::PRACTICE_PASSWORD,
            success::TRY_LOGIN,
            success::BACK_TO_START,
        ]
        .into_iter()
        .find(|key| iced::widget::Id::new(key) == stop.id)
        .expect("a known stop");
        assert!(built.has(key), "{key} has a node");
    }
}

#[test]
fn the_practice_login_never_puts_the_password_in_the_tree() {
    let state = practice_login("blue junk boat at dawn");
    let built = tree(&state, Lang::En);
    let name = built.node(success::PRACTICE_LOGIN_NAME);
    assert_eq!(name.role(), Role::TextInput);
    assert_eq!(label(name), "Login Name");
    assert_eq!(name.value(), Some("chantaiman"));
    let password = built.node(success::PRACTICE_PASSWORD);
    assert_eq!(password.role(), Role::PasswordInput);
    assert_eq!(label(password), "Password");
    let mask = "•".repeat("blue junk boat at dawn".chars().count());
    assert_eq!(password.value(), Some(mask.as_str()));
    assert!(!built.debug().contains("blue junk boat"));
    assert!(!built.debug().contains("junk"));
    let try_login = built.node(success::TRY_LOGIN);
    assert_eq!(label(try_login), "Login");
    assert!(matches!(
        built.click(success::TRY_LOGIN),
        Some(success::Message::TryLogin)
    ));
    assert_eq!(
        built.node(success::LOGIN_BUTTON).keyboard_shortcut(),
        None,
        "Enter logs in in the practice login now, not with the first Login"
    );
    assert_eq!(label(built.node("practice-login")), "Practice login");
}

#[test]
fn the_practice_login_s_result_is_spoken_politely_or_at_once() {
    let client = offline_client();
    let mut state = practice_login("blue junk boat at dawn");
    let _ = state.update(success::Message::LoggedIn(Ok(())), &client);
    let built = tree(&state, Lang::En);
    assert_live(
        built.node("practice-login-result"),
        "Login successful: your new password works.",
        false,
    );
    let mut state = practice_login("blue junk boat at dawn");
    let _ = state.update(
        success::Message::LoggedIn(Err(CallError::Unreachable)),
        &client,
    );
    let built = tree(&state, Lang::En);
    let result = built.node("practice-login-result");
    assert_eq!(result.role(), Role::Alert);
    assert!(!label(result).is_empty());
    assert!(!built.debug().contains("blue junk boat"));
    // The message says "click Retry": there is one, and it logs in again.
    assert!(matches!(
        built.click(success::PRACTICE_RETRY),
        Some(success::Message::TryLogin)
    ));
}
