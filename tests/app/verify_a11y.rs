//! The Change Password screen as a screen reader and the keyboard meet it, built through the
//! screen's own API (no App, no window): its accessibility tree read back with
//! `accesskit_consumer`, its focus chain, its live regions as the clocks tick.

use std::time::{Duration, Instant};

use accesskit_consumer::{NodeRef as Consumed, Tree as Consumer};
use iced::keyboard::{Key, Modifiers, key::Named};
use iced_a11y::accesskit::{Live, Role, Toggled, TreeUpdate};
use iced_a11y::focus::Chain;
use iced_a11y::tree::Tree;

use crate::drive::{offline_client, verify_screen};
use jupas_reset::screen::forgot::Identity;
use jupas_reset::screen::verify::{self, Message, State};
use jupas_reset_api::client::CallError;
use jupas_reset_api::policy::PolicyLimits;
use jupas_reset_api::wire::{Lang, Problem, ProblemCode, ResetStarted, Secret};

const WARNINGS: [&str; 4] = [
    "Please DO NOT LEAVE THIS PAGE.",
    "STAY on this page and immediately retrieve the verification code (sent to your registered email account) in a new tab / browser.",
    "ENTER the verification code in the box provided on this page as soon as you have retrieved it.",
    "Please note that the verification code will no longer be valid after you have left this page, and you will be required to enter all the required information again.",
];

/// The address the header's "User Guide" link opens, as the app would pass it.
const GUIDE: &str = "https://jupas.example.test/guide";

fn update_of(state: &State, lang: Lang) -> TreeUpdate {
    let mut tree = Tree::<Message>::new("window", "Change Password", lang.tag());
    let root = tree.root();
    state.accessibility(
        lang,
        &PolicyLimits::default(),
        GUIDE,
        &mut tree,
        root,
        |m| m,
    );
    tree.finish().0
}

/// What a screen reader reads of one node.
#[derive(Debug, Clone, PartialEq)]
struct Read {
    role: Role,
    name: String,
    description: Option<String>,
    value: Option<String>,
    live: Live,
}

fn read(node: &Consumed<'_>) -> Read {
    Read {
        role: node.role(),
        // Static text carries its words as its value; AT-SPI names it by them.
        name: node.label().or_else(|| node.value()).unwrap_or_default(),
        description: node.description(),
        value: node.value(),
        live: node.live(),
    }
}

/// The window's children in reading order, read back through AccessKit's consumer (which
/// also checks the tree is well formed).
fn reading_order(state: &State, lang: Lang) -> Vec<Read> {
    let consumer = Consumer::new(update_of(state, lang), true);
    consumer
        .state()
        .root()
        .children()
        .map(|n| read(&n))
        .collect()
}

fn node(order: &[Read], role: Role, name: &str) -> Read {
    order
        .iter()
        .find(|r| r.role == role && r.name == name)
        .cloned()
        .unwrap_or_else(|| panic!("no {role:?} {name:?} in {order:#?}"))
}

fn names_of(order: &[Read], role: Role) -> Vec<String> {
    order
        .iter()
        .filter(|r| r.role == role)
        .map(|r| r.name.clone())
        .collect()
}

fn chain_ids(state: &State) -> Vec<String> {
    let chain = state.focus_chain(Chain::new(None), |m| m);
    chain
        .stops()
        .iter()
        .map(|stop| format!("{:?}", stop.id))
        .collect()
}

fn id(name: &'static str) -> String {
    format!("{:?}", iced::widget::Id::new(name))
}

fn step(state: &mut State, message: Message) {
    let _ = state.update(message, &offline_client(), &PolicyLimits::default());
}

fn tick(state: &mut State, start: Instant, secs: u64) {
    step(state, Message::Tick(start + Duration::from_secs(secs)));
}

fn problem(code: ProblemCode) -> CallError {
    let mut problem = Problem::new(code, 400, "x");
    problem.attempts_left = Some(3);
    CallError::Problem(Box::new(problem))
}

/// A screen whose Submit is under way (valid entries, the request not run).
fn submitted() -> State {
    let mut state = verify_screen();
    // Past the opening moments, when the code box also carries the warnings.
    let start = state.now();
    tick(&mut state, start, 6);
    step(&mut state, Message::Code("K7MXPA".into()));
    step(
        &mut state,
        Message::Password("blue junk boat at dawn".into()),
    );
    step(
        &mut state,
        Message::Confirm("blue junk boat at dawn".into()),
    );
    step(&mut state, Message::Submit);
    assert!(state.awaiting_reply());
    state
}

