//! Secrets in the app: what is typed never shows in `Debug` output (logs, panics), and a
//! verification code copied from the practice mailbox leaves the clipboard when the reset
//! ends or after a short time — unless the student has copied something else since.

use std::time::Duration;

use iced::Task;
use iced::futures::StreamExt;
use iced_runtime::clipboard;

use jupas_reset::mailbox;
use jupas_reset::screen::{forgot, success, verify};
use jupas_reset_api::wire::Secret;

use crate::drive::{offline_client, verify_screen};

const TYPED: &str = "blue junk boat at dawn";

#[test]
fn messages_and_screens_never_show_what_was_typed() {
    let shown = [
        format!("{:?}", forgot::Message::SecurityCode(TYPED.into())),
        format!("{:?}", verify::Message::Code(TYPED.into())),
        format!("{:?}", verify::Message::Password(TYPED.into())),
        format!("{:?}", verify::Message::Confirm(TYPED.into())),
        format!("{:?}", success::Message::Password(TYPED.into())),
        format!(
            "{:?}",
            mailbox::Message::Arrived(format!("Verification Code: {TYPED}").into_bytes().into())
        ),
    ];
    for debug in &shown {
        assert!(!debug.contains(TYPED), "{debug}");
    }
    let client = offline_client();
    let mut forgot = forgot::State::new(&client).0;
    let _ = forgot.update(
        forgot::Message::SecurityCode(TYPED.into()),
        &client,
        jupas_reset_api::wire::Lang::En,
        crate::drive::TODAY,
    );
    assert_eq!(forgot.security_code.as_str(), TYPED, "it was typed");
    assert!(!format!("{forgot:?}").contains(TYPED));
    let mut verify = verify_screen();
    let limits = Default::default();
    let _ = verify.update(verify::Message::Password(TYPED.into()), &client, &limits);
    assert!(!format!("{verify:?}").contains(TYPED));
}

/// Runs a task as the iced runtime would, with `board` as the system clipboard, until it
/// ends or has nothing to do for a while; returns the messages it produced.
async fn run<M: Send + 'static>(task: Task<M>, board: &mut Option<String>) -> Vec<M> {
    let Some(mut stream) = iced_runtime::task::into_stream(task) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while let Ok(Some(action)) = tokio::time::timeout(Duration::from_secs(2), stream.next()).await {
        match action {
            iced_runtime::Action::Output(message) => out.push(message),
            iced_runtime::Action::Clipboard(clipboard::Action::Write { contents, .. }) => {
                *board = Some(contents)
            }
            iced_runtime::Action::Clipboard(clipboard::Action::Read { channel, .. }) => {
                let _ = channel.send(board.clone());
            }
            _ => {}
        }
    }
    out
}

fn act(action: mailbox::Action) -> Task<mailbox::Message> {
    match action {
        mailbox::Action::Run(task) => task,
        mailbox::Action::None | mailbox::Action::Leave => Task::none(),
    }
}

fn mail_with_code(code: &str) -> mailbox::Message {
    let raw = format!(
        "From: JUPAS Office <noreply@jupas.example>\r\nTo: chan.taiman@example.com\r\n\
         Subject: Verification code\r\nDate: Sat, 14 Mar 2026 06:00:00 +0000\r\n\r\n\
         Dear applicant,\r\n\r\nVerification Code: {code}\r\n"
    );
    mailbox::Message::Arrived(raw.into_bytes().into())
}

#[tokio::test]
async fn a_copied_code_leaves_the_clipboard_after_its_time() {
    let mut state = mailbox::State::with_clipboard_lifetime(Duration::from_millis(300));
    let mut board = None;
    let _ = state.update(mail_with_code("K7MXPA"));

    let expired = run(act(state.update(mailbox::Message::CopyCode)), &mut board).await;
    assert_eq!(board.as_deref(), Some("K7MXPA"), "copied");
    assert!(state.holds_clipboard());
    assert_eq!(expired.len(), 1, "its time ran out");

    for message in expired {
        run(act(state.update(message)), &mut board).await;
    }
    assert_eq!(board.as_deref(), Some(""), "and it was cleared");
    assert!(!state.holds_clipboard());
}

#[tokio::test]
async fn what_the_student_copied_since_is_left_alone() {
    let mut state = mailbox::State::with_clipboard_lifetime(Duration::from_millis(300));
    let mut board = None;
    let _ = state.update(mail_with_code("K7MXPA"));
    let expired = run(act(state.update(mailbox::Message::CopyCode)), &mut board).await;
    board = Some("my personal statement".to_owned());

    for message in expired {
        run(act(state.update(message)), &mut board).await;
    }
    assert_eq!(board.as_deref(), Some("my personal statement"));
}

#[tokio::test]
async fn the_end_of_the_reset_clears_the_code_at_once() {
    let mut state = mailbox::State::default();
    let mut board = None;
    let _ = state.update(mail_with_code("K7MXPA"));
    // The 60-second timer is dropped unfinished (`run` gives up waiting on it).
    let copy = iced_runtime::task::into_stream(act(state.update(mailbox::Message::CopyCode)));
    let mut copy = copy.expect("a task");
    if let Some(iced_runtime::Action::Clipboard(clipboard::Action::Write { contents, .. })) =
        copy.next().await
    {
        board = Some(contents);
    }
    drop(copy);
    assert_eq!(board.as_deref(), Some("K7MXPA"));

    run(act(state.update(mailbox::Message::ResetEnded)), &mut board).await;
    assert_eq!(board.as_deref(), Some(""));
    // Nothing of ours is left to clear: a later copy by the student stays.
    board = Some("notes".to_owned());
    run(act(state.update(mailbox::Message::ResetEnded)), &mut board).await;
    assert_eq!(board.as_deref(), Some("notes"));
}

#[test]
fn a_secret_moves_into_the_field_without_a_copy_left_behind() {
    let secret = Secret::new(TYPED);
    let pointer = secret.expose().as_ptr();
    let kept = secret.into_zeroizing();
    assert_eq!(kept.as_str(), TYPED);
    assert_eq!(kept.as_ptr(), pointer, "moved, not copied");
}
