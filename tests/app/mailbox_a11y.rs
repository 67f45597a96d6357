//! The practice mailbox window as a screen reader and the keyboard meet it: the mails as a
//! list (subject, time received, code), the mail being read, Copy and "Copied.", Tab over
//! the mails and Copy, Escape back to the main window.

use iced::keyboard::{Key, Modifiers, key::Named};
use iced_a11y::accesskit::Role;
use iced_a11y::focus::{Chain, Kind};
use iced_test::Simulator;
use jupas_reset::mailbox;
use jupas_reset::theme;
use jupas_reset_api::wire::Lang;

use crate::a11y_tree::{Built, assert_live, build, ids, label, stops, text_of};

/// A mail as the practice service sends it; `date` in RFC 5322 form.
fn raw(subject: &str, date: &str, body: &str) -> Vec<u8> {
    format!(
        "From: JUPAS Practice <noreply@practice.jupas-reset.invalid>\r\n\
         To: chan.taiman@example.com\r\n\
         Subject: {subject}\r\n\
         Date: {date}\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         {body}\r\n"
    )
    .into_bytes()
}

/// Two mails: a verification code (first, 06:03 UTC) and "password changed" (second).
fn mailbox_with_two_mails() -> mailbox::State {
    let mut state = mailbox::State::default();
    let code = raw(
        "Verification code",
        "Sat, 14 Mar 2026 06:03:00 +0000",
        "Dear applicant,\r\n\r\nVerification Code: k7mxpa\r\n\r\nJUPAS Office",
    );
    let changed = raw(
        "Password changed",
        "Sat, 14 Mar 2026 06:05:00 +0000",
        "Dear applicant,\r\n\r\nYour password was changed.",
    );
    for mail in [code, changed] {
        let _ = state.update(mailbox::Message::Arrived(mail.into()));
    }
    state
}

fn tree(state: &mailbox::State) -> Built<mailbox::Message> {
    build(|tree, root| state.accessibility(Lang::En, tree, root, std::convert::identity))
}

fn chain(state: &mailbox::State) -> Chain<mailbox::Message> {
    state.focus_chain(Chain::new(None), std::convert::identity)
}

#[test]
fn the_mails_are_a_list_with_subject_time_and_code() {
    let state = mailbox_with_two_mails();
    let built = tree(&state);
    let list = built.node("mailbox-list");
    assert_eq!(list.role(), Role::List);
    assert_eq!(label(list), "Emails");
    let items = built.children("mailbox-list");
    let names: Vec<&str> = items.iter().map(|item| label(item)).collect();
    // Newest first, as drawn; times in Hong Kong.
    assert_eq!(
        names,
        [
            "Password changed, received 14:05 HKT",
            "Verification code, received 14:03 HKT, verification code k7mxpa",
        ]
    );
    assert!(items.iter().all(|item| item.role() == Role::ListItem));
    assert_eq!(
        items[0].is_selected(),
        Some(true),
        "the newest is being read"
    );
    assert_eq!(items[1].is_selected(), Some(false));
    // Each mail is a control: a click reads it.
    assert!(matches!(
        built.click("mail-0"),
        Some(mailbox::Message::Select(1))
    ));
}

#[test]
fn the_mail_being_read_has_its_code_and_copy_then_copied_is_spoken() {
    let mut state = mailbox_with_two_mails();
    let _ = state.update(mailbox::Message::Select(1));
    let built = tree(&state);
    let reading: Vec<String> = built
        .children("mailbox-reading")
        .iter()
        .map(|node| label(node).to_owned() + node.value().unwrap_or_default())
        .collect();
    assert!(reading.contains(&"Subject: Verification code".to_owned()));
    assert!(reading.contains(&"Received: 14:03 HKT".to_owned()));
    assert!(reading.contains(&"Verification code: k7mxpa".to_owned()));
    assert!(
        reading.iter().any(|text| text.contains("Dear applicant")),
        "the mail's text: {reading:?}"
    );
    let copy = built.node(mailbox::COPY_CODE);
    assert_eq!(copy.role(), Role::Button);
    assert_eq!(label(copy), "Copy verification code (Ctrl+Shift+C)");
    assert_eq!(copy.keyboard_shortcut(), Some("Ctrl+Shift+C"));
    assert!(!built.has("mailbox-copied"));
    let copy = built.click(mailbox::COPY_CODE).expect("Copy takes a click");
    assert!(matches!(copy, mailbox::Message::CopyCode));
    assert!(matches!(state.update(copy), mailbox::Action::Run(_)));
    assert_live(tree(&state).node("mailbox-copied"), "Copied.", false);
    // Reading another mail: nothing copied from it yet.
    let _ = state.update(mailbox::Message::Select(0));
    assert!(!tree(&state).has("mailbox-copied"));
}