#[test]
fn the_screen_reads_in_order_with_named_controls_and_their_keys() {
    let state = verify_screen();
    let order = reading_order(&state, Lang::En);
    assert_eq!(order[0].role, Role::Heading);
    assert_eq!(order[0].name, "Change Password");
    // The JUPAS page's header: its title and a "User Guide" link.
    assert_eq!(
        (order[1].role, order[1].name.as_str()),
        (Role::Link, "User Guide")
    );
    let labels: Vec<String> = order[2..6].iter().map(|r| r.name.clone()).collect();
    assert_eq!(
        labels, WARNINGS,
        "the four warnings, in order, right after the heading"
    );
    node(&order, Role::Label, "This page stays open for 15:00 more.");
    // The user guide's words for this page, before the box they are about.
    let position = |name: &str| order.iter().position(|r| r.name == name);
    let hint = position(
        "If you do not receive the Verification Code, click \"Regenerate Verification Code\" at the bottom of this page to get a new one.",
    )
    .expect("the guide's hint");
    let enter =
        position("Stay on this page and enter the Verification Code sent by the JUPAS Office.")
            .expect("the guide's instruction");
    let code_at = position("Verification Code").expect("code box");
    assert!(enter < hint && hint < code_at, "{enter} {hint} {code_at}");
    let code = node(&order, Role::TextInput, "Verification Code");
    for name in ["New Password", "Re-enter New Password"] {
        let password = node(&order, Role::PasswordInput, name);
        assert!(password.description.is_none(), "no error yet");
    }
    let sent = node(
        &order,
        Role::Status,
        "An email which contains a verification code has been sent to your registered email account.",
    );
    assert_eq!(sent.live, Live::Polite);
    assert!(code.description.is_some());

    let consumer = Consumer::new(update_of(&state, Lang::En), true);
    let root = consumer.state().root();
    let find = |role: Role, name: &str| {
        root.children()
            .find(|n| n.role() == role && n.label().as_deref() == Some(name))
            .unwrap_or_else(|| panic!("{role:?} {name}"))
    };
    for name in ["Verification Code", "New Password", "Re-enter New Password"] {
        let boxed = root
            .children()
            .find(|n| n.label().as_deref() == Some(name))
            .expect(name);
        assert!(boxed.is_required(), "{name} is required");
    }
    let checkbox = find(Role::CheckBox, "Show passwords (Alt+P)");
    assert_eq!(checkbox.toggled(), Some(Toggled::False));
    let shortcut = |role, name| {
        find(role, name)
            .data()
            .keyboard_shortcut()
            .map(str::to_owned)
    };
    assert_eq!(
        shortcut(Role::CheckBox, "Show passwords (Alt+P)").as_deref(),
        Some("Alt+P")
    );
    assert_eq!(shortcut(Role::Button, "Submit").as_deref(), Some("Enter"));
    let regenerate = find(Role::Button, "Regenerate Verification Code (in 60 s)");
    assert!(regenerate.is_disabled(), "unavailable during the cooldown");
    assert_eq!(
        regenerate.data().keyboard_shortcut(),
        Some("Alt+G"),
        "Regenerate says its key"
    );
    find(Role::Button, "Reset");
}

#[test]
fn the_guidelines_are_a_list_whose_items_say_their_state() {
    let mut state = verify_screen();
    let consumer = Consumer::new(update_of(&state, Lang::En), true);
    let root = consumer.state().root();
    let list = root
        .children()
        .find(|n| n.role() == Role::List)
        .expect("a list");
    assert_eq!(list.label().as_deref(), Some("For security reasons, you"));
    let items: Vec<String> = list
        .children()
        .map(|n| {
            assert_eq!(n.role(), Role::ListItem);
            n.label().unwrap_or_default()
        })
        .collect();
    assert_eq!(items.len(), 7);
    assert_eq!(items[0], "must use 15 to 64 characters: not met");
    assert_eq!(
        items[3],
        "must not reuse your current password (checked when you submit): checked on submit"
    );
    assert_eq!(
        items[5],
        "should note that passwords are case-sensitive: note"
    );
    step(
        &mut state,
        Message::Password("blue junk boat at dawn".into()),
    );
    let order = update_of(&state, Lang::En);
    let said = format!("{:?}", order.nodes);
    assert!(said.contains("must use 15 to 64 characters: met"), "{said}");
    let zh = update_of(&state, Lang::ZhHk);
    assert!(format!("{:?}", zh.nodes).contains("必須使用 15 至 64 個字元：符合"));
}

