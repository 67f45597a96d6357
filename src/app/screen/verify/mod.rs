//! Screen 2, "Change Password / 更改密碼": the four red warnings, the verification code,
//! the new password twice, the seven guidelines ticked live, and the code's countdown.
//! While the session is open nothing leaves this screen but a successful Submit or a
//! confirmed "Cancel password reset". The session's own countdown can be extended
//! (WCAG 2.2.1). `view.rs` draws the screen, `access.rs` describes it to screen readers.

mod access;
mod timing;
mod view;

pub use view::WARNING_BOX;

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::{Subscription, Task};
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

use crate::errors;
use crate::keys;
use crate::screen::forgot::Identity;
use crate::text::{Notice, Text};
use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::policy::{self, PersonalInfo, PolicyLimits, Rule, RuleState, Violation};
use jupas_reset_api::wire::{
    CodeRegenerated, PasswordChanged, ProblemCode, ResetStarted, Secret, SessionEnd,
    SessionExtended,
};

/// Widget ids, which are also the ids of their accessibility nodes.
pub const CODE: &str = "verification-code";
pub const NEW_PASSWORD: &str = "new-password";
pub const CONFIRM_PASSWORD: &str = "confirm-password";
pub const SHOW_PASSWORDS: &str = "show-passwords";
pub const SUBMIT: &str = "submit-change";
pub const RESET: &str = "reset-boxes";
pub const REGENERATE: &str = "regenerate-code";
pub const RETRY: &str = "retry-request";
pub const EXTEND: &str = "extend-session";
pub const START_AGAIN: &str = "start-again-button";
pub const STAY: &str = "leave-stay-button";
/// The "User Guide" link in the page's header, as on the JUPAS page.
pub const USER_GUIDE: &str = "user-guide-link-button";
pub const CONFIRM_CANCEL: &str = "leave-cancel-button";

/// The JUPAS user guide's four red warnings, in order.
const WARNINGS: [Text; 4] = [
    Text::new("warning-leave"),
    Text::new("warning-stay"),
    Text::new("warning-enter"),
    Text::new("warning-invalid"),
];

/// How long the code box's description carries the four warnings after the screen opens:
/// long enough for the screen reader to read them when focus lands there.
const INTRODUCTION: Duration = Duration::from_secs(5);

/// A request sent while the page is open, not yet answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Request {
    Submit,
    Regenerate,
    Extend,
}

/// Why the leave dialog is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeaveRequest {
    /// Escape, or a button that would leave the page.
    Navigate,
    /// The window's close button, Alt+F4, Cmd+Q.
    Quit,
}

impl LeaveRequest {
    fn new(quit: bool) -> LeaveRequest {
        if quit {
            LeaveRequest::Quit
        } else {
            LeaveRequest::Navigate
        }
    }

    /// Asked again: a quit, once asked for, stays a quit.
    fn again(self, quit: bool) -> LeaveRequest {
        LeaveRequest::new(quit || self == LeaveRequest::Quit)
    }
}

/// Where the screen is in its life; each phase holds only what can exist in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// The session is open and the student is on the page.
    Open { request: Option<Request> },
    /// The leave dialog is up. A request sent before it opened may still be answered.
    Asking {
        why: LeaveRequest,
        request: Option<Request>,
    },
    /// "Cancel password reset" was confirmed; the service is closing the session.
    Cancelling { why: LeaveRequest },
    /// The session is over on the server: only "Start again" is left.
    Ended(SessionEnd),
}

pub struct State {
    identity: Identity,
    token: Secret,
    code: Zeroizing<String>,
    password: Zeroizing<String>,
    confirm: Zeroizing<String>,
    show_password: bool,
    now: Instant,
    code_deadline: Instant,
    session_deadline: Instant,
    regenerate_at: Instant,
    regenerations_left: Option<u32>,
    /// How many more times the session can be extended; unknown until the first time.
    extensions_left: Option<u32>,
    code_error: Option<Text>,
    confirm_error: Option<Text>,
    notice: Option<Notice>,
    /// The request a notice's Retry sends again.
    retry: Option<Request>,
    /// Rules the service said the last submitted password broke.
    refused: Vec<Violation>,
    phase: Phase,
    /// When the screen opened: the four warnings are read out once, then not again.
    opened: Instant,
    introducing: bool,
    /// A control the keyboard focus should move to (an error's field, "Start again").
    focus_request: Option<&'static str>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("verify::State")
            .field("phase", &self.phase)
            .finish_non_exhaustive()
    }
}

