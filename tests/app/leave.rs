//! The verification screen as a state machine: no sequence of events other than a
//! successful submit or a confirmed cancel leaves it while the session is open.

use proptest::prelude::*;
use std::time::{Duration, Instant};

use jupas_reset::screen::verify::{Action, Message, State};
use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::policy::PolicyLimits;
use jupas_reset_api::wire::{CodeRegenerated, PasswordChanged, Problem, ProblemCode, SessionEnd};

fn problem(code: ProblemCode, end: Option<SessionEnd>) -> CallError {
    let mut problem = Problem::new(code, 400, "x");
    problem.session_end = end;
    problem.attempts_left = Some(2);
    CallError::Problem(Box::new(problem))
}

/// Every event the screen can receive. `exits` allows the two ways out.
fn event(exits: bool) -> impl Strategy<Value = Message> {
    let mut choices = vec![
        "[A-Z0-9 ]{0,8}"
            .prop_map(|v| Message::Code(v.into()))
            .boxed(),
        ".{0,12}".prop_map(|v| Message::Password(v.into())).boxed(),
        ".{0,12}".prop_map(|v| Message::Confirm(v.into())).boxed(),
        any::<bool>().prop_map(Message::ShowPassword).boxed(),
        Just(Message::Submit).boxed(),
        Just(Message::Reset).boxed(),
        Just(Message::Regenerate).boxed(),
        (0u64..120)
            .prop_map(|s| Message::Tick(Instant::now() + Duration::from_secs(s)))
            .boxed(),
        any::<bool>()
            .prop_map(|quit| Message::AskLeave { quit })
            .boxed(),
        Just(Message::Stay).boxed(),
        Just(Message::StartAgain).boxed(),
        prop_oneof![
            Just(CallError::Unreachable),
            Just(CallError::Timeout),
            Just(problem(ProblemCode::CodeWrong, None)),
            Just(problem(ProblemCode::CodeExpired, None)),
            Just(problem(ProblemCode::PasswordPolicy, None)),
            Just(problem(ProblemCode::RateLimited, None)),
        ]
        .prop_map(|e| Message::Completed(Err(e)))
        .boxed(),
        prop_oneof![
            Just(Ok(CodeRegenerated {
                code_expires_in_s: 600,
                regenerate_after_s: 60,
                regenerations_left: 3,
                session_expires_in_s: 800
            })),
            Just(Err(CallError::Unreachable)),
            Just(Err(problem(ProblemCode::RegenerateLimit, None))),
        ]
        .prop_map(Message::Regenerated)
        .boxed(),
        prop_oneof![Just(Ok(())), Just(Err(CallError::Unreachable))]
            .prop_map(Message::Cancelled)
            .boxed(),
    ];
    if exits {
        choices.push(Just(Message::ConfirmCancel).boxed());
        choices.push(
            Just(Message::Completed(Ok(PasswordChanged {
                password_changed: true,
            })))
            .boxed(),
        );
        choices.push(
            prop_oneof![
                Just(problem(ProblemCode::AttemptsExhausted, None)),
                Just(problem(
                    ProblemCode::SessionClosed,
                    Some(SessionEnd::Expired)
                )),
            ]
            .prop_map(|e| Message::Completed(Err(e)))
            .boxed(),
        );
    }
    proptest::strategy::Union::new(choices)
}

fn screen() -> (State, ApiClient) {
    // Tasks are returned, never run: no request leaves this test.
    (
        crate::drive::verify_screen(),
        crate::drive::offline_client(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn nothing_but_submit_or_confirmed_cancel_leaves(events in prop::collection::vec(event(false), 0..60)) {
        let (mut state, client) = screen();
        let limits = PolicyLimits::default();
        for message in events {
            let action = state.update(message.clone(), &client, &limits);
            prop_assert!(
                !matches!(action, Action::Done { .. } | Action::Left { .. }),
                "left the screen on {message:?}"
            );
            prop_assert!(state.is_open());
        }
    }

    #[test]
    fn every_exit_has_a_reason(events in prop::collection::vec(event(true), 0..60)) {
        let (mut state, client) = screen();
        let limits = PolicyLimits::default();
        let mut submitted = false;
        for message in events {
            let submitting = state.awaiting_reply() && matches!(message, Message::Completed(_));
            let confirming = state.awaiting_reply() && matches!(message, Message::Cancelled(_));
            let ended_before = state.ended().is_some();
            let action = state.update(message.clone(), &client, &limits);
            match action {
                Action::Done { .. } => {
                    prop_assert!(submitting && matches!(message, Message::Completed(Ok(_))));
                    submitted = true;
                    break;
                }
                Action::Left { .. } => {
                    prop_assert!(
                        confirming || ended_before,
                        "left on {message:?} without a confirmed cancel or an ended session"
                    );
                    break;
                }
                _ => {}
            }
        }
        let _ = submitted;
    }
}

#[test]
fn a_close_request_opens_the_dialog_and_stay_is_the_default() {
    let (mut state, client) = screen();
    let limits = PolicyLimits::default();
    assert!(matches!(
        state.update(Message::AskLeave { quit: true }, &client, &limits),
        Action::None
    ));
    assert!(state.leave_dialog_shown());
    assert!(
        state
            .dialog(jupas_reset_api::wire::Lang::En, None)
            .is_some()
    );
    state.update(Message::Stay, &client, &limits);
    assert!(!state.leave_dialog_shown());
    assert!(state.is_open());
}

/// Escape and Enter pressed together reach the screen as "ask leave" then "submit", the
/// Enter judged against the screen before the dialog opened: it must mean "Stay".
#[test]
fn enter_in_the_same_instant_as_escape_stays_and_submits_nothing() {
    let (mut state, client) = screen();
    let limits = PolicyLimits::default();
    state.update(Message::Code("AB12CD".into()), &client, &limits);
    state.update(
        Message::Password("blue junk boat at dawn".into()),
        &client,
        &limits,
    );
    state.update(
        Message::Confirm("blue junk boat at dawn".into()),
        &client,
        &limits,
    );
    state.update(Message::AskLeave { quit: false }, &client, &limits);
    assert!(state.leave_dialog_shown());
    let action = state.update(Message::Submit, &client, &limits);
    assert!(matches!(action, Action::None), "nothing is sent");
    assert!(!state.leave_dialog_shown(), "Enter in the dialog is Stay");
    assert!(state.is_open());
    // And a second Escape in that instant closes the dialog rather than opening another.
    state.update(Message::AskLeave { quit: false }, &client, &limits);
    assert!(state.leave_dialog_shown());
    state.update(Message::AskLeave { quit: false }, &client, &limits);
    assert!(!state.leave_dialog_shown());
}