#[test]
fn no_password_ever_reaches_the_tree() {
    let mut state = verify_screen();
    let secret = "blue junk boat at dawn";
    step(&mut state, Message::Code("K7MXPA".into()));
    step(&mut state, Message::Password(secret.into()));
    step(&mut state, Message::Confirm(secret.into()));
    step(&mut state, Message::ShowPassword(true));
    let update = update_of(&state, Lang::En);
    let everything = format!("{:?}", update.nodes);
    assert!(!everything.contains("junk"), "the password leaked");
    let order = reading_order(&state, Lang::En);
    let password = node(&order, Role::PasswordInput, "New Password");
    assert_eq!(
        password.value.as_deref().map(|v| v.chars().count()),
        Some(22)
    );
    assert_eq!(
        node(&order, Role::TextInput, "Verification Code")
            .value
            .as_deref(),
        Some("K7MXPA"),
        "the code is not a secret: the student checks what they typed"
    );
    node(&order, Role::CheckBox, "Show passwords (Alt+P)");
}

#[test]
fn the_warnings_are_read_once_with_focus_in_the_code_box() {
    let mut state = verify_screen();
    let start = state.now();
    let code = node(
        &reading_order(&state, Lang::En),
        Role::TextInput,
        "Verification Code",
    );
    assert_eq!(
        code.description.as_deref(),
        Some(WARNINGS.join(" ").as_str())
    );
    tick(&mut state, start, 1);
    let still = node(
        &reading_order(&state, Lang::En),
        Role::TextInput,
        "Verification Code",
    );
    assert!(still.description.is_some(), "kept while the reader reads");
    tick(&mut state, start, 5);
    let order = reading_order(&state, Lang::En);
    let later = node(&order, Role::TextInput, "Verification Code");
    assert!(later.description.is_none(), "said once, not on every visit");
    assert_eq!(
        names_of(&order, Role::Label)[..4],
        WARNINGS,
        "still on the page"
    );
}

#[test]
fn field_errors_are_descriptions_and_mark_the_box_invalid() {
    let mut state = submitted();
    step(
        &mut state,
        Message::Completed(Err(problem(ProblemCode::CodeWrong))),
    );
    assert_eq!(state.take_focus_request(), Some(verify::CODE));
    assert_eq!(state.take_focus_request(), None, "asked once");
    let update = update_of(&state, Lang::En);
    let code = update
        .nodes
        .iter()
        .find(|(_, n)| n.label() == Some("Verification Code"))
        .expect("code box");
    assert_eq!(
        code.1.description(),
        Some("The verification code is not correct. You can try 3 more times.")
    );
    assert!(code.1.invalid().is_some());
    // Said once, by the box: no status above Submit repeats it.
    let order = reading_order(&state, Lang::En);
    let repeats: Vec<&Read> = order
        .iter()
        .filter(|r| r.name.contains("not correct"))
        .collect();
    assert!(repeats.is_empty(), "said twice: {repeats:#?}");

    let mut state = submitted();
    let mut refused = Problem::new(ProblemCode::PasswordPolicy, 422, "x");
    refused.violations = Some(vec![jupas_reset_api::policy::Violation::SameAsCurrent]);
    step(
        &mut state,
        Message::Completed(Err(CallError::Problem(Box::new(refused)))),
    );
    assert_eq!(state.take_focus_request(), Some(verify::NEW_PASSWORD));
    let new = node(
        &reading_order(&state, Lang::En),
        Role::PasswordInput,
        "New Password",
    );
    assert_eq!(
        new.description.as_deref(),
        Some("must not reuse your current password (checked when you submit): not met")
    );
}

