//! Screen 2, "Change Password / 更改密碼": the four red warnings, the verification code,
//! the new password twice, the seven guidelines ticked live, and the code's countdown.
//! While the session is open nothing leaves this screen but a successful Submit or a
//! confirmed "Cancel password reset".

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{checkbox, column, container, row, text};
use iced::{Element, Length, Subscription, Task};
use iced_a11y::accesskit::NodeId;
use iced_a11y::focus::Chain;
use iced_a11y::tree::Tree;
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

use crate::errors;
use crate::keys;
use crate::screen::forgot::Identity;
use crate::text::{Notice, Text};
use crate::theme;
use crate::widgets::{self, Field};
use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::policy::{self, PersonalInfo, PolicyLimits, Rule, RuleState, Violation};
use jupas_reset_api::wire::{
    CodeRegenerated, Lang, PasswordChanged, ProblemCode, ResetStarted, Secret, SessionEnd,
};

pub const CODE: &str = "verification-code";
pub const NEW_PASSWORD: &str = "new-password";
const CONFIRM_PASSWORD: &str = "confirm-password";

/// The JUPAS user guide's four red warnings, in order.
const WARNINGS: [Text; 4] = [
    Text::new("warning-leave"),
    Text::new("warning-stay"),
    Text::new("warning-enter"),
    Text::new("warning-invalid"),
];

/// How long before the code expires the student is warned.
const EXPIRY_WARNING: Duration = Duration::from_secs(60);