/// What is typed travels as a `Secret`: zeroised when the message is dropped, and `Debug`
/// shows `Secret(***)`, never the code or the password.
#[derive(Debug, Clone)]
pub enum Message {
    Code(Secret),
    Password(Secret),
    Confirm(Secret),
    ShowPassword(bool),
    Submit,
    Reset,
    Regenerate,
    /// "More time": extend the reset session.
    Extend,
    /// A notice's Retry: the failed request again.
    Retry,
    Tick(Instant),
    Completed(Result<PasswordChanged, CallError>),
    Regenerated(Result<CodeRegenerated, CallError>),
    Extended(Result<SessionExtended, CallError>),
    /// Escape, or a close request with `quit`.
    AskLeave {
        quit: bool,
    },
    Stay,
    ConfirmCancel,
    Cancelled(Result<(), CallError>),
    StartAgain,
    /// The header's "User Guide" link.
    OpenUserGuide,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// The password was changed.
    Done {
        login_name: String,
    },
    /// The student confirmed leaving (the session is cancelled), or started again
    /// after the service ended the session. `quit`: the app should exit.
    Left {
        quit: bool,
    },
    /// Open the JUPAS user guide in the browser (the page stays as it is).
    OpenUserGuide,
}

impl State {
    pub fn new(identity: Identity, started: ResetStarted, now: Instant) -> State {
        let secs = Duration::from_secs;
        State {
            identity,
            token: started.reset_token,
            code: Zeroizing::default(),
            password: Zeroizing::default(),
            confirm: Zeroizing::default(),
            show_password: false,
            now,
            code_deadline: now + secs(started.code_expires_in_s),
            session_deadline: now + secs(started.session_expires_in_s),
            regenerate_at: now + secs(started.regenerate_after_s),
            regenerations_left: None,
            extensions_left: None,
            code_error: None,
            confirm_error: None,
            notice: Some(Notice::info(Text::new("verify-sent"))),
            retry: None,
            refused: Vec::new(),
            phase: Phase::Open { request: None },
            opened: now,
            introducing: true,
            focus_request: None,
        }
    }

