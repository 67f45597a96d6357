//! Screen 3: "Your password has successfully been changed." and Login. In practice mode
//! Login opens a practice login that proves the new password works.

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{column, container, text};
use iced::{Element, Length, Subscription, Task};
use iced_a11y::accesskit::NodeId;
use iced_a11y::focus::Chain;
use iced_a11y::tree::Tree;
use zeroize::Zeroizing;

use crate::errors;
use crate::keys;
use crate::text::{Notice, Text};
use crate::theme;
use crate::widgets::{self, Field};
use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::wire::{Lang, ProblemCode, Secret};

/// Where focus goes when this screen opens: its main button.
pub(crate) const FIRST_FOCUS: &str = LOGIN_BUTTON;
const LOGIN_BUTTON: &str = "login";
const PRACTICE_LOGIN_NAME: &str = "practice-login-name";
const PRACTICE_PASSWORD: &str = "practice-password";

#[derive(Debug)]
pub struct PracticeLogin {
    login_name: String,
    password: Zeroizing<String>,
    pending: bool,
    /// What the practice service said about the password tried last.
    pub result: Option<Notice>,
}

#[derive(Debug)]
pub struct State {
    practice: bool,
    /// The practice login, once Login was pressed in practice mode.
    pub login: Option<PracticeLogin>,
    login_name: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    Login,
    LoginName(String),
    Password(String),
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
                    login.password = Zeroizing::new(value);
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

    /// Focus stops of this screen, in the order they are drawn.
    pub(crate) fn focus_chain<M: Clone + 'static>(
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
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let _ = (lang, tree, parent, wrap);
    }

    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
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
            widgets::action(lang, "login", Some(Message::Login), false),
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
                    .on_input(Message::Password)
                    .on_submit(Message::TryLogin)
                    .view(lang),
                widgets::action(lang, "login", Some(Message::TryLogin), login.pending),
            ]
            .spacing(10);
            if let Some(result) = &login.result {
                form = form.push(widgets::notice(lang, result, None));
            }
            content.push(
                container(form)
                    .padding(16)
                    .width(Length::Fill)
                    .style(theme::panel)
                    .into(),
            );
        }
        content.push(widgets::secondary(
            tr("back-to-start"),
            Some(Message::BackToStart),
        ));
        widgets::page(content)
    }
}