#[test]
fn tab_walks_every_control_in_visual_order() {
    let mut state = verify_screen();
    let start = state.now();
    let base = [
        verify::USER_GUIDE,
        verify::CODE,
        verify::NEW_PASSWORD,
        verify::CONFIRM_PASSWORD,
        verify::SHOW_PASSWORDS,
        verify::SUBMIT,
        verify::RESET,
    ];
    assert_eq!(chain_ids(&state), base.map(id));
    tick(&mut state, start, 61);
    let mut with_regenerate = base.map(id).to_vec();
    with_regenerate.push(id(verify::REGENERATE));
    assert_eq!(
        chain_ids(&state),
        with_regenerate,
        "Regenerate once enabled"
    );
    // Enter or Space on the checkbox toggles it.
    let chain = state.focus_chain(Chain::new(None), |m| m);
    let stop = chain
        .stop(&iced::widget::Id::new(verify::SHOW_PASSWORDS))
        .expect("checkbox stop");
    assert!(matches!(
        &stop.kind,
        iced_a11y::focus::Kind::Control(Message::ShowPassword(true))
    ));
    // The session's warning brings "More time", drawn above the boxes.
    tick(&mut state, start, 900 - 119);
    assert_eq!(
        chain_ids(&state)[1],
        id(verify::EXTEND),
        "after the header's link"
    );
    // A notice that offers Retry brings its button before Submit.
    let mut state = submitted();
    step(&mut state, Message::Completed(Err(CallError::Unreachable)));
    let ids = chain_ids(&state);
    let retry = ids
        .iter()
        .position(|i| *i == id(verify::RETRY))
        .expect("Retry");
    assert_eq!(ids[retry + 1], id(verify::SUBMIT));
    // The ended screen has only the header's link and "Start again".
    let mut state = verify_screen();
    let start = state.now();
    tick(&mut state, start, 900);
    assert_eq!(
        chain_ids(&state),
        [id(verify::USER_GUIDE), id(verify::START_AGAIN)]
    );
}

#[test]
fn the_leave_dialog_is_modal_with_stay_first_and_takes_enter() {
    let mut state = verify_screen();
    let none = Modifiers::empty();
    let escape = state
        .shortcut(&Key::Named(Named::Escape), none)
        .expect("Escape is the screen's, even in a box: the root asks it first");
    assert!(matches!(escape, Message::AskLeave { quit: false }));
    step(&mut state, escape);
    assert!(state.leave_dialog_shown());
    assert!(
        matches!(
            state.shortcut(&Key::Named(Named::Enter), none),
            Some(Message::Stay)
        ),
        "Escape then Enter stays: it never submits"
    );
    let chain = state.dialog_focus_chain(Chain::new(None), |m| m);
    let ids: Vec<String> = chain
        .stops()
        .iter()
        .map(|s| format!("{:?}", s.id))
        .collect();
    assert_eq!(ids, [id(verify::STAY), id(verify::CONFIRM_CANCEL)]);

    let consumer = Consumer::new(update_of(&state, Lang::En), true);
    let dialog = consumer
        .state()
        .root()
        .children()
        .find(|n| n.is_dialog())
        .expect("a dialog");
    assert!(dialog.is_modal());
    assert_eq!(dialog.label().as_deref(), Some("Leave this page?"));
    assert!(
        dialog
            .description()
            .is_some_and(|d| d.starts_with("If you leave"))
    );
    let buttons: Vec<String> = dialog
        .children()
        .map(|n| n.label().unwrap_or_default())
        .collect();
    assert_eq!(
        buttons,
        ["Stay on this page (Enter)", "Cancel password reset (Alt+C)"]
    );
    step(&mut state, Message::Stay);
    assert!(
        !reading_order(&state, Lang::En)
            .iter()
            .any(|r| r.role == Role::AlertDialog)
    );
}

/// The live regions' texts at one moment (the code's and the session's), with politeness.
fn live_texts(order: &[Read]) -> Vec<(String, Live)> {
    order
        .iter()
        .filter(|r| r.live != Live::Off && !r.name.starts_with("An email which contains"))
        .map(|r| (r.name.clone(), r.live))
        .collect()
}

/// The ticking clock: a plain label, never live.
fn session_clock(order: &[Read]) -> Option<String> {
    order
        .iter()
        .find(|r| r.role == Role::Label && r.name.starts_with("This page stays open"))
        .map(|r| r.name.clone())
}