    /// Where keyboard focus should go after the last update, if somewhere new. Asked once:
    /// the app moves focus and the request is gone.
    pub fn take_focus_request(&mut self) -> Option<&'static str> {
        self.focus_request.take()
    }

    /// Whether a reset session is open on the server (leaving must be confirmed).
    pub fn is_open(&self) -> bool {
        !matches!(self.phase, Phase::Ended(_))
    }

    /// Why the service ended the session, once it has.
    pub fn ended(&self) -> Option<SessionEnd> {
        match self.phase {
            Phase::Ended(end) => Some(end),
            _ => None,
        }
    }

    /// "Leave this page?" is over the screen (also while the cancel is being sent).
    pub fn leave_dialog_shown(&self) -> bool {
        matches!(self.phase, Phase::Asking { .. } | Phase::Cancelling { .. })
    }

    /// A request to the service is under way (submit, regenerate or cancel).
    pub fn awaiting_reply(&self) -> bool {
        self.request().is_some() || matches!(self.phase, Phase::Cancelling { .. })
    }

    pub fn token(&self) -> &Secret {
        &self.token
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn password(&self) -> &str {
        &self.password
    }

    pub fn code_error(&self) -> Option<&Text> {
        self.code_error.as_ref()
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// How many more codes the service will send; unknown until the first regeneration.
    pub fn regenerations_left(&self) -> Option<u32> {
        self.regenerations_left
    }

    /// The time of the last tick: what the countdowns count from.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// How many more times the session can be extended, once the service has said.
    pub fn extensions_left(&self) -> Option<u32> {
        self.extensions_left
    }

    /// The Submit, Regenerate or Extend in flight, if any.
    fn request(&self) -> Option<Request> {
        match self.phase {
            Phase::Open { request } | Phase::Asking { request, .. } => request,
            Phase::Cancelling { .. } | Phase::Ended(_) => None,
        }
    }

    /// Whether `request` is the one in flight; if so it is answered now. Answers only
    /// count for the request that is pending, never a stale one.
    fn take_answer(&mut self, request: Request) -> bool {
        match &mut self.phase {
            Phase::Open { request: pending }
            | Phase::Asking {
                request: pending, ..
            } if *pending == Some(request) => {
                *pending = None;
                true
            }
            _ => false,
        }
    }

    pub fn update(
        &mut self,
        message: Message,
        client: &ApiClient,
        limits: &PolicyLimits,
    ) -> Action {
        match message {
            Message::Code(value) => {
                self.code = value.into_zeroizing();
                self.code_error = None;
            }
            Message::Password(value) => {
                self.password = value.into_zeroizing();
                self.refused.clear();
            }
            Message::Confirm(value) => {
                self.confirm = value.into_zeroizing();
                self.confirm_error = None;
            }
            Message::ShowPassword(show) => self.show_password = show,
            Message::Tick(now) => {
                self.now = now;
                if now.saturating_duration_since(self.opened) >= INTRODUCTION {
                    self.introducing = false;
                }
                if self.is_open() && now >= self.session_deadline {
                    self.end(SessionEnd::Expired);
                }
            }
            // Keys pressed in the same instant as the Escape that opened the dialog are
            // judged against the screen as it was before: while the dialog is up, Enter
            // and Escape mean "Stay", never Submit or a second dialog.
            Message::Submit | Message::AskLeave { quit: false } if self.leave_dialog_shown() => {
                return self.update(Message::Stay, client, limits);
            }
            Message::Submit => return self.submit(client, limits),
            Message::Retry => {
                return match self.retry {
                    Some(Request::Regenerate) => self.update(Message::Regenerate, client, limits),
                    Some(Request::Extend) => self.update(Message::Extend, client, limits),
                    Some(Request::Submit) | None => self.submit(client, limits),
                };
            }
            Message::Extend => {
                if self.can_extend() {
                    self.phase = Phase::Open {
                        request: Some(Request::Extend),
                    };
                    let client = client.clone();
                    let token = self.token.clone();
                    return Action::Run(Task::perform(
                        async move { client.extend_session(&token).await },
                        Message::Extended,
                    ));
                }
            }
            Message::Extended(result) => {
                if self.take_answer(Request::Extend) {
                    self.extended(result);
                }
            }
            Message::Reset => {
                // The JUPAS user guide's "Reset": clears the three boxes, nothing else.
                self.code = Zeroizing::default();
                self.password = Zeroizing::default();
                self.confirm = Zeroizing::default();
                self.code_error = None;
                self.confirm_error = None;
                self.refused.clear();
            }
            Message::Regenerate => {
                if self.can_regenerate() {
                    self.phase = Phase::Open {
                        request: Some(Request::Regenerate),
                    };
                    let client = client.clone();
                    let token = self.token.clone();
                    return Action::Run(Task::perform(
                        async move { client.regenerate_code(&token).await },
                        Message::Regenerated,
                    ));
                }
            }
            Message::Regenerated(result) => {
                if self.take_answer(Request::Regenerate) {
                    self.regenerated(result);
                }
            }
            Message::Completed(result) => {
                if self.take_answer(Request::Submit) {
                    match result {
                        Ok(_) => {
                            let login_name = self.identity.login_name.clone();
                            self.clear_secrets();
                            return Action::Done { login_name };
                        }
                        Err(error) => self.failed(&error, Request::Submit),
                    }
                }
            }
            Message::AskLeave { quit } => return self.ask_leave(quit),
            Message::Stay => {
                // While the cancel is being sent, "Stay" is no longer on offer.
                if let Phase::Asking { request, .. } = self.phase {
                    self.phase = Phase::Open { request };
                }
            }
            Message::ConfirmCancel => {
                if let Phase::Asking { why, .. } = self.phase {
                    // Whatever was in flight no longer matters: the session is going.
                    self.phase = Phase::Cancelling { why };
                    let client = client.clone();
                    let token = self.token.clone();
                    return Action::Run(Task::perform(
                        async move { client.cancel(&token).await },
                        Message::Cancelled,
                    ));
                }
            }
            Message::Cancelled(_) => {
                // Leave even if the DELETE failed: the service's session lifetime ends it.
                if let Phase::Cancelling { why } = self.phase {
                    self.phase = Phase::Ended(SessionEnd::Cancelled);
                    self.clear_secrets();
                    return Action::Left {
                        quit: why == LeaveRequest::Quit,
                    };
                }
            }
            Message::OpenUserGuide => return Action::OpenUserGuide,
            Message::StartAgain => {
                if !self.is_open() {
                    self.clear_secrets();
                    return Action::Left { quit: false };
                }
            }
        }
        Action::None
    }

    fn ask_leave(&mut self, quit: bool) -> Action {
        self.phase = match self.phase {
            // Nothing open on the server: leaving loses nothing.
            Phase::Ended(_) if quit => return Action::Left { quit },
            Phase::Ended(_) => return Action::None,
            Phase::Open { request } => {
                // Observable by testers and the real-window test; carries no secrets.
                tracing::info!("leave dialog shown");
                Phase::Asking {
                    why: LeaveRequest::new(quit),
                    request,
                }
            }
            Phase::Asking { why, request } => Phase::Asking {
                why: why.again(quit),
                request,
            },
            Phase::Cancelling { why } => Phase::Cancelling {
                why: why.again(quit),
            },
        };
        Action::None
    }

    fn regenerated(&mut self, result: Result<CodeRegenerated, CallError>) {
        match result {
            Ok(reply) => {
                let secs = Duration::from_secs;
                self.code_deadline = self.now + secs(reply.code_expires_in_s);
                self.regenerate_at = self.now + secs(reply.regenerate_after_s);
                self.session_deadline = self.now + secs(reply.session_expires_in_s);
                self.regenerations_left = Some(reply.regenerations_left);
                self.code = Zeroizing::default();
                self.code_error = None;
                self.notice = Some(Notice::info(Text::new("regenerated")));
            }
            Err(error) => self.failed(&error, Request::Regenerate),
        }
    }

    fn extended(&mut self, result: Result<SessionExtended, CallError>) {
        match result {
            Ok(reply) => {
                let left = Duration::from_secs(reply.session_expires_in_s);
                self.session_deadline = self.now + left;
                self.extensions_left = Some(reply.extensions_left);
                let minutes = left.as_secs().div_ceil(60);
                self.notice = Some(Notice::info(
                    Text::new("session-extended").int("minutes", minutes as i64),
                ));
            }
            Err(error) => self.failed(&error, Request::Extend),
        }
    }

    fn submit(&mut self, client: &ApiClient, limits: &PolicyLimits) -> Action {
        if self.phase != (Phase::Open { request: None }) {
            return Action::None;
        }
        self.code_error = self
            .code
            .trim()
            .is_empty()
            .then(|| Text::new("error-code-missing"));
        let differs = policy::normalize(&self.password) != policy::normalize(&self.confirm);
        self.confirm_error = differs.then(|| Text::new("error-passwords-differ"));
        let live = self.rule_states(limits);
        let unmet = live
            .iter()
            .any(|(rule, state)| *state == RuleState::Unmet && *rule != Rule::EntriesMatch);
        if self.code_error.is_some() {
            self.focus_request = Some(CODE);
            return Action::None;
        }
        if unmet {
            self.notice = Some(Notice::error(Text::new("error-password-policy")));
            self.retry = None;
            self.focus_request = Some(NEW_PASSWORD);
            return Action::None;
        }
        if differs {
            self.focus_request = Some(CONFIRM_PASSWORD);
            return Action::None;
        }
        self.phase = Phase::Open {
            request: Some(Request::Submit),
        };
        self.notice = None;
        let client = client.clone();
        let token = self.token.clone();
        let code = Secret::new(self.code.as_str());
        let password = Secret::new(self.password.as_str());
        Action::Run(Task::perform(
            async move { client.complete(&token, &code, &password).await },
            Message::Completed,
        ))
    }

    /// The service said no: say why, and move focus to the field it is about.
    fn failed(&mut self, error: &CallError, request: Request) {
        if let Some(end) = errors::session_end(error) {
            self.end(end);
            return;
        }
        let notice = errors::notice(error);
        if let CallError::Problem(problem) = error {
            match problem.code {
                // One message, under the box it is about; nothing above Submit repeats it.
                ProblemCode::CodeWrong => {
                    self.code_error = Some(notice.text);
                    self.notice = None;
                    self.retry = None;
                    self.focus_request = Some(CODE);
                    return;
                }
                // The code's countdown, right under the box, now says it has expired and
                // how to get a new one: that is the one message.
                ProblemCode::CodeExpired => {
                    self.code_deadline = self.code_deadline.min(self.now);
                    self.code_error = None;
                    self.notice = None;
                    self.retry = None;
                    self.focus_request = Some(CODE);
                    return;
                }
                ProblemCode::PasswordPolicy => {
                    self.refused = problem.violations.clone().unwrap_or_default();
                    self.focus_request = Some(NEW_PASSWORD);
                }
                ProblemCode::RegenerateLimit => self.regenerations_left = Some(0),
                ProblemCode::ExtendLimit => self.extensions_left = Some(0),
                _ => {}
            }
        }
        self.retry = notice.retry.then_some(request);
        self.notice = Some(notice);
    }

    fn end(&mut self, end: SessionEnd) {
        self.phase = Phase::Ended(end);
        self.clear_secrets();
        self.notice = Some(Notice::error(errors::ended_text(end)));
        self.retry = None;
        self.focus_request = Some(START_AGAIN);
    }

    /// Shared workstation: what was typed is wiped from memory once it is no longer needed.
    fn clear_secrets(&mut self) {
        self.code = Zeroizing::default();
        self.password = Zeroizing::default();
        self.confirm = Zeroizing::default();
    }

    pub fn can_regenerate(&self) -> bool {
        self.phase == (Phase::Open { request: None })
            && self.now >= self.regenerate_at
            && self.regenerations_left != Some(0)
    }

    /// "More time" is on offer: in the session's last two minutes, while extensions last.
    pub fn can_extend(&self) -> bool {
        self.phase == (Phase::Open { request: None })
            && self.session_warning()
            && self.extensions_left != Some(0)
    }

    /// The session's warning is up (its last two minutes).
    pub fn session_warning(&self) -> bool {
        self.is_open() && self.session_time_left() <= timing::SESSION_WARNING
    }

    pub fn regenerate_wait(&self) -> Duration {
        self.regenerate_at.saturating_duration_since(self.now)
    }

    /// How long the code can still be used: never longer than the page stays open.
    pub fn code_time_left(&self) -> Duration {
        self.code_deadline
            .min(self.session_deadline)
            .saturating_duration_since(self.now)
    }

    pub fn session_time_left(&self) -> Duration {
        self.session_deadline.saturating_duration_since(self.now)
    }

    pub fn code_expiring_soon(&self) -> bool {
        let left = self.code_time_left();
        !left.is_zero() && left <= timing::CODE_WARNING
    }

    /// What the code's live region says now; it changes only at 5 min, 1 min and expiry.
    /// Silent while the session ends first: its own announcements say the same.
    pub fn code_announcement(&self) -> Option<Announcement> {
        let code_ends_first = self.code_deadline < self.session_deadline;
        if !self.is_open() || !code_ends_first {
            return None;
        }
        let stage = timing::Stage::of(self.code_time_left(), false);
        timing::code_announcement(stage).map(|text| Announcement::at(stage, text))
    }

    /// What the session's live region says now: at 5 min, at its 2 min warning, at 1 min.
    pub fn session_announcement(&self) -> Option<Announcement> {
        if !self.is_open() {
            return None;
        }
        let stage = timing::Stage::of(self.session_time_left(), true);
        timing::session_announcement(stage).map(|text| Announcement::at(stage, text))
    }

    /// Each guideline's state, as the student types.
    fn rule_states(&self, limits: &PolicyLimits) -> [(Rule, RuleState); 7] {
        let who = PersonalInfo {
            login_name: self.identity.login_name.trim(),
            email: self.identity.email.trim(),
            date_of_birth: self.identity.date_of_birth.trim(),
        };
        let mut states = policy::live_status(limits, &self.password, &self.confirm, &who);
        for (rule, state) in states.iter_mut() {
            if self.refused.iter().any(|v| v.rule() == *rule) {
                *state = RuleState::Unmet;
            }
        }
        states
    }

    /// Keys on this screen; the leave dialog, when shown, takes Enter, Escape and Alt+C.
    pub fn shortcut(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        let enter = keys::is_named(key, Named::Enter);
        let escape = keys::is_named(key, Named::Escape);
        let alt = |c| modifiers.alt() && keys::is_char(key, c);
        let dialog = self.leave_dialog_shown();
        let message = if dialog && (enter || escape) {
            Message::Stay
        } else if dialog && alt("c") {
            Message::ConfirmCancel
        } else if escape {
            Message::AskLeave { quit: false }
        } else if enter && !self.is_open() {
            Message::StartAgain
        } else if enter {
            Message::Submit
        } else if alt("g") {
            Message::Regenerate
        } else if alt("p") {
            Message::ShowPassword(!self.show_password)
        } else if alt("e") {
            Message::Extend
        } else {
            return None;
        };
        Some(message)
    }

    /// The countdowns move on once a second.
    pub fn subscription(&self) -> Subscription<Message> {
        iced::time::every(Duration::from_secs(1)).map(Message::Tick)
    }
}

/// A countdown's announcement: what a screen reader is told, and whether it interrupts.
#[derive(Debug, Clone, PartialEq)]
pub struct Announcement {
    pub text: Text,
    /// Assertive: the last minutes, where waiting for a pause could be too late.
    pub urgent: bool,
}

impl Announcement {
    fn at(stage: timing::Stage, text: Text) -> Announcement {
        Announcement {
            text,
            urgent: stage != timing::Stage::FiveMinutes,
        }
    }
}

/// What the screen shows as text, shared by the drawn view and the accessibility tree so
/// the two always say the same thing.
impl State {
    /// The code's countdown line, and whether it is a warning.
    fn code_clock(&self) -> (Text, bool) {
        let left = self.code_time_left();
        if left.is_zero() {
            (Text::new("code-expired-local"), true)
        } else if self.code_expiring_soon() {
            (Text::new("code-expiring"), true)
        } else {
            (
                Text::new("code-countdown").str("time", timing::clock(left)),
                false,
            )
        }
    }

    /// "This page stays open for 12:34 more."
    fn session_clock(&self) -> Text {
        Text::new("session-countdown").str("time", timing::clock(self.session_time_left()))
    }

    /// The Regenerate button's label: its wait, its limit, or its action.
    fn regenerate_label(&self) -> Text {
        let wait = self.regenerate_wait();
        if self.regenerations_left == Some(0) {
            Text::new("regenerate-none-left")
        } else if !wait.is_zero() {
            Text::new("regenerate-wait").int("seconds", wait.as_secs_f64().ceil() as i64)
        } else if self.request() == Some(Request::Regenerate) {
            Text::new("busy")
        } else {
            Text::new("regenerate")
        }
    }

    /// The "More time" button's label.
    fn extend_label(&self) -> Text {
        if self.request() == Some(Request::Extend) {
            Text::new("busy")
        } else {
            Text::new("session-extend")
        }
    }

    /// Whether anything has been typed in the password boxes: unmet rules turn red only then.
    fn typed(&self) -> bool {
        !self.password.is_empty() || !self.confirm.is_empty()
    }

    /// A notice's Retry is on offer.
    fn retry_offered(&self) -> bool {
        self.is_open() && self.notice.as_ref().is_some_and(|n| n.retry)
    }

    /// The boxes take typing: the session is open, no dialog, no Submit in flight.
    fn editable(&self) -> bool {
        matches!(self.phase, Phase::Open { .. }) && self.request() != Some(Request::Submit)
    }
}

/// A guideline's state in words, for the tooltip and for screen readers.
fn rule_state_text(state: RuleState) -> Text {
    Text::new(match state {
        RuleState::Met => "rule-state-met",
        RuleState::Unmet => "rule-state-unmet",
        RuleState::Informational => "rule-state-info",
        RuleState::CheckedOnSubmit => "rule-state-on-submit",
    })
}

/// The guideline's wording, as data (screen readers get the same text).
fn rule_text(rule: Rule, limits: &PolicyLimits) -> Text {
    match rule {
        Rule::Length => Text::new("rule-length")
            .int("min", limits.min_length as i64)
            .int("max", limits.max_length as i64),
        Rule::NotCommon => Text::new("rule-not-common"),
        Rule::NoPersonalInfo => Text::new("rule-no-personal-info"),
        Rule::NotCurrent => Text::new("rule-not-current"),
        Rule::AnyCharacters => Text::new("rule-any-characters"),
        Rule::CaseSensitive => Text::new("rule-case-sensitive"),
        Rule::EntriesMatch => Text::new("rule-entries-match"),
    }
}
