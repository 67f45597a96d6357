//! Screen 3: "Your password has successfully been changed." and Login. In practice mode
//! Login opens a practice login that proves the new password works.

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{Id, column, container, text};
use iced::{Element, Length, Subscription, Task};
use iced_a11y::accesskit::NodeId;
use iced_a11y::focus::Chain;
use iced_a11y::tree::{self as a11y, Handlers, TextField, Tree};
use zeroize::Zeroizing;

use crate::errors;
use crate::keys;
use crate::text::{Notice, Text, Tone};
use crate::theme;
use crate::widgets::{self, Field};
use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::wire::{Lang, ProblemCode, Secret};

/// Where focus goes when this screen opens: its main button.
pub const FIRST_FOCUS: &str = LOGIN_BUTTON;
pub const LOGIN_BUTTON: &str = "login";
pub const PRACTICE_LOGIN_NAME: &str = "practice-login-name";
pub const PRACTICE_PASSWORD: &str = "practice-password";
/// The practice login's own Login button.
pub const TRY_LOGIN: &str = "practice-try-login";
pub const BACK_TO_START: &str = "success-back-to-start";
/// Retry, when the practice login could not reach the service.
pub const PRACTICE_RETRY: &str = "practice-retry";

pub struct PracticeLogin {
    login_name: String,
    password: Zeroizing<String>,
    pending: bool,
    /// What the practice service said about the password tried last.
    pub result: Option<Notice>,
}

/// Never the password.
impl std::fmt::Debug for PracticeLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PracticeLogin")
            .field("login_name", &self.login_name)
            .field("pending", &self.pending)
            .field("result", &self.result)
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
pub struct State {
    practice: bool,
    /// The practice login, once Login was pressed in practice mode.
    pub login: Option<PracticeLogin>,
    login_name: String,
}

/// The practice password travels as a `Secret` (zeroised on drop, redacted in `Debug`).
#[derive(Debug, Clone)]
pub enum Message {
    Login,
    LoginName(String),
    Password(Secret),
    TryLogin,
    LoggedIn(Result<(), CallError>),
    BackToStart,
}

pub enum Action {
    None,
    Run(Task<Message>),
    OpenLoginPage,
    BackToStart,
}

impl State {
    pub fn new(practice: bool, login_name: String) -> State {
        State {
            practice,
            login: None,
            login_name,
        }
    }

    pub fn update(&mut self, message: Message, client: &ApiClient) -> Action {
        match message {
            Message::Login if self.practice => {
                self.login = Some(PracticeLogin {
                    login_name: self.login_name.clone(),
                    password: Zeroizing::default(),
                    pending: false,
                    result: None,
                });
                return Action::Run(iced::widget::operation::focus(PRACTICE_PASSWORD));
            }
            Message::Login => return Action::OpenLoginPage,
            Message::LoginName(value) => {
                if let Some(login) = &mut self.login {
                    login.login_name = value;
                }
            }
            Message::Password(value) => {
                if let Some(login) = &mut self.login {
                    login.password = value.into_zeroizing();
                    login.result = None;
                }
            }
            Message::TryLogin => {
                if let Some(login) = &mut self.login
                    && !login.pending
                {
                    login.pending = true;
                    let client = client.clone();
                    let name = login.login_name.trim().to_owned();
                    let password = Secret::new(login.password.as_str());
                    return Action::Run(Task::perform(
                        async move { client.practice_login(&name, &password).await.map(|_| ()) },
                        Message::LoggedIn,
                    ));
                }
            }
            Message::LoggedIn(result) => {
                if let Some(login) = &mut self.login {
                    login.pending = false;
                    login.result = Some(match result {
                        Ok(()) => {
                            login.password = Zeroizing::default();
                            Notice::info(Text::new("practice-login-ok"))
                        }
                        Err(CallError::Problem(p)) if p.code == ProblemCode::LoginFailed => {
                            Notice::error(Text::new("practice-login-failed"))
                        }
                        Err(error) => errors::notice(&error),
                    });
                }
            }
            Message::BackToStart => return Action::BackToStart,
        }
        Action::None
    }

    /// Alt+B back to the start; Enter is Login until the practice login is open.
    pub fn shortcut(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        if modifiers.alt() && keys::is_char(key, "b") {
            Some(Message::BackToStart)
        } else if keys::is_named(key, Named::Enter) && self.login.is_none() {
            Some(Message::Login)
        } else {
            None
        }
    }

    /// Nothing on this screen moves by itself.
    pub fn subscription(&self) -> Subscription<Message> {
        Subscription::none()
    }