#[test]
fn the_countdowns_are_announced_only_at_thresholds() {
    let mut state = verify_screen(); // code 600 s, session 900 s
    let start = state.now();
    let order = reading_order(&state, Lang::En);
    let mut said = live_texts(&order);
    assert!(said.is_empty(), "nothing to announce at first");
    let mut clock = session_clock(&order);
    assert_eq!(
        clock.as_deref(),
        Some("This page stays open for 15:00 more.")
    );
    let mut changes = Vec::new();
    let mut clock_changes = 0;
    for second in 1..=900 {
        tick(&mut state, start, second);
        let order = reading_order(&state, Lang::En);
        let now = live_texts(&order);
        if now != said {
            changes.push((second, now.clone()));
            said = now;
        }
        let shown = session_clock(&order);
        if shown.is_some() && shown != clock {
            clock_changes += 1;
            clock = shown;
        }
    }
    assert!(
        clock_changes > 800,
        "the visible clock ticks (not live): {clock_changes}"
    );
    let at: Vec<u64> = changes.iter().map(|(s, _)| *s).collect();
    // Code: 5 min left (300), 1 min (540), expired (600). Session: 5 min (600), its
    // warning at 2 min (780), 1 min (840), the end (900, said by the end alert).
    assert_eq!(at, [300, 540, 600, 780, 840, 900], "{changes:#?}");
    let first = &changes[0].1;
    assert_eq!(
        first,
        &[(
            "The verification code is valid for 5 more minutes.".to_owned(),
            Live::Polite
        )]
    );
    let warning = &changes[3].1;
    assert!(
        warning.contains(&(
            "This page will close soon. If you need more time, choose \"More time (Alt+E)\"."
                .to_owned(),
            Live::Assertive
        ))
    );
    let end = reading_order(&state, Lang::En);
    let alert = node(
        &end,
        Role::Alert,
        "The reset session has expired. Please start again.",
    );
    assert_eq!(alert.live, Live::Assertive);
    assert!(
        !end.iter().any(|r| WARNINGS.contains(&r.name.as_str())),
        "an ended session has no warnings"
    );
    node(&end, Role::Button, "Start again");
}

#[test]
fn the_code_never_shows_more_time_than_the_session_has() {
    let started = ResetStarted {
        reset_token: Secret::new("token"),
        code_expires_in_s: 600,
        regenerate_after_s: 60,
        session_expires_in_s: 100,
    };
    let mut state = State::new(Identity::default(), started, Instant::now());
    let start = state.now();
    tick(&mut state, start, 30);
    assert_eq!(state.code_time_left(), Duration::from_secs(70));
    let order = reading_order(&state, Lang::En);
    node(
        &order,
        Role::Label,
        "The verification code is valid for 1:10 more.",
    );
    node(&order, Role::Label, "This page stays open for 1:10 more.");
    tick(&mut state, start, 90);
    assert_eq!(state.code_time_left(), state.session_time_left());
    assert!(state.code_expiring_soon(), "10 s left, not 8:30");
    for second in 0..=100 {
        tick(&mut state, start, second);
        assert!(state.code_time_left() <= state.session_time_left());
    }
}

#[test]
fn more_time_comes_with_the_session_warning_and_alt_e() {
    let mut state = verify_screen();
    let start = state.now();
    assert!(!state.can_extend(), "not before the warning");
    let alt = Modifiers::ALT;
    assert!(matches!(
        state.shortcut(&Key::Character("e".into()), alt),
        Some(Message::Extend)
    ));
    tick(&mut state, start, 900 - 120);
    assert!(state.can_extend());
    let order = reading_order(&state, Lang::En);
    let consumer = Consumer::new(update_of(&state, Lang::En), true);
    let button = consumer
        .state()
        .root()
        .children()
        .find(|n| n.label().as_deref() == Some("More time (Alt+E)"))
        .expect("More time");
    assert_eq!(button.role(), Role::Button);
    assert_eq!(button.data().keyboard_shortcut(), Some("Alt+E"));
    node(&order, Role::Label, "This page stays open for 2:00 more.");
    let zh = reading_order(&state, Lang::ZhHk);
    node(&zh, Role::Button, "延長時間（Alt+E）");
    node(&zh, Role::Label, "此頁面將於 2:00 後關閉。");
}