/// A request sent while the page is open, not yet answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Request {
    Submit,
    Regenerate,
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
    code_error: Option<Text>,
    confirm_error: Option<Text>,
    notice: Option<Notice>,
    /// Rules the service said the last submitted password broke.
    refused: Vec<Violation>,
    phase: Phase,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("verify::State")
            .field("phase", &self.phase)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Code(String),
    Password(String),
    Confirm(String),
    ShowPassword(bool),
    Submit,
    Reset,
    Regenerate,
    Tick(Instant),
    Completed(Result<PasswordChanged, CallError>),
    Regenerated(Result<CodeRegenerated, CallError>),
    /// Escape, or a close request with `quit`.
    AskLeave {
        quit: bool,
    },
    Stay,
    ConfirmCancel,
    Cancelled(Result<(), CallError>),
    StartAgain,
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
            code_error: None,
            confirm_error: None,
            notice: Some(Notice::info(Text::new("verify-sent"))),
            refused: Vec::new(),
            phase: Phase::Open { request: None },
        }
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

    /// The Submit or Regenerate in flight, if any.
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
                self.code = Zeroizing::new(value);
                self.code_error = None;
            }
            Message::Password(value) => {
                self.password = Zeroizing::new(value);
                self.refused.clear();
            }
            Message::Confirm(value) => {
                self.confirm = Zeroizing::new(value);
                self.confirm_error = None;
            }
            Message::ShowPassword(show) => self.show_password = show,
            Message::Tick(now) => {
                self.now = now;
                if self.is_open() && now >= self.session_deadline {
                    self.end(SessionEnd::Expired);
                }
            }
            Message::Submit => return self.submit(client, limits),
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
                        Err(error) => self.failed(&error),
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
                self.notice = Some(Notice::info(Text::new("regenerated")));
            }
            Err(error) => self.failed(&error),
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
            return Action::Run(iced::widget::operation::focus(CODE));
        }
        if unmet {
            self.notice = Some(Notice::error(Text::new("error-password-policy")));
            return Action::Run(iced::widget::operation::focus(NEW_PASSWORD));
        }
        if differs {
            return Action::Run(iced::widget::operation::focus(CONFIRM_PASSWORD));
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

    fn failed(&mut self, error: &CallError) {
        if let Some(end) = errors::session_end(error) {
            self.end(end);
            return;
        }
        let notice = errors::notice(error);
        if let CallError::Problem(problem) = error {
            match problem.code {
                ProblemCode::CodeWrong | ProblemCode::CodeExpired => {
                    self.code_error = Some(notice.text.clone());
                }
                ProblemCode::PasswordPolicy => {
                    self.refused = problem.violations.clone().unwrap_or_default();
                }
                ProblemCode::RegenerateLimit => self.regenerations_left = Some(0),
                _ => {}
            }
        }
        self.notice = Some(notice);
    }

    fn end(&mut self, end: SessionEnd) {
        self.phase = Phase::Ended(end);
        self.clear_secrets();
        self.notice = Some(Notice::error(errors::ended_text(end)));
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

    pub fn regenerate_wait(&self) -> Duration {
        self.regenerate_at.saturating_duration_since(self.now)
    }

    pub fn code_time_left(&self) -> Duration {
        self.code_deadline.saturating_duration_since(self.now)
    }

    pub fn code_expiring_soon(&self) -> bool {
        let left = self.code_time_left();
        !left.is_zero() && left <= EXPIRY_WARNING
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
        } else {
            return None;
        };
        Some(message)
    }

    /// The countdowns move on once a second.
    pub fn subscription(&self) -> Subscription<Message> {
        iced::time::every(Duration::from_secs(1)).map(Message::Tick)
    }

    /// Focus stops of this screen, in the order they are drawn.
    pub(crate) fn focus_chain<M: Clone + 'static>(
        &self,
        chain: Chain<M>,
        wrap: fn(Message) -> M,
    ) -> Chain<M> {
        let _ = wrap;
        chain
    }

    /// The leave dialog's buttons: while it is up, focus stays inside it.
    pub(crate) fn dialog_focus_chain<M: Clone + 'static>(
        &self,
        chain: Chain<M>,
        wrap: fn(Message) -> M,
    ) -> Chain<M> {
        let _ = wrap;
        chain
    }

    /// This screen's part of the window's accessibility tree.
    pub(crate) fn accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        limits: &PolicyLimits,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let _ = (lang, limits, tree, parent, wrap);
    }

    pub fn view(&self, lang: Lang, limits: &PolicyLimits) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let open = matches!(self.phase, Phase::Open { .. });
        let busy = self.request() == Some(Request::Submit);
        let mut content: Vec<Element<'_, Message>> = vec![widgets::title(lang, "verify-title")];
        for warning in &WARNINGS {
            content.push(
                container(
                    text(warning.render(lang))
                        .size(16)
                        .font(theme::APP_FONT_BOLD),
                )
                .padding(10)
                .width(Length::Fill)
                .style(theme::warning_box)
                .into(),
            );
        }
        if !self.is_open() {
            content.push(
                text(tr("ended-title"))
                    .size(20)
                    .font(theme::APP_FONT_BOLD)
                    .into(),
            );
            if let Some(notice) = &self.notice {
                content.push(widgets::notice(lang, notice, None));
            }
            content.push(widgets::action(
                lang,
                "start-again",
                Some(Message::StartAgain),
                false,
            ));
            return widgets::page(content);
        }
        let editable = open && !busy;
        let hidden = !self.show_password;
        content.push(
            Field::new(CODE, "field-verification-code")
                .value(&self.code)
                .error(self.code_error.as_ref())
                .on_input(Message::Code)
                .editable(editable)
                .on_submit(Message::Submit)
                .view(lang),
        );
        content.push(self.countdown(lang));
        content.push(
            Field::new(NEW_PASSWORD, "field-new-password")
                .value(&self.password)
                .secure(hidden)
                .on_input(Message::Password)
                .editable(editable)
                .on_submit(Message::Submit)
                .view(lang),
        );
        content.push(
            Field::new(CONFIRM_PASSWORD, "field-confirm-password")
                .value(&self.confirm)
                .secure(hidden)
                .error(self.confirm_error.as_ref())
                .on_input(Message::Confirm)
                .editable(editable)
                .on_submit(Message::Submit)
                .view(lang),
        );
        content.push(
            checkbox(self.show_password)
                .label(tr("show-password"))
                .on_toggle(Message::ShowPassword)
                .style(theme::check_box)
                .into(),
        );
        if let Some(notice) = &self.notice {
            content.push(widgets::notice(
                lang,
                notice,
                Some(("retry-submit", None, Message::Submit)),
            ));
        }
        content.push(
            row![
                widgets::action(lang, "submit", open.then_some(Message::Submit), busy),
                widgets::secondary(tr("reset"), (open && !busy).then_some(Message::Reset)),
            ]
            .spacing(10)
            .wrap()
            .into(),
        );
        content.push(self.guidelines(lang, limits));
        content.push(self.regenerate_button(lang));
        widgets::page(content)
    }

    fn countdown(&self, lang: Lang) -> Element<'_, Message> {
        let left = self.code_time_left();
        let (message, style): (Text, fn(&iced::Theme) -> text::Style) = if left.is_zero() {
            (Text::new("code-expired-local"), theme::error_text)
        } else if self.code_expiring_soon() {
            (Text::new("code-expiring"), theme::error_text)
        } else {
            let secs = left.as_secs();
            let time = format!("{}:{:02}", secs / 60, secs % 60);
            (
                Text::new("code-countdown").str("time", time),
                theme::info_text,
            )
        };
        text(message.render(lang)).size(14).style(style).into()
    }

    fn guidelines(&self, lang: Lang, limits: &PolicyLimits) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let mut list = column![text(tr("guidelines-title")).font(theme::APP_FONT_BOLD)].spacing(4);
        let typed = !self.password.is_empty() || !self.confirm.is_empty();
        for (rule, state) in self.rule_states(limits) {
            let (mark, style, word): (&str, fn(&iced::Theme) -> text::Style, String) = match state {
                RuleState::Met => ("✓", theme::info_text, tr("rule-state-met")),
                // Nothing typed yet: not a mistake, so not red.
                RuleState::Unmet if !typed => ("•", theme::muted_text, tr("rule-state-unmet")),
                RuleState::Unmet => ("×", theme::error_text, tr("rule-state-unmet")),
                RuleState::Informational => ("•", theme::muted_text, tr("rule-state-info")),
                RuleState::CheckedOnSubmit => ("•", theme::muted_text, tr("rule-state-on-submit")),
            };
            let line = rule_text(rule, limits).render(lang);
            let mark = iced::widget::tooltip(
                text(mark).size(16).style(style).width(22),
                container(text(word).size(13))
                    .padding(4)
                    .style(theme::panel),
                iced::widget::tooltip::Position::Left,
            );
            list = list.push(row![mark, text(line).size(14).style(style)].spacing(6));
        }
        container(list)
            .padding(12)
            .width(Length::Fill)
            .style(theme::panel)
            .into()
    }

    fn regenerate_button(&self, lang: Lang) -> Element<'_, Message> {
        let wait = self.regenerate_wait();
        let label = if self.regenerations_left == Some(0) {
            jupas_reset_i18n::tr(lang, "regenerate-none-left")
        } else if !wait.is_zero() {
            Text::new("regenerate-wait")
                .int("seconds", wait.as_secs_f64().ceil() as i64)
                .render(lang)
        } else if self.request() == Some(Request::Regenerate) {
            jupas_reset_i18n::tr(lang, "busy")
        } else {
            jupas_reset_i18n::tr(lang, "regenerate")
        };
        widgets::secondary(label, self.can_regenerate().then_some(Message::Regenerate))
    }

    /// "Leave this page?" — drawn over the screen by the parent. "Stay" is the default.
    pub fn dialog(&self, lang: Lang) -> Option<Element<'_, Message>> {
        let cancelling = match self.phase {
            Phase::Asking { .. } => false,
            Phase::Cancelling { .. } => true,
            Phase::Open { .. } | Phase::Ended(_) => return None,
        };
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let dialog = column![
            text(tr("leave-title")).size(22).font(theme::APP_FONT_BOLD),
            text(tr("leave-body")).size(15),
            row![
                iced::widget::button(text(tr("leave-stay")).size(16))
                    .padding([8, 18])
                    .style(theme::primary_button)
                    .on_press_maybe((!cancelling).then_some(Message::Stay)),
                iced::widget::button(
                    text(if cancelling {
                        tr("busy")
                    } else {
                        tr("leave-cancel")
                    })
                    .size(16)
                )
                .padding([8, 18])
                .style(theme::danger_button)
                .on_press_maybe((!cancelling).then_some(Message::ConfirmCancel)),
            ]
            .spacing(12)
            .wrap(),
        ]
        .spacing(14)
        .max_width(520);
        Some(container(dialog).padding(24).style(theme::panel).into())
    }
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
