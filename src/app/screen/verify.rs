//! Screen 2, "Change Password / 更改密碼": the four red warnings, the verification code,
//! the new password twice, the seven guidelines ticked live, and the code's countdown.
//! While the session is open nothing leaves this screen but a successful Submit or a
//! confirmed "Cancel password reset".

use iced::widget::{checkbox, column, container, row, text};
use iced::{Element, Length, Task};
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

use crate::errors;
use crate::screen::forgot::Identity;
use crate::text::{Notice, Text};
use crate::theme;
use crate::widgets::{self, Input};
use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::policy::{self, PersonalInfo, PolicyLimits, Rule, RuleState, Violation};
use jupas_reset_api::wire::{
    CodeRegenerated, PasswordChanged, ProblemCode, ResetStarted, Secret, SessionEnd,
};

pub const CODE: &str = "verification-code";
pub const NEW_PASSWORD: &str = "new-password";
pub const CONFIRM_PASSWORD: &str = "confirm-password";
pub const FOCUS_ORDER: [&str; 3] = [CODE, NEW_PASSWORD, CONFIRM_PASSWORD];

/// The seed's four red warnings, in order.
pub const WARNINGS: [&str; 4] = [
    "warning-leave",
    "warning-stay",
    "warning-enter",
    "warning-invalid",
];

/// How long before the code expires the student is warned.
const EXPIRY_WARNING: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Submit,
    Regenerate,
    Cancel,
}

/// Why the leave dialog is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaveRequest {
    /// Escape, or a button that would leave the page.
    Navigate,
    /// The window's close button, Alt+F4, Cmd+Q.
    Quit,
}

pub struct State {
    pub identity: Identity,
    token: Secret,
    pub code: Zeroizing<String>,
    pub password: Zeroizing<String>,
    pub confirm: Zeroizing<String>,
    pub show_password: bool,
    pub limits: PolicyLimits,
    pub now: Instant,
    pub code_deadline: Instant,
    pub session_deadline: Instant,
    pub regenerate_at: Instant,
    pub regenerations_left: Option<u32>,
    pub code_error: Option<Text>,
    pub confirm_error: Option<Text>,
    pub notice: Option<Notice>,
    /// Rules the service said the last submitted password broke.
    pub refused: Vec<Violation>,
    pub pending: Option<Pending>,
    pub leave: Option<LeaveRequest>,
    pub ended: Option<SessionEnd>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("verify::State")
            .field("pending", &self.pending)
            .field("leave", &self.leave)
            .field("ended", &self.ended)
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
    pub fn new(
        identity: Identity,
        started: ResetStarted,
        limits: PolicyLimits,
        now: Instant,
    ) -> State {
        let secs = Duration::from_secs;
        State {
            identity,
            token: started.reset_token,
            code: Zeroizing::default(),
            password: Zeroizing::default(),
            confirm: Zeroizing::default(),
            show_password: false,
            limits,
            now,
            code_deadline: now + secs(started.code_expires_in_s),
            session_deadline: now + secs(started.session_expires_in_s),
            regenerate_at: now + secs(started.regenerate_after_s),
            regenerations_left: None,
            code_error: None,
            confirm_error: None,
            notice: Some(Notice::info(Text::new("verify-sent"))),
            refused: Vec::new(),
            pending: None,
            leave: None,
            ended: None,
        }
    }

    /// Whether a reset session is open on the server (leaving must be confirmed).
    pub fn is_open(&self) -> bool {
        self.ended.is_none()
    }

    pub fn token(&self) -> &Secret {
        &self.token
    }

