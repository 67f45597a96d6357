//! Login help as a screen reader and the keyboard meet it: the question (or answer) as a
//! status, its buttons with their keys, the links with the addresses they open, Tab in the
//! order drawn, and single-letter keys that never act while a box could be typing.

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::Id;
use iced_a11y::accesskit::Role;
use iced_a11y::focus::Chain;
use jupas_reset::screen::help;
use jupas_reset::settings::Links;
use jupas_reset_api::wire::Lang;

use crate::a11y_tree::{Built, assert_live, build, ids, label, stops, text_of};

fn links() -> Links {
    Links {
        login: "https://login.example.test/".into(),
        security: "https://jupas.example.test/security".into(),
        faq: "https://jupas.example.test/faq".into(),
        user_guide: "https://jupas.example.test/guide".into(),
    }
}

fn tree(state: &help::State, lang: Lang) -> Built<help::Message> {
    build(|tree, root| state.accessibility(lang, &links(), tree, root, std::convert::identity))
}

fn chain(state: &help::State) -> Chain<help::Message> {
    state.focus_chain(Chain::new(None), std::convert::identity)
}

fn answer(state: &mut help::State, yes: bool) {
    let _ = state.update(help::Message::Answer(yes), None);
}

fn ch(c: &str) -> Key {
    Key::Character(c.into())
}

const NONE: Modifiers = Modifiers::empty();

const LINKS_AND_CLOSE: [&str; 4] = [
    help::LINK_SECURITY,
    help::LINK_FAQ,
    help::LINK_GUIDE,
    help::CLOSE,
];

#[test]
fn the_question_its_answers_and_the_links_are_named_with_their_keys() {
    let state = help::State::default();
    let built = tree(&state, Lang::En);
    let heading = built.node("help-title");
    assert_eq!(heading.role(), Role::Heading);
    assert_eq!(label(heading), "Flowchart of Login Failure Solution");
    assert_live(
        built.node("help-prompt"),
        "Do you remember your Login Name?",
        false,
    );
    for (key, name, shortcut) in [
        (help::YES, "Yes (Y)", "Y"),
        (help::NO, "No (N)", "N"),
        (help::CLOSE, "Close help (Esc)", "Esc"),
    ] {
        let button = built.node(key);
        assert_eq!(button.role(), Role::Button, "{name}");
        assert_eq!(label(button), name);
        assert_eq!(button.keyboard_shortcut(), Some(shortcut), "{name}");
    }
    let configured = links();
    for (key, name, url, digit) in [
        (
            help::LINK_SECURITY,
            "Security for JUPAS Accounts (1)",
            &configured.security,
            "1",
        ),
        (help::LINK_FAQ, "FAQ (2)", &configured.faq, "2"),
        (
            help::LINK_GUIDE,
            "User Guide (3)",
            &configured.user_guide,
            "3",
        ),
    ] {
        let link = built.node(key);
        assert_eq!(link.role(), Role::Link, "{name}");
        assert_eq!(label(link), name);
        assert_eq!(link.url(), Some(url.as_str()), "{name}");
        assert_eq!(link.keyboard_shortcut(), Some(digit), "{name}");
    }
    assert!(matches!(
        built.click(help::LINK_FAQ),
        Some(help::Message::Open(help::Link::Faq))
    ));
    assert!(!built.has(help::BACK), "no Back before the first answer");
    let zh = tree(&state, Lang::ZhHk);
    assert_eq!(label(zh.node("help-prompt")), "你記得你的登入名稱嗎？");
    assert_eq!(label(zh.node(help::YES)), "是（Y）");
}