#[test]
fn tab_walks_the_mails_then_copy() {
    let mut state = mailbox_with_two_mails();
    let _ = state.update(mailbox::Message::Select(1));
    let walk = chain(&state);
    assert_eq!(stops(&walk), ids(&["mail-1", "mail-0", mailbox::COPY_CODE]));
    let first = walk.stop(&iced::widget::Id::new("mail-1")).expect("stop");
    assert!(matches!(
        &first.kind,
        Kind::Control(mailbox::Message::Select(0))
    ));
    // A mail without a code has no Copy.
    let _ = state.update(mailbox::Message::Select(0));
    assert_eq!(stops(&chain(&state)), ids(&["mail-1", "mail-0"]));
    // Arriving by keyboard, focus is on the mail being read.
    assert_eq!(state.first_focus(), Some(iced::widget::Id::new("mail-1")));
}

#[test]
fn a_mail_keeps_its_focus_id_when_newer_mail_arrives() {
    let mut state = mailbox_with_two_mails();
    let _ = state.update(mailbox::Message::Arrived(
        raw(
            "Verification code",
            "Sat, 14 Mar 2026 06:09:00 +0000",
            "Verification Code: zq4rty",
        )
        .into(),
    ));
    assert_eq!(
        stops(&chain(&state)),
        ids(&["mail-2", "mail-1", "mail-0", mailbox::COPY_CODE])
    );
}

#[test]
fn escape_leaves_the_mailbox_and_stays_the_main_window_s_there() {
    let mut state = mailbox_with_two_mails();
    let none = Modifiers::empty();
    let escape = state
        .window_shortcut(&Key::Named(Named::Escape), none)
        .expect("Escape in the mailbox window");
    assert!(matches!(escape, mailbox::Message::Leave));
    assert!(matches!(state.update(escape), mailbox::Action::Leave));
    // In the main window Escape belongs to the screen (the leave dialog, closing help).
    assert!(state.shortcut(&Key::Named(Named::Escape), none).is_none());
    for shortcut in [mailbox::State::shortcut, mailbox::State::window_shortcut] {
        assert!(shortcut(&state, &Key::Named(Named::Enter), none).is_none());
        assert!(matches!(
            shortcut(
                &state,
                &Key::Character("C".into()),
                Modifiers::CTRL | Modifiers::SHIFT
            ),
            Some(mailbox::Message::CopyCode)
        ));
    }
}

#[test]
fn an_empty_mailbox_says_so() {
    let state = mailbox::State::default();
    let built = tree(&state);
    assert_live(
        built.node("mailbox-empty"),
        "No emails yet. Emails sent by the practice service arrive here.",
        false,
    );
    assert!(chain(&state).stops().is_empty());
}

#[test]
fn the_drawn_mailbox_shows_what_the_tree_says() {
    let state = mailbox_with_two_mails();
    let settings = iced::Settings {
        fonts: vec![theme::FONT_REGULAR.into(), theme::FONT_BOLD.into()],
        default_font: theme::APP_FONT,
        ..iced::Settings::default()
    };
    let focus = iced::widget::Id::new("mail-0");
    let mut ui = Simulator::with_settings(settings, state.view(Lang::En, Some(&focus)));
    ui.find("Verification code: k7mxpa")
        .expect("the code in the list");
    ui.find("Esc: back to the main window")
        .expect("the way back");
    ui.click("Verification code").expect("the older mail");
    assert!(matches!(
        ui.into_messages().last(),
        Some(mailbox::Message::Select(1))
    ));
}

/// A code mail to `to` at `date`.
fn code_mail(to: &str, date: &str, code: &str) -> Vec<u8> {
    format!(
        "From: JUPAS Practice <noreply@practice.jupas-reset.invalid>\r\n\
         To: {to}\r\n\
         Subject: Verification code\r\n\
         Date: {date}\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         Verification Code: {code}\r\n"
    )
    .into_bytes()
}