    pub fn update(&mut self, message: Message, client: &ApiClient) -> Action {
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
                if self.ended.is_none() && now >= self.session_deadline {
                    self.end(SessionEnd::Expired);
                }
            }
            Message::Submit => return self.submit(client),
            Message::Reset => {
                // The seed's "Reset": clears the three boxes, nothing else.
                self.code = Zeroizing::default();
                self.password = Zeroizing::default();
                self.confirm = Zeroizing::default();
                self.code_error = None;
                self.confirm_error = None;
                self.refused.clear();
            }
            Message::Regenerate => {
                if self.can_regenerate() {
                    self.pending = Some(Pending::Regenerate);
                    let client = client.clone();
                    let token = self.token.clone();
                    return Action::Run(Task::perform(
                        async move { client.regenerate_code(&token).await },
                        Message::Regenerated,
                    ));
                }
            }
            // Answers only count for the request that is pending (never a stale one).
            Message::Regenerated(result) if self.pending == Some(Pending::Regenerate) => {
                self.pending = None;
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
            Message::Completed(result) if self.pending == Some(Pending::Submit) => {
                self.pending = None;
                match result {
                    Ok(_) => {
                        let login_name = self.identity.login_name.clone();
                        self.clear_secrets();
                        return Action::Done { login_name };
                    }
                    Err(error) => self.failed(&error),
                }
            }
            Message::AskLeave { quit } => {
                if self.ended.is_some() {
                    // Nothing open on the server: leaving loses nothing.
                    return if quit {
                        Action::Left { quit }
                    } else {
                        Action::None
                    };
                }
                self.leave = Some(match (self.leave, quit) {
                    (Some(LeaveRequest::Quit), _) | (_, true) => LeaveRequest::Quit,
                    _ => LeaveRequest::Navigate,
                });
            }
            Message::Stay => self.leave = None,
            Message::ConfirmCancel => {
                if self.leave.is_some() && self.pending != Some(Pending::Cancel) {
                    self.pending = Some(Pending::Cancel);
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
                if self.pending == Some(Pending::Cancel) {
                    let quit = self.leave == Some(LeaveRequest::Quit);
                    self.pending = None;
                    self.leave = None;
                    self.ended = Some(SessionEnd::Cancelled);
                    self.clear_secrets();
                    return Action::Left { quit };
                }
            }
            Message::Regenerated(_) | Message::Completed(_) => {}
            Message::StartAgain => {
                if self.ended.is_some() {
                    self.clear_secrets();
                    return Action::Left { quit: false };
                }
            }
        }
        Action::None
    }

