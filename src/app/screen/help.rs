//! Screen 4, "Login help": the JUPAS user guide's "Flowchart of Login Failure Solution" as
//! questions answered one at a time, ending in Forgot Password or in contacting the JUPAS
//! Office.

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{column, container, row, text};
use iced::{Element, Length, Subscription};
use iced_a11y::accesskit::NodeId;
use iced_a11y::focus::Chain;
use iced_a11y::tree::Tree;

use crate::keys;
use crate::text::Text;
use crate::theme;
use crate::widgets;
use jupas_reset_api::wire::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    RemembersLoginName,
    RemembersPassword,
    CheckedCapsLock,
    CanReadEmail,
    End(Ending),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    ForgotPassword,
    ContactOffice,
    FindLoginName,
    TryAgain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Security,
    Faq,
    UserGuide,
}

#[derive(Debug, Clone)]
pub struct State {
    step: Step,
    history: Vec<Step>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Answer(bool),
    Back,
    Restart,
    GoToForgotPassword,
    Open(Link),
    Close,
}

pub enum Action {
    None,
    GoToForgotPassword,
    Open(Link),
    Close,
}

impl Default for State {
    fn default() -> Self {
        State {
            step: Step::RemembersLoginName,
            history: Vec::new(),
        }
    }
}

/// The flowchart: where each answer leads.
fn next(step: Step, yes: bool) -> Step {
    match (step, yes) {
        (Step::RemembersLoginName, true) => Step::RemembersPassword,
        (Step::RemembersLoginName, false) => Step::End(Ending::FindLoginName),
        (Step::RemembersPassword, true) => Step::CheckedCapsLock,
        (Step::RemembersPassword, false) => Step::CanReadEmail,
        (Step::CheckedCapsLock, true) => Step::CanReadEmail,
        (Step::CheckedCapsLock, false) => Step::End(Ending::TryAgain),
        (Step::CanReadEmail, true) => Step::End(Ending::ForgotPassword),
        (Step::CanReadEmail, false) => Step::End(Ending::ContactOffice),
        (end @ Step::End(_), _) => end,
    }
}

impl State {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Answer(yes) => {
                if !matches!(self.step, Step::End(_)) {
                    self.history.push(self.step);
                    self.step = next(self.step, yes);
                }
            }
            Message::Back => {
                if let Some(step) = self.history.pop() {
                    self.step = step;
                }
            }
            Message::Restart => *self = State::default(),
            Message::GoToForgotPassword => return Action::GoToForgotPassword,
            Message::Open(link) => return Action::Open(link),
            Message::Close => return Action::Close,
        }
        Action::None
    }

    /// What this step says, as data.
    fn prompt(&self) -> Text {
        Text::new(match self.step {
            Step::RemembersLoginName => "help-q-login-name",
            Step::RemembersPassword => "help-q-password",
            Step::CheckedCapsLock => "help-q-caps",
            Step::CanReadEmail => "help-q-email",
            Step::End(Ending::ForgotPassword) => "help-end-forgot",
            Step::End(Ending::ContactOffice) => "help-end-contact",
            Step::End(Ending::FindLoginName) => "help-end-login-name",
            Step::End(Ending::TryAgain) => "help-end-retry",
        })
    }

    /// Y/N answer, B back, R start over, 1–3 the links, Escape closes; Enter at an end
    /// goes to Forgot Password. No modifier needed: there is no text box here.
    pub fn shortcut(&self, key: &Key, _modifiers: Modifiers) -> Option<Message> {
        let ch = |c| keys::is_char(key, c);
        let ended = matches!(self.step, Step::End(_));
        let message = if keys::is_named(key, Named::Escape) {
            Message::Close
        } else if ch("y") && !ended {
            Message::Answer(true)
        } else if ch("n") && !ended {
            Message::Answer(false)
        } else if ch("b") {
            Message::Back
        } else if ch("r") {
            Message::Restart
        } else if ch("1") {
            Message::Open(Link::Security)
        } else if ch("2") {
            Message::Open(Link::Faq)
        } else if ch("3") {
            Message::Open(Link::UserGuide)
        } else if keys::is_named(key, Named::Enter) && ended {
            Message::GoToForgotPassword
        } else {
            return None;
        };
        Some(message)
    }

    /// Nothing here moves by itself.
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
        let mut step = column![
            text(self.prompt().render(lang))
                .size(18)
                .font(theme::APP_FONT_BOLD)
        ]
        .spacing(12);
        match self.step {
            Step::End(ending) => {
                let mut actions = row![].spacing(10);
                if matches!(ending, Ending::ForgotPassword | Ending::TryAgain) {
                    actions = actions.push(widgets::action(
                        lang,
                        "help-go-forgot",
                        Some(Message::GoToForgotPassword),
                        false,
                    ));
                }
                actions = actions.push(widgets::secondary(
                    tr("help-restart"),
                    Some(Message::Restart),
                ));
                step = step.push(actions.wrap());
            }
            _ => {
                step = step.push(
                    row![
                        widgets::action(lang, "help-a-yes", Some(Message::Answer(true)), false),
                        widgets::action(lang, "help-a-no", Some(Message::Answer(false)), false),
                    ]
                    .spacing(10)
                    .wrap(),
                );
            }
        }
        if !self.history.is_empty() {
            step = step.push(widgets::secondary(tr("help-back"), Some(Message::Back)));
        }
        let links = row![
            widgets::secondary(
                tr("help-link-security"),
                Some(Message::Open(Link::Security))
            ),
            widgets::secondary(tr("help-link-faq"), Some(Message::Open(Link::Faq))),
            widgets::secondary(tr("help-link-guide"), Some(Message::Open(Link::UserGuide))),
        ]
        .spacing(8)
        .wrap();
        widgets::page(vec![
            widgets::title(lang, "help-title"),
            widgets::paragraph(lang, "help-intro"),
            container(step)
                .padding(16)
                .width(Length::Fill)
                .style(theme::panel)
                .into(),
            text(tr("help-links")).font(theme::APP_FONT_BOLD).into(),
            links.into(),
            widgets::secondary(tr("help-close"), Some(Message::Close)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_ends_in_forgot_password_or_a_contact() {
        let questions = [
            Step::RemembersLoginName,
            Step::RemembersPassword,
            Step::CheckedCapsLock,
            Step::CanReadEmail,
        ];
        for start in questions {
            for answers in 0..16u8 {
                let mut step = start;
                for i in 0..4 {
                    step = next(step, answers & (1 << i) != 0);
                }
                assert!(
                    matches!(step, Step::End(_)),
                    "{start:?} {answers:b} -> {step:?}"
                );
            }
        }
        assert_eq!(
            next(Step::CanReadEmail, false),
            Step::End(Ending::ContactOffice)
        );
        assert_eq!(
            next(Step::CanReadEmail, true),
            Step::End(Ending::ForgotPassword)
        );
    }
}