    /// Focus stops in the order they are drawn: Login, the practice login's boxes and its
    /// Login (once open), Back to the start.
    pub fn focus_chain<M: Clone + 'static>(
        &self,
        chain: Chain<M>,
        wrap: fn(Message) -> M,
    ) -> Chain<M> {
        let mut chain = chain.control(LOGIN_BUTTON, wrap(Message::Login));
        if let Some(login) = &self.login {
            chain = chain
                .input(PRACTICE_LOGIN_NAME)
                .input(PRACTICE_PASSWORD)
                .control(TRY_LOGIN, wrap(Message::TryLogin));
            if login.result.as_ref().is_some_and(|r| r.retry) {
                chain = chain.control(PRACTICE_RETRY, wrap(Message::TryLogin));
            }
        }
        chain.control(BACK_TO_START, wrap(Message::BackToStart))
    }

    /// The screen as a screen reader reads it, in the order it is drawn. The password is
    /// never in it, only its length.
    pub fn accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        tree.push(
            parent,
            "success-title",
            a11y::heading(&tr("success-title"), 1),
        );
        tree.push(parent, "success-note", a11y::label(&tr("success-note")));
        // Enter is Login only until the practice login is open (then Enter logs in there).
        let enter = self.login.is_none().then_some("Enter");
        tree.button(
            parent,
            LOGIN_BUTTON,
            &tr("login"),
            enter,
            wrap(Message::Login),
        );
        if let Some(login) = &self.login {
            self.practice_login_accessibility(login, lang, tree, parent, wrap);
        }
        tree.button(
            parent,
            BACK_TO_START,
            &tr("back-to-start"),
            Some("Alt+B"),
            wrap(Message::BackToStart),
        );
    }

    fn practice_login_accessibility<M: Clone + 'static>(
        &self,
        login: &PracticeLogin,
        lang: Lang,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let form = tree.push(
            parent,
            "practice-login",
            a11y::group(&tr("practice-login-title")),
        );
        tree.push(
            form,
            "practice-login-title",
            a11y::heading(&tr("practice-login-title"), 2),
        );
        tree.push(
            form,
            "practice-login-intro",
            a11y::label(&tr("practice-login-intro")),
        );
        let name_label = tr("field-login-name");
        let name = TextField {
            label: &name_label,
            value: &login.login_name,
            required: true,
            ..TextField::default()
        };
        tree.text_field(
            form,
            PRACTICE_LOGIN_NAME,
            &name,
            Handlers::default().set_value(move |v| wrap(Message::LoginName(v))),
        );
        let password_label = tr("field-password");
        let password = TextField {
            label: &password_label,
            value: &login.password,
            required: true,
            secret: true,
            ..TextField::default()
        };
        tree.text_field(
            form,
            PRACTICE_PASSWORD,
            &password,
            Handlers::default().set_value(move |v| wrap(Message::Password(v.into()))),
        );
        let label = if login.pending {
            tr("busy")
        } else {
            tr("login")
        };
        tree.button(form, TRY_LOGIN, &label, None, wrap(Message::TryLogin));
        if let Some(result) = &login.result {
            let assertive = result.tone == Tone::Error;
            tree.push(
                form,
                "practice-login-result",
                a11y::live(&result.text.render(lang), assertive),
            );
            if result.retry {
                tree.button(
                    form,
                    PRACTICE_RETRY,
                    &tr("retry"),
                    None,
                    wrap(Message::TryLogin),
                );
            }
        }
    }

    /// `focus`: the control with keyboard focus, which gets a ring.
    pub fn view(&self, lang: Lang, focus: Option<&Id>) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let mut content: Vec<Element<'_, Message>> = vec![
            container(
                text(tr("success-title"))
                    .size(22)
                    .font(theme::APP_FONT_BOLD),
            )
            .padding(16)
            .width(Length::Fill)
            .style(theme::success_box)
            .into(),
            widgets::paragraph(lang, "success-note"),
            widgets::focusable(
                LOGIN_BUTTON,
                focus,
                widgets::action(lang, "login", Some(Message::Login), false),
            ),
        ];
        if let Some(login) = &self.login {
            let mut form = column![
                text(tr("practice-login-title"))
                    .size(18)
                    .font(theme::APP_FONT_BOLD),
                widgets::muted(lang, "practice-login-intro"),
                Field::new(PRACTICE_LOGIN_NAME, "field-login-name")
                    .value(&login.login_name)
                    .on_input(Message::LoginName)
                    .on_submit(Message::TryLogin)
                    .view(lang),
                Field::new(PRACTICE_PASSWORD, "field-password")
                    .value(&login.password)
                    .secure(true)
                    .on_input(|value| Message::Password(value.into()))
                    .on_submit(Message::TryLogin)
                    .view(lang),
                widgets::focusable(
                    TRY_LOGIN,
                    focus,
                    widgets::action(lang, "login", Some(Message::TryLogin), login.pending),
                ),
            ]
            .spacing(10);
            if let Some(result) = &login.result {
                let retry = (PRACTICE_RETRY, focus, Message::TryLogin);
                form = form.push(widgets::notice(lang, result, Some(retry)));
            }
            content.push(
                container(form)
                    .padding(16)
                    .width(Length::Fill)
                    .style(theme::panel)
                    .into(),
            );
        }
        content.push(widgets::focusable(
            BACK_TO_START,
            focus,
            widgets::secondary(tr("back-to-start"), Some(Message::BackToStart)),
        ));
        widgets::page(content)
    }
}
