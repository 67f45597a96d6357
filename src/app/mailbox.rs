//! The practice mailbox: a second window where the practice service's emails arrive
//! (the JUPAS user guide tells students to fetch the code "in a new tab"). Held in memory
//! only. Each mail shows when it came; a code a newer one replaced says so; the bilingual
//! mail reads in the app's language first.

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{Id, button, column, container, row, scrollable, text};
use iced::{Element, Length, Subscription, Task};
use iced_a11y::accesskit::NodeId;
use iced_a11y::focus::Chain;
use iced_a11y::tree::{self as a11y, Handlers, Tree};

use super::access::MAILBOX_PAGE;
use super::keys;
use super::text::Text;
use super::theme;
use super::widgets;
use jupas_reset_api::wire::{Lang, Secret};
use std::time::Duration;

/// Below this width (logical pixels) the list of mails and the open mail no longer fit
/// side by side without breaking words: the mail goes below the list.
const NARROW_BELOW: f32 = 520.0;

/// The "Copy verification code" button.
pub const COPY_CODE: &str = "mailbox-copy";

/// How long a copied code stays on the clipboard (if nothing else was copied since).
pub const CLIPBOARD_LIFETIME: Duration = Duration::from_secs(60);

#[derive(Clone)]
struct Mail {
    /// Given on arrival and never reused: the mail's control keeps its id (and focus) when
    /// newer mail pushes it down the list.
    number: u64,
    from: String,
    /// Whom it was sent to: a newer code replaces only the codes of the same address.
    to: String,
    subject: String,
    body: String,
    code: Option<String>,
    /// A newer verification code was sent to the same address: this one no longer works.
    superseded: bool,
    /// When it was sent (its `Date:` header), seconds since 1970.
    received: Option<i64>,
}

/// A mail carries a verification code: never in `Debug`.
impl std::fmt::Debug for Mail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mail")
            .field("number", &self.number)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

impl Mail {
    /// The key of this mail's node, and the id of the control that selects it.
    fn key(&self) -> String {
        format!("mail-{}", self.number)
    }

    fn control(&self) -> Id {
        Id::from(self.key())
    }

    /// The time received, as Hong Kong time (the JUPAS Office's, and the service's mail's).
    fn received(&self) -> String {
        let hkt = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
        let format = time::macros::format_description!("[hour]:[minute]");
        self.received
            .and_then(|at| time::OffsetDateTime::from_unix_timestamp(at).ok())
            .and_then(|at| at.to_offset(hkt).format(&format).ok())
            .map(|at| format!("{at} HKT"))
            .unwrap_or_else(|| "–".to_owned())
    }

    /// What the list says of this mail: subject, time received and its code if it has one
    /// (and whether a newer code replaced it).
    fn summary(&self, lang: Lang) -> Text {
        let summary = match &self.code {
            Some(code) if self.superseded => {
                Text::new("mailbox-item-code-superseded").str("code", code.as_str())
            }
            Some(code) => Text::new("mailbox-item-code").str("code", code.as_str()),
            None => Text::new("mailbox-item"),
        };
        summary
            .str("subject", self.subject_in(lang))
            .str("time", self.received())
    }

    /// "English / 中文": the app's language first.
    fn subject_in(&self, lang: Lang) -> String {
        match self.subject.split_once(" / ") {
            Some((first, second)) if wants_swap(first, second, lang) => {
                format!("{second} / {first}")
            }
            _ => self.subject.clone(),
        }
    }

    /// The body, the part in the app's language first: the service writes English, a line
    /// of `―`, then Chinese.
    fn body_in(&self, lang: Lang) -> String {
        let lines: Vec<&str> = self.body.lines().collect();
        let rule = lines
            .iter()
            .position(|line| line.chars().count() >= 4 && line.chars().all(|c| c == '―'));
        let Some(rule) = rule else {
            return self.body.clone();
        };
        let first = lines[..rule].join("\n");
        let second = lines[rule + 1..].join("\n");
        if !wants_swap(&first, &second, lang) {
            return self.body.clone();
        }
        format!(
            "{}\n\n{}\n\n{}",
            second.trim_matches('\n'),
            lines[rule],
            first.trim_matches('\n')
        )
    }
}