    fn submit(&mut self, client: &ApiClient) -> Action {
        if self.pending.is_some() || self.ended.is_some() || self.leave.is_some() {
            return Action::None;
        }
        self.code_error = self
            .code
            .trim()
            .is_empty()
            .then(|| Text::new("error-code-missing"));
        let differs = policy::normalize(&self.password) != policy::normalize(&self.confirm);
        self.confirm_error = differs.then(|| Text::new("error-passwords-differ"));
        let live = self.rule_states();
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
        self.pending = Some(Pending::Submit);
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
        self.ended = Some(end);
        self.leave = None;
        self.pending = None;
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
        self.pending.is_none()
            && self.ended.is_none()
            && self.leave.is_none()
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
    pub fn rule_states(&self) -> [(Rule, RuleState); 7] {
        let who = PersonalInfo {
            login_name: self.identity.login_name.trim(),
            email: self.identity.email.trim(),
            date_of_birth: self.identity.date_of_birth.trim(),
        };
        let mut states = policy::live_status(&self.limits, &self.password, &self.confirm, &who);
        for (rule, state) in states.iter_mut() {
            if self.refused.iter().any(|v| v.rule() == *rule) {
                *state = RuleState::Unmet;
            }
        }
        states
    }

    pub fn view(&self, lang: jupas_reset_api::wire::Lang) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let open = self.ended.is_none() && self.leave.is_none();
        let busy = self.pending == Some(Pending::Submit);
        let mut content: Vec<Element<'_, Message>> = vec![widgets::title(lang, "verify-title")];
        for id in WARNINGS {
            content.push(
                container(text(tr(id)).size(16).font(theme::APP_FONT_BOLD))
                    .padding(10)
                    .width(Length::Fill)
                    .style(theme::warning_box)
                    .into(),
            );
        }
        if self.ended.is_some() {
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
        let field = |id, label, value, error, secure, on_input| {
            field(lang, editable, id, label, value, error, secure, on_input)
        };
        content.push(field(
            CODE,
            "field-verification-code",
            &self.code,
            self.code_error.as_ref(),
            false,
            Message::Code,
        ));
        content.push(self.countdown(lang));
        let hidden = !self.show_password;
        content.push(field(
            NEW_PASSWORD,
            "field-new-password",
            &self.password,
            None,
            hidden,
            Message::Password,
        ));
        content.push(field(
            CONFIRM_PASSWORD,
            "field-confirm-password",
            &self.confirm,
            self.confirm_error.as_ref(),
            hidden,
            Message::Confirm,
        ));
        content.push(
            checkbox(self.show_password)
                .label(tr("show-password"))
                .on_toggle(Message::ShowPassword)
                .into(),
        );
        if let Some(notice) = &self.notice {
            content.push(widgets::notice(lang, notice, Some(Message::Submit)));
        }
        content.push(
            row![
                widgets::action(lang, "submit", open.then_some(Message::Submit), busy),
                widgets::secondary(tr("reset"), (open && !busy).then_some(Message::Reset)),
            ]
            .spacing(10)
            .into(),
        );
        content.push(self.guidelines(lang));
        content.push(self.regenerate_button(lang));
        widgets::page(content)
    }

    fn countdown(&self, lang: jupas_reset_api::wire::Lang) -> Element<'_, Message> {
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

    fn guidelines(&self, lang: jupas_reset_api::wire::Lang) -> Element<'_, Message> {
        let mut list = column![
            text(jupas_reset_i18n::tr(lang, "guidelines-title")).font(theme::APP_FONT_BOLD)
        ]
        .spacing(4);
        let typed = !self.password.is_empty() || !self.confirm.is_empty();
        for (rule, state) in self.rule_states() {
            let (mark, style, word): (&str, fn(&iced::Theme) -> text::Style, &str) = match state {
                RuleState::Met => ("✓", theme::info_text, "rule-state-met"),
                // Nothing typed yet: not a mistake, so not red.
                RuleState::Unmet if !typed => ("•", theme::muted_text, "rule-state-unmet"),
                RuleState::Unmet => ("×", theme::error_text, "rule-state-unmet"),
                RuleState::Informational => ("•", theme::muted_text, "rule-state-info"),
                RuleState::CheckedOnSubmit => ("•", theme::muted_text, "rule-state-on-submit"),
            };
            let line = rule_text(rule, &self.limits).render(lang);
            let mark = iced::widget::tooltip(
                text(mark).size(16).style(style).width(22),
                container(text(jupas_reset_i18n::tr(lang, word)).size(13))
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

    fn regenerate_button(&self, lang: jupas_reset_api::wire::Lang) -> Element<'_, Message> {
        let wait = self.regenerate_wait();
        let label = if self.regenerations_left == Some(0) {
            jupas_reset_i18n::tr(lang, "regenerate-none-left")
        } else if !wait.is_zero() {
            Text::new("regenerate-wait")
                .int("seconds", wait.as_secs_f64().ceil() as i64)
                .render(lang)
        } else if self.pending == Some(Pending::Regenerate) {
            jupas_reset_i18n::tr(lang, "busy")
        } else {
            jupas_reset_i18n::tr(lang, "regenerate")
        };
        widgets::secondary(label, self.can_regenerate().then_some(Message::Regenerate))
    }
}

#[allow(clippy::too_many_arguments)]
fn field<'a>(
    lang: jupas_reset_api::wire::Lang,
    editable: bool,
    id: &'static str,
    label: &'static str,
    value: &'a str,
    error: Option<&'a Text>,
    secure: bool,
    on_input: fn(String) -> Message,
) -> Element<'a, Message> {
    widgets::input(
        lang,
        Input {
            id,
            label,
            value,
            error,
            placeholder: None,
            secure,
            on_input: editable.then_some(on_input),
            on_submit: Some(Message::Submit),
        },
    )
}

/// The guideline's wording, as data (screen readers get the same text).
pub fn rule_text(rule: Rule, limits: &PolicyLimits) -> Text {
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

impl State {
    /// "Leave this page?" — drawn over the screen by the parent. "Stay" is the default.
    pub fn dialog(&self, lang: jupas_reset_api::wire::Lang) -> Option<Element<'_, Message>> {
        self.leave?;
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let cancelling = self.pending == Some(Pending::Cancel);
        let dialog = column![
            text(tr("leave-title")).size(22).font(theme::APP_FONT_BOLD),
            text(tr("leave-body")).size(15),
            row![
                iced::widget::button(text(tr("leave-stay")).size(16))
                    .padding([8, 18])
                    .style(iced::widget::button::primary)
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
                .style(iced::widget::button::danger)
                .on_press_maybe((!cancelling).then_some(Message::ConfirmCancel)),
            ]
            .spacing(12),
        ]
        .spacing(14)
        .max_width(520);
        Some(container(dialog).padding(24).style(theme::panel).into())
    }
}
