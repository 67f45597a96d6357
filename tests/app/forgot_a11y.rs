//! The Forgot Password screen as a screen reader and the keyboard meet it: labelled,
//! required boxes whose errors are their descriptions, the security-code picture named
//! without its answer, actions that send the screen's own messages, and Tab in the order
//! the screen is drawn.

use iced_a11y::accesskit::{Action, ActionData, ActionRequest, Invalid, Role, TreeId};
use iced_a11y::focus::Chain;
use iced_a11y::tree::node_id;
use jupas_reset::screen::forgot::{self, Captcha};
use jupas_reset_api::wire::Lang;

use crate::a11y_tree::{Built, build, ids, is_text_box, label, stops};
use crate::drive::{TODAY, offline_client, outputs};
use crate::support::Harness;

fn tree(state: &forgot::State, lang: Lang) -> Built<forgot::Message> {
    build(|tree, root| state.accessibility(lang, tree, root, std::convert::identity))
}

#[test]
fn boxes_are_labelled_required_and_say_their_errors() {
    let mut state = forgot::State::new(&offline_client()).0;
    let _ = state.update(
        forgot::Message::Email("x".into()),
        &offline_client(),
        Lang::En,
        TODAY,
    );
    let _ = state.update(
        forgot::Message::Continue,
        &offline_client(),
        Lang::En,
        TODAY,
    );
    let built = tree(&state, Lang::En);
    let heading = built.node("forgot-title");
    assert_eq!(heading.role(), Role::Heading);
    assert_eq!(label(heading), "Forgot Password");
    let login = built.node(forgot::LOGIN_NAME);
    assert_eq!(login.role(), Role::TextInput);
    assert_eq!(label(login), "Login Name");
    assert!(login.is_required());
    assert_eq!(login.description(), Some("Please fill in this field."));
    assert_eq!(login.invalid(), Some(Invalid::True));
    let date = built.node(forgot::DATE_OF_BIRTH);
    assert_eq!(date.placeholder(), Some("e.g. 30/07/2008"));
    let email = built.node("email");
    assert_eq!(email.value(), Some("x"));
    assert_eq!(
        email.description(),
        Some("Enter an email address such as name@example.com.")
    );
    // Every box carries its text in a TextRun child, or AT-SPI shows no text at all.
    let run = built.children("email");
    assert_eq!(run.len(), 1);
    assert_eq!(run[0].role(), Role::TextRun);
    assert_eq!(run[0].value(), Some("x"));
    let chinese = tree(&state, Lang::ZhHk);
    assert_eq!(label(chinese.node("forgot-title")), "忘記密碼");
}

#[test]
fn actions_send_the_same_messages_as_typing_and_clicking() {
    let state = forgot::State::new(&offline_client()).0;
    let built = tree(&state, Lang::En);
    assert!(matches!(
        built.click("continue"),
        Some(forgot::Message::Continue)
    ));
    assert!(matches!(
        built.click("another-image"),
        Some(forgot::Message::AnotherImage)
    ));
    assert!(matches!(
        built.click("download-audio"),
        Some(forgot::Message::DownloadAudio)
    ));
    let typed = built.resolve(&ActionRequest {
        action: Action::SetValue,
        target_tree: TreeId::ROOT,
        target_node: node_id(forgot::LOGIN_NAME),
        data: Some(ActionData::Value("chantaiman".into())),
    });
    assert!(matches!(typed, Some(forgot::Message::LoginName(v)) if v == "chantaiman"));
}

#[test]
fn tab_follows_the_screen_from_the_boxes_to_continue() {
    let state = forgot::State::new(&offline_client()).0;
    let chain: Chain<forgot::Message> = state.focus_chain(Chain::new(None), std::convert::identity);
    // Loading a security code: its buttons wait, so they are no stops yet.
    assert_eq!(
        stops(&chain),
        ids(&[
            "login-name",
            "date-of-birth",
            "email",
            "security-code",
            "continue"
        ])
    );
    assert!(is_text_box(&chain, "security-code"));
    assert!(!is_text_box(&chain, "continue"));
}

#[tokio::test]
async fn the_picture_is_named_without_its_answer() {
    let h = Harness::start().await;
    let (mut state, load) = forgot::State::new(&h.client);
    for message in outputs(load).await {
        let _ = state.update(message, &h.client, Lang::En, TODAY);
    }
    let Captcha::Image(image) = &state.captcha else {
        panic!("a picture: {:?}", state.captcha);
    };
    let answer = h.answer(&image.challenge_id);
    let built = tree(&state, Lang::En);
    let picture = built.node("captcha-image");
    assert_eq!(picture.role(), Role::Image);
    assert_eq!(label(picture), "Security code picture, 6 characters");
    assert!(
        !built.debug().contains(&answer),
        "the answer never reaches the tree"
    );
    let chain: Chain<forgot::Message> = state.focus_chain(Chain::new(None), std::convert::identity);
    assert_eq!(
        stops(&chain),
        ids(&[
            "login-name",
            "date-of-birth",
            "email",
            "another-image",
            "download-audio",
            "security-code",
            "continue"
        ])
    );
}