/// Whether two halves, English and Chinese in some order, should change places for `lang`.
fn wants_swap(first: &str, second: &str, lang: Lang) -> bool {
    let chinese = |text: &str| text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    match lang {
        Lang::ZhHk => !chinese(first) && chinese(second),
        Lang::En => chinese(first) && !chinese(second),
    }
}

#[derive(Debug)]
pub struct State {
    mails: Vec<Mail>,
    selected: Option<usize>,
    copied: bool,
    arrived: u64,
    /// The code this app last put on the clipboard (and which copy it was), until cleared.
    on_clipboard: Option<(u64, Secret)>,
    copies: u64,
    clipboard_lifetime: Duration,
}

impl Default for State {
    fn default() -> Self {
        State::with_clipboard_lifetime(CLIPBOARD_LIFETIME)
    }
}

/// A raw RFC 5322 message, as the practice service sent it: it holds a verification code,
/// so it is zeroised on drop and never shown by `Debug`.
#[derive(Clone)]
pub struct RawMail(zeroize::Zeroizing<Vec<u8>>);

impl From<Vec<u8>> for RawMail {
    fn from(raw: Vec<u8>) -> Self {
        RawMail(zeroize::Zeroizing::new(raw))
    }
}

impl std::fmt::Debug for RawMail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RawMail({} bytes)", self.0.len())
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Arrived(RawMail),
    Select(usize),
    CopyCode,
    /// Escape: back to the main window, where the code is entered.
    Leave,
    /// The copied code's time on the clipboard is up (which copy).
    ClipboardExpired(u64),
    /// The password reset ended (changed, cancelled, expired): its code is no use now.
    ResetEnded,
}

/// What the app does for the mailbox.
pub enum Action {
    None,
    Run(Task<Message>),
    /// Give the keyboard back to the main window.
    Leave,
}