#[test]
fn a_code_a_newer_one_replaced_is_marked_superseded() {
    let mut state = mailbox::State::default();
    for mail in [
        code_mail(
            "chan.taiman@example.com",
            "Sat, 14 Mar 2026 06:03:00 +0000",
            "k7mxpa",
        ),
        code_mail(
            "lee.kayan@example.org",
            "Sat, 14 Mar 2026 06:03:30 +0000",
            "w2hq8r",
        ),
        code_mail(
            "chan.taiman@example.com",
            "Sat, 14 Mar 2026 06:04:10 +0000",
            "zq4rty",
        ),
    ] {
        let _ = state.update(mailbox::Message::Arrived(mail.into()));
    }
    let built = tree(&state);
    let names: Vec<&str> = built
        .children("mailbox-list")
        .iter()
        .map(|item| label(item))
        .collect();
    assert_eq!(
        names,
        [
            "Verification code, received 14:04 HKT, verification code zq4rty",
            // Another address: its code is still that student's newest.
            "Verification code, received 14:03 HKT, verification code w2hq8r",
            "Verification code, received 14:03 HKT, verification code k7mxpa, superseded by a newer code",
        ]
    );
    assert!(
        !built.has("mailbox-reading-superseded"),
        "the newest is fine"
    );
    let _ = state.update(mailbox::Message::Select(2));
    let superseded = tree(&state);
    assert_eq!(
        text_of(superseded.node("mailbox-reading-superseded")),
        "Superseded: a newer verification code was sent after this one. Use the newest code."
    );
    // Drawn too, in the list and over the mail, in both languages.
    for (lang, words) in [
        (
            Lang::En,
            "Superseded: a newer verification code was sent after this one. Use the newest code.",
        ),
        (
            Lang::ZhHk,
            "已被取代：其後已發送較新的驗證碼。請使用最新的驗證碼。",
        ),
    ] {
        let mut ui = Simulator::with_settings(settings(), state.view(lang, None));
        ui.find(words).expect(words);
        let short = match lang {
            Lang::En => "Superseded by a newer code",
            Lang::ZhHk => "已被較新的驗證碼取代",
        };
        ui.find(short).expect("marked in the list");
        // Every mail shows when it came.
        ui.find("14:04 HKT · JUPAS Practice").expect("the time");
    }
}

fn settings() -> iced::Settings {
    iced::Settings {
        fonts: vec![theme::FONT_REGULAR.into(), theme::FONT_BOLD.into()],
        default_font: theme::APP_FONT,
        ..iced::Settings::default()
    }
}

#[tokio::test]
async fn the_chinese_ui_reads_the_chinese_part_of_the_mail_first() {
    // The service's real mail, as it sends it (English, a rule, Chinese).
    let h = crate::support::Harness::start().await;
    let _ = h.start_reset().await;
    let _ = h.code(crate::support::EMAIL, 1).await;
    let raw = std::fs::read_dir(h.outbox.path())
        .expect("outbox")
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with("challenge-"))
        .find_map(|e| std::fs::read(e.path()).ok())
        .expect("the mail");
    let mut state = mailbox::State::default();
    let _ = state.update(mailbox::Message::Arrived(raw.into()));
    let read = |lang| {
        let built =
            build(|tree, root| state.accessibility(lang, tree, root, std::convert::identity));
        let body = built.node("mailbox-reading-body");
        let text = label(body).to_owned() + body.value().unwrap_or_default();
        let subject = label(built.node("mailbox-reading")).to_owned();
        (subject, text)
    };
    let (subject, body) = read(Lang::ZhHk);
    assert!(subject.starts_with("大學聯招辦法"), "{subject}");
    let chinese = body.find("驗證碼：").expect("Chinese part");
    let english = body.find("Verification Code:").expect("English part");
    assert!(chinese < english, "Chinese first: {body}");
    let (subject, body) = read(Lang::En);
    assert!(subject.starts_with("JUPAS"), "{subject}");
    assert!(
        body.find("Verification Code:") < body.find("驗證碼："),
        "English first"
    );
    // Nothing is lost in the reordering, and the code is still found.
    let lines = |text: String| {
        let mut lines: Vec<String> = text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(str::to_owned)
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(lines(read(Lang::ZhHk).1), lines(read(Lang::En).1));
    let _ = state.update(mailbox::Message::CopyCode);
    assert!(matches!(
        tree(&state).click(mailbox::COPY_CODE),
        Some(mailbox::Message::CopyCode)
    ));
}