#[test]
fn the_answer_replaces_the_question_in_the_same_status() {
    let mut state = help::State::default();
    answer(&mut state, true); // remembers the login name
    answer(&mut state, false); // forgot the password
    answer(&mut state, false); // cannot read the email
    let built = tree(&state, Lang::En);
    assert_live(
        built.node("help-prompt"),
        "Please contact the JUPAS Office at (852) 2334 2929 / 2233 2929 during operating hours.",
        false,
    );
    assert!(!built.has(help::YES), "no answers at an end");
    assert_eq!(built.node(help::RESTART).keyboard_shortcut(), Some("R"));
    assert_eq!(built.node(help::BACK).keyboard_shortcut(), Some("B"));
    assert!(
        !built.has(help::GO_TO_FORGOT),
        "contacting the office is not Forgot Password"
    );
    let mut state = help::State::default();
    answer(&mut state, true);
    answer(&mut state, false);
    answer(&mut state, true); // can read the email
    let built = tree(&state, Lang::En);
    let go = built.node(help::GO_TO_FORGOT);
    assert_eq!(label(go), "Go to Forgot Password (Enter)");
    assert_eq!(go.keyboard_shortcut(), Some("Enter"));
}

#[test]
fn a_screen_reader_s_click_on_yes_does_what_the_y_key_does() {
    let state = help::State::default();
    let clicked = tree(&state, Lang::En)
        .click(help::YES)
        .expect("Yes takes a click");
    let pressed = state
        .shortcut(&ch("y"), NONE, Some(&Id::new(help::YES)))
        .expect("Y answers while Yes has focus");
    assert!(matches!(clicked, help::Message::Answer(true)));
    assert!(matches!(pressed, help::Message::Answer(true)));
    let mut by_click = state.clone();
    let mut by_key = state.clone();
    let _ = by_click.update(clicked, None);
    let _ = by_key.update(pressed, None);
    let prompt = |state: &help::State| label(tree(state, Lang::En).node("help-prompt")).to_owned();
    assert_eq!(prompt(&by_click), "Do you remember your password?");
    assert_eq!(prompt(&by_click), prompt(&by_key));
}

#[test]
fn tab_follows_the_step_as_drawn() {
    let mut state = help::State::default();
    let mut expected = vec![help::CHART_TOGGLE, help::YES, help::NO];
    expected.extend(LINKS_AND_CLOSE);
    assert_eq!(stops(&chain(&state)), ids(&expected));
    assert_eq!(help::FIRST_FOCUS, help::YES);
    answer(&mut state, true);
    let mut expected = vec![help::CHART_TOGGLE, help::YES, help::NO, help::BACK];
    expected.extend(LINKS_AND_CLOSE);
    assert_eq!(stops(&chain(&state)), ids(&expected));
    answer(&mut state, false);
    answer(&mut state, true); // can read the email: Forgot Password
    let mut expected = vec![
        help::CHART_TOGGLE,
        help::GO_TO_FORGOT,
        help::RESTART,
        help::BACK,
    ];
    expected.extend(LINKS_AND_CLOSE);
    assert_eq!(stops(&chain(&state)), ids(&expected));
    // Enter or Space on a stop does what its button does.
    let chain = chain(&state);
    let go = chain.stop(&Id::new(help::GO_TO_FORGOT)).expect("stop");
    assert!(matches!(
        &go.kind,
        iced_a11y::focus::Kind::Control(help::Message::GoToForgotPassword)
    ));
}

#[test]
fn single_keys_act_only_while_focus_is_in_help_and_alt_keys_anywhere() {
    let state = help::State::default();
    let in_help = Id::new(help::NO);
    let a_box = Id::new("login-name");
    for (key, expected) in [("y", true), ("n", false)] {
        for focus in [None, Some(&in_help)] {
            assert!(matches!(
                state.shortcut(&ch(key), NONE, focus),
                Some(help::Message::Answer(yes)) if yes == expected
            ));
        }
        assert!(
            state.shortcut(&ch(key), NONE, Some(&a_box)).is_none(),
            "{key} never acts while a box has focus"
        );
        assert!(matches!(
            state.shortcut(&ch(key), Modifiers::ALT, Some(&a_box)),
            Some(help::Message::Answer(yes)) if yes == expected
        ));
        assert!(
            state
                .shortcut(&ch(key), Modifiers::CTRL, Some(&in_help))
                .is_none(),
            "Ctrl+{key} is not help's"
        );
    }
    for digit in ["1", "2", "3"] {
        assert!(state.shortcut(&ch(digit), NONE, Some(&a_box)).is_none());
        assert!(matches!(
            state.shortcut(&ch(digit), NONE, Some(&in_help)),
            Some(help::Message::Open(_))
        ));
    }
    assert!(matches!(
        state.shortcut(&Key::Named(Named::Escape), NONE, Some(&a_box)),
        Some(help::Message::Close)
    ));
}

