//! The practice mailbox: a second window where the practice service's emails arrive
//! (the JUPAS user guide tells students to fetch the code "in a new tab"). Held in memory
//! only.

use iced::keyboard::{Key, Modifiers};
use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Element, Length, Subscription, Task};
use iced_a11y::accesskit::NodeId;
use iced_a11y::focus::Chain;
use iced_a11y::tree::Tree;

use super::keys;
use super::theme;
use super::widgets;
use jupas_reset_api::wire::Lang;

#[derive(Debug, Clone)]
struct Mail {
    from: String,
    subject: String,
    body: String,
    code: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct State {
    mails: Vec<Mail>,
    selected: Option<usize>,
    copied: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Message {
    Arrived(Vec<u8>),
    Select(usize),
    CopyCode,
}

/// Reads a raw RFC 5322 message; the code is taken from its `Verification Code:` line.
fn parse(raw: &[u8]) -> Option<Mail> {
    let message = mail_parser::MessageParser::default().parse(raw)?;
    let from = message
        .from()
        .and_then(|f| f.first())
        .map(|a| a.name().or(a.address()).unwrap_or_default().to_owned())
        .unwrap_or_default();
    let body = message
        .body_text(0)
        .map(|b| b.into_owned())
        .unwrap_or_default();
    let code = body
        .lines()
        .find_map(|line| line.trim().strip_prefix("Verification Code: "))
        .map(|code| code.trim().to_owned());
    Some(Mail {
        from,
        subject: message.subject().unwrap_or_default().to_owned(),
        body,
        code,
    })
}

impl State {
    pub(crate) fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Arrived(raw) => {
                if let Some(mail) = parse(&raw) {
                    self.mails.insert(0, mail);
                    self.selected = Some(0);
                    self.copied = false;
                }
            }
            Message::Select(index) => {
                self.selected = Some(index);
                self.copied = false;
            }
            Message::CopyCode => {
                if let Some(code) = self.selected_mail().and_then(|m| m.code.clone()) {
                    self.copied = true;
                    return iced::clipboard::write(code);
                }
            }
        }
        Task::none()
    }

    fn selected_mail(&self) -> Option<&Mail> {
        self.selected.and_then(|i| self.mails.get(i))
    }

    /// Ctrl+Shift+C copies the code of the mail being read.
    pub(crate) fn shortcut(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        (modifiers.command() && modifiers.shift() && keys::is_char(key, "c"))
            .then_some(Message::CopyCode)
    }

    /// Mail arrives through the task `App::boot` starts, not a subscription.
    pub(crate) fn subscription(&self) -> Subscription<Message> {
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

    pub(crate) fn view(&self, lang: Lang) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        if self.mails.is_empty() {
            return container(text(tr("mailbox-empty")).size(16))
                .padding(24)
                .into();
        }
        let list = self
            .mails
            .iter()
            .enumerate()
            .fold(column![].spacing(4), |list, (i, mail)| {
                let style = if Some(i) == self.selected {
                    theme::primary_button
                } else {
                    theme::secondary_button
                };
                list.push(
                    button(column![
                        text(&mail.subject).size(13),
                        text(&mail.from).size(11)
                    ])
                    .width(Length::Fill)
                    .style(style)
                    .on_press(Message::Select(i)),
                )
            });
        let mut reading = column![].spacing(8);
        if let Some(mail) = self.selected_mail() {
            let header = |label: String, value: &'_ str| {
                row![
                    text(label).size(13).style(theme::muted_text).width(90),
                    text(value.to_owned()).size(13)
                ]
            };
            reading = reading.push(header(tr("mailbox-from"), &mail.from));
            reading = reading.push(header(tr("mailbox-subject"), &mail.subject));
            if let Some(code) = &mail.code {
                let copy = widgets::secondary(tr("mailbox-copy-code"), Some(Message::CopyCode));
                let mut line =
                    row![text(code).size(28).font(theme::APP_FONT_BOLD), copy].spacing(12);
                if self.copied {
                    line = line.push(text(tr("mailbox-copied")).style(theme::info_text));
                }
                reading = reading.push(line.wrap());
            }
            reading = reading.push(text(&mail.body).size(14));
        }
        row![
            scrollable(list).width(Length::FillPortion(2)),
            scrollable(container(reading).padding(12)).width(Length::FillPortion(5)),
        ]
        .spacing(12)
        .padding(12)
        .into()
    }
}