/// Reads a raw RFC 5322 message; the code is taken from its `Verification Code:` line.
fn parse(raw: &[u8], number: u64) -> Option<Mail> {
    let message = mail_parser::MessageParser::default().parse(raw)?;
    let from = message
        .from()
        .and_then(|f| f.first())
        .map(|a| a.name().or(a.address()).unwrap_or_default().to_owned())
        .unwrap_or_default();
    let to = message
        .to()
        .and_then(|t| t.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let body = message
        .body_text(0)
        .map(|b| b.replace("\r\n", "\n"))
        .unwrap_or_default();
    let code = body
        .lines()
        .find_map(|line| line.trim().strip_prefix("Verification Code: "))
        .map(|code| code.trim().to_owned());
    Some(Mail {
        number,
        from,
        to,
        subject: message.subject().unwrap_or_default().to_owned(),
        body,
        code,
        superseded: false,
        received: message.date().map(|date| date.to_timestamp()),
    })
}

impl State {
    /// A mailbox whose copied codes leave the clipboard after `lifetime`.
    pub fn with_clipboard_lifetime(lifetime: Duration) -> State {
        State {
            mails: Vec::new(),
            selected: None,
            copied: false,
            arrived: 0,
            on_clipboard: None,
            copies: 0,
            clipboard_lifetime: lifetime,
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Arrived(raw) => {
                if let Some(mail) = parse(&raw.0, self.arrived) {
                    self.arrived += 1;
                    // Mail arrives in the order it is sent: a new code replaces the older.
                    if mail.code.is_some() {
                        for older in self.mails.iter_mut() {
                            if older.code.is_some() && older.to == mail.to {
                                older.superseded = true;
                            }
                        }
                    }
                    self.mails.insert(0, mail);
                    self.selected = Some(0);
                    self.copied = false;
                }
            }
            Message::Select(index) => {
                if index < self.mails.len() {
                    self.selected = Some(index);
                    self.copied = false;
                }
            }
            Message::CopyCode => {
                if let Some(code) = self.selected_mail().and_then(|m| m.code.clone()) {
                    self.copied = true;
                    self.copies += 1;
                    let copy = self.copies;
                    self.on_clipboard = Some((copy, Secret::new(code.as_str())));
                    let lifetime = self.clipboard_lifetime;
                    // `async move`: the timer is made when the runtime first polls it.
                    let wait = async move { tokio::time::sleep(lifetime).await };
                    let expire = Task::perform(wait, move |()| Message::ClipboardExpired(copy));
                    return Action::Run(Task::batch([iced::clipboard::write(code), expire]));
                }
            }
            Message::ClipboardExpired(copy) => {
                if self.on_clipboard.as_ref().is_some_and(|(n, _)| *n == copy) {
                    return self.clear_clipboard();
                }
            }
            Message::ResetEnded => return self.clear_clipboard(),
            Message::Leave => return Action::Leave,
        }
        Action::None
    }

    /// Empties the clipboard if it still holds the code this app put there (something the
    /// student copied since is left alone).
    fn clear_clipboard(&mut self) -> Action {
        let Some((_, code)) = self.on_clipboard.take() else {
            return Action::None;
        };
        self.copied = false;
        Action::Run(iced::clipboard::read().then(move |now| {
            let now = now.map(zeroize::Zeroizing::new);
            if now
                .as_deref()
                .is_some_and(|now| now.trim() == code.expose())
            {
                iced::clipboard::write(String::new())
            } else {
                Task::none()
            }
        }))
    }

    /// The code this app put on the clipboard is still there to be cleared.
    pub fn holds_clipboard(&self) -> bool {
        self.on_clipboard.is_some()
    }

    fn selected_mail(&self) -> Option<&Mail> {
        self.selected.and_then(|i| self.mails.get(i))
    }

    /// Where focus goes when the window is reached by keyboard: the mail being read.
    pub fn first_focus(&self) -> Option<Id> {
        self.selected_mail().map(Mail::control)
    }

    /// Ctrl+Shift+C copies the code of the mail being read, from either window.
    pub fn shortcut(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        (modifiers.command() && modifiers.shift() && keys::is_char(key, "c"))
            .then_some(Message::CopyCode)
    }

    /// The keys of the mailbox window itself: Escape goes back to the main window (there,
    /// Escape stays the screen's), and Ctrl+Shift+C.
    pub fn window_shortcut(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        if keys::is_named(key, Named::Escape) {
            Some(Message::Leave)
        } else {
            self.shortcut(key, modifiers)
        }
    }

    /// Mail arrives through the task `App::boot` starts, not a subscription.
    pub fn subscription(&self) -> Subscription<Message> {
        Subscription::none()
    }

    /// Focus stops in the order they are drawn: each mail of the list (Enter or Space
    /// reads it), then Copy verification code.
    pub fn focus_chain<M: Clone + 'static>(
        &self,
        chain: Chain<M>,
        wrap: fn(Message) -> M,
    ) -> Chain<M> {
        let chain = self
            .mails
            .iter()
            .enumerate()
            .fold(chain, |chain, (i, mail)| {
                chain.control(mail.control(), wrap(Message::Select(i)))
            });
        if self.selected_mail().is_some_and(|mail| mail.code.is_some()) {
            chain.control(COPY_CODE, wrap(Message::CopyCode))
        } else {
            chain
        }
    }

    /// The mailbox as a screen reader reads it: the list of mails, then the one being read.
    pub fn accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        if self.mails.is_empty() {
            tree.push(
                parent,
                "mailbox-empty",
                a11y::live(&tr("mailbox-empty"), false),
            );
            return;
        }
        let list = tree.push(parent, "mailbox-list", a11y::list(&tr("mailbox-list")));
        for (i, mail) in self.mails.iter().enumerate() {
            let mut item = a11y::list_item(&mail.summary(lang).render(lang));
            item.set_selected(Some(i) == self.selected);
            tree.push_with(
                list,
                &mail.key(),
                item,
                Handlers::default().click(wrap(Message::Select(i))),
            );
        }
        let Some(mail) = self.selected_mail() else {
            return;
        };
        let subject = mail.subject_in(lang);
        let reading = tree.push(parent, "mailbox-reading", a11y::group(&subject));
        let line = |label: &str, value: &str| format!("{label}: {value}");
        for (key, text) in [
            (
                "mailbox-reading-from",
                line(&tr("mailbox-from"), &mail.from),
            ),
            (
                "mailbox-reading-subject",
                line(&tr("mailbox-subject"), &subject),
            ),
            (
                "mailbox-reading-received",
                line(&tr("mailbox-received"), &mail.received()),
            ),
        ] {
            tree.push(reading, key, a11y::label(&text));
        }
        if let Some(code) = &mail.code {
            let code = Text::new("mailbox-code-line").str("code", code.as_str());
            tree.push(
                reading,
                "mailbox-reading-code",
                a11y::label(&code.render(lang)),
            );
            if mail.superseded {
                tree.push(
                    reading,
                    "mailbox-reading-superseded",
                    a11y::label(&tr("mailbox-superseded")),
                );
            }
            tree.button(
                reading,
                COPY_CODE,
                &tr("mailbox-copy-code"),
                Some("Ctrl+Shift+C"),
                wrap(Message::CopyCode),
            );
            if self.copied {
                tree.push(
                    reading,
                    "mailbox-copied",
                    a11y::live(&tr("mailbox-copied"), false),
                );
            }
        }
        tree.push(
            reading,
            "mailbox-reading-body",
            a11y::label(&mail.body_in(lang)),
        );
    }

    /// `focus`: the control with keyboard focus, which gets a ring. Laid out for the room
    /// the window has at the current zoom.
    pub fn view<'a>(&'a self, lang: Lang, focus: Option<&'a Id>) -> Element<'a, Message> {
        iced::widget::responsive(move |room| self.view_in(lang, focus, room.width < NARROW_BELOW))
            .into()
    }

    /// `narrow`: the mail below the list of mails rather than beside it, one scrolling page.
    fn view_in<'a>(
        &'a self,
        lang: Lang,
        focus: Option<&'a Id>,
        narrow: bool,
    ) -> Element<'a, Message> {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        if self.mails.is_empty() {
            return container(
                column![
                    text(tr("mailbox-empty")).size(16),
                    widgets::muted(lang, "mailbox-leave-hint"),
                ]
                .spacing(12),
            )
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
                // The time first: it tells the mails apart at a glance.
                let mut lines = column![
                    text(mail.subject_in(lang)).size(13),
                    text(format!("{} · {}", mail.received(), mail.from)).size(12),
                ];
                if let Some(code) = &mail.code {
                    let code = Text::new("mailbox-code-line").str("code", code.as_str());
                    lines = lines.push(text(code.render(lang)).size(12));
                    if mail.superseded {
                        let mark = text(tr("mailbox-superseded-short"))
                            .size(12)
                            .font(theme::APP_FONT_BOLD);
                        lines = lines.push(mark);
                    }
                }
                let item = button(lines)
                    .width(Length::Fill)
                    .style(style)
                    .on_press(Message::Select(i));
                list.push(widgets::focusable_id(mail.control(), focus, item))
            })
            .push(widgets::muted(lang, "mailbox-leave-hint"));
        let mut reading = column![].spacing(8);
        if let Some(mail) = self.selected_mail() {
            let header = |label: String, value: String| -> Element<'_, Message> {
                let label = text(label).size(13).style(theme::muted_text);
                if narrow {
                    column![label, text(value).size(13)].into()
                } else {
                    row![label.width(90), text(value).size(13)].into()
                }
            };
            reading = reading.push(header(tr("mailbox-from"), mail.from.clone()));
            reading = reading.push(header(tr("mailbox-subject"), mail.subject_in(lang)));
            reading = reading.push(header(tr("mailbox-received"), mail.received()));
            if let Some(code) = &mail.code {
                let copy = widgets::focusable(
                    COPY_CODE,
                    focus,
                    widgets::secondary(tr("mailbox-copy-code"), Some(Message::CopyCode)),
                );
                let mut line = row![text(code).size(28).font(theme::APP_FONT_BOLD), copy]
                    .spacing(12)
                    .align_y(iced::Alignment::Center);
                if self.copied {
                    line = line.push(text(tr("mailbox-copied")).style(theme::info_text));
                }
                reading = reading.push(line.wrap());
                if mail.superseded {
                    reading = reading.push(
                        text(tr("mailbox-superseded"))
                            .size(14)
                            .font(theme::APP_FONT_BOLD)
                            .style(theme::error_text),
                    );
                }
            }
            reading = reading.push(text(mail.body_in(lang)).size(14));
        }
        if narrow {
            // The page: PageUp/PageDown read down, focus is kept in view in it.
            return scrollable(column![list, reading].spacing(20).padding(12))
                .id(MAILBOX_PAGE)
                .into();
        }
        row![
            scrollable(list).width(Length::FillPortion(2)),
            // The page: PageUp/PageDown read down the mail, focus is kept in view in it.
            scrollable(container(reading).padding(12))
                .id(MAILBOX_PAGE)
                .width(Length::FillPortion(5)),
        ]
        .spacing(12)
        .padding(12)
        .into()
    }
}