#[test]
fn enter_goes_to_forgot_password_only_where_help_offers_it() {
    let enter = Key::Named(Named::Enter);
    let mut contact = help::State::default();
    answer(&mut contact, true);
    answer(&mut contact, false);
    answer(&mut contact, false);
    assert!(contact.shortcut(&enter, NONE, None).is_none());
    let mut forgot = help::State::default();
    answer(&mut forgot, true);
    answer(&mut forgot, false);
    answer(&mut forgot, true);
    assert!(matches!(
        forgot.shortcut(&enter, NONE, None),
        Some(help::Message::GoToForgotPassword)
    ));
}

#[test]
fn focus_moves_on_when_its_button_goes_and_returns_when_help_closes() {
    let mut state = help::State::opened_from(Some(Id::new("login-name")));
    let yes = Id::new(help::YES);
    assert!(matches!(
        state.update(help::Message::Answer(true), Some(&yes)),
        help::Action::None
    ));
    let _ = state.update(help::Message::Answer(false), Some(&yes));
    // The last answer ends the flowchart: Yes is gone, focus goes to the first button left.
    assert!(matches!(
        state.update(help::Message::Answer(true), Some(&yes)),
        help::Action::Focus(help::GO_TO_FORGOT)
    ));
    let back = Id::new(help::BACK);
    let _ = state.update(help::Message::Back, Some(&back));
    let _ = state.update(help::Message::Back, Some(&back));
    assert!(matches!(
        state.update(help::Message::Back, Some(&back)),
        help::Action::Focus(help::YES)
    ));
    let lang = Id::new("switch-language");
    assert!(
        matches!(
            state.update(help::Message::Answer(false), Some(&lang)),
            help::Action::None
        ),
        "focus outside help stays where it is"
    );
    match state.update(help::Message::Close, Some(&Id::new(help::CLOSE))) {
        help::Action::Close { return_focus } => {
            assert_eq!(return_focus, Some(Id::new("login-name")));
        }
        _ => panic!("Close closes"),
    }
}

#[test]
fn the_whole_chart_is_one_list_with_where_each_answer_leads() {
    let mut state = help::State::default();
    answer(&mut state, true); // on question 2, with a history
    let toggle = tree(&state, Lang::En);
    let button = toggle.node(help::CHART_TOGGLE);
    assert_eq!(label(button), "Show the whole chart (W)");
    assert_eq!(button.keyboard_shortcut(), Some("W"));
    let pressed = toggle.click(help::CHART_TOGGLE).expect("a click");
    assert!(matches!(pressed, help::Message::ToggleChart));
    let _ = state.update(pressed, Some(&Id::new(help::CHART_TOGGLE)));
    assert!(state.shows_whole_chart());
    let built = tree(&state, Lang::En);
    assert_eq!(
        label(built.node(help::CHART_TOGGLE)),
        "Show one question at a time (W)"
    );
    let list = built.node("help-chart");
    assert_eq!(list.role(), Role::List);
    assert_eq!(label(list), "Flowchart of Login Failure Solution");
    let items: Vec<&str> = built
        .children("help-chart")
        .iter()
        .map(|item| label(item))
        .collect();
    assert_eq!(
        items,
        [
            "1. Do you remember your Login Name?",
            "2. Do you remember your password?",
            "3. Have you checked that Caps Lock is off and that you typed your password exactly as you set it? Passwords are case-sensitive.",
            "4. Can you log in to your registered email account?",
        ]
    );
    let branches = |n: usize| -> Vec<String> {
        built
            .children(&format!("help-chart-{n}"))
            .iter()
            .map(|node| text_of(node).to_owned())
            .collect()
    };
    assert_eq!(
        branches(1),
        [
            "Yes → go to question 2",
            "No → If you do not remember your Login Name, please contact the JUPAS Office at (852) 2334 2929 / 2233 2929 during operating hours.",
        ]
    );
    assert_eq!(
        branches(4),
        [
            "Yes → Use \"Forgot Password\" to set a new password.",
            "No → Please contact the JUPAS Office at (852) 2334 2929 / 2233 2929 during operating hours.",
        ]
    );
    // The chart replaces the question: no answers, no Back, no status to read out.
    for gone in [help::YES, help::NO, help::BACK, "help-prompt"] {
        assert!(!built.has(gone), "{gone}");
    }
    let mut expected = vec![help::CHART_TOGGLE];
    expected.extend(LINKS_AND_CLOSE);
    assert_eq!(stops(&chain(&state)), ids(&expected));
    // Y does nothing here; W goes back to the question where the student was.
    assert!(state.shortcut(&ch("y"), NONE, None).is_none());
    let w = state
        .shortcut(&ch("w"), NONE, None)
        .expect("W while focus is in help");
    let _ = state.update(w, None);
    assert!(!state.shows_whole_chart());
    assert_live(
        tree(&state, Lang::En).node("help-prompt"),
        "Do you remember your password?",
        false,
    );
    assert!(tree(&state, Lang::En).has(help::BACK), "history kept");
    assert!(matches!(
        state.shortcut(&ch("w"), Modifiers::ALT, Some(&Id::new("login-name"))),
        Some(help::Message::ToggleChart)
    ));
    assert!(
        state
            .shortcut(&ch("w"), NONE, Some(&Id::new("login-name")))
            .is_none()
    );
}

#[test]
fn the_whole_chart_reads_in_chinese_too() {
    let mut state = help::State::default();
    let _ = state.update(help::Message::ToggleChart, None);
    let built = tree(&state, Lang::ZhHk);
    assert_eq!(label(built.node("help-chart")), "處理登入失敗流程圖");
    assert_eq!(label(built.node(help::CHART_TOGGLE)), "逐題顯示（W）");
    assert_eq!(
        label(built.node("help-chart-1")),
        "1. 你記得你的登入名稱嗎？"
    );
    assert_eq!(text_of(built.node("help-chart-2-yes")), "是 → 前往第 3 題");
    assert_eq!(text_of(built.node("help-chart-2-no")), "否 → 前往第 4 題");
}

#[test]
fn advice_not_from_the_guide_says_so_and_facts_it_lacks_are_gone() {
    let mut state = help::State::default();
    answer(&mut state, true);
    answer(&mut state, true); // remembers the password: the Caps Lock question
    for (lang, marked) in [
        (
            Lang::En,
            "This app's own advice (not from the JUPAS user guide):",
        ),
        (
            Lang::ZhHk,
            "本程式的建議（並非出自「大學聯招辦法」使用指南）：",
        ),
    ] {
        let built = tree(&state, lang);
        let advice = text_of(built.node("help-advice"));
        assert!(advice.starts_with(marked), "{advice}");
    }
    // The guide does not say where the Login Name was sent: help no longer claims it.
    let mut state = help::State::default();
    answer(&mut state, false);
    for lang in [Lang::En, Lang::ZhHk] {
        let said = label(tree(&state, lang).node("help-prompt")).to_owned();
        assert!(
            !said.contains("email you received") && !said.contains("收到的電郵"),
            "{said}"
        );
        assert!(said.contains("2334 2929"), "{said}");
    }
}
