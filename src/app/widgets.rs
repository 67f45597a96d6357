//! Building blocks the screens share: labelled text boxes with their inline message,
//! notices with Retry, headings.

use iced::widget::text::Span;
use iced::widget::{Column, Id, button, column, container, rich_text, row, span, text, text_input};
use iced::{Element, Font, Length};

use super::text::{Notice, Text, Tone};
use super::theme;
use jupas_reset_api::wire::Lang;

/// A labelled text box and the inline message right below it, built step by step:
/// `Field::new(id, label).value(..).error(..).on_input(..).on_submit(..).view(lang)`.
pub(crate) struct Field<'a, Message> {
    id: &'static str,
    label: &'static str,
    value: &'a str,
    placeholder: Option<&'static str>,
    secure: bool,
    error: Option<&'a Text>,
    /// What the box understood of the typing ("Read as 30 July 2008"), under it.
    feedback: Option<Text>,
    on_input: Option<fn(String) -> Message>,
    editable: bool,
    on_submit: Option<Message>,
}

impl<'a, Message: Clone + 'a> Field<'a, Message> {
    /// `id` names the widget (focus, tests); `label` is a message id.
    pub(crate) fn new(id: &'static str, label: &'static str) -> Self {
        Field {
            id,
            label,
            value: "",
            placeholder: None,
            secure: false,
            error: None,
            feedback: None,
            on_input: None,
            editable: true,
            on_submit: None,
        }
    }

    pub(crate) fn value(mut self, value: &'a str) -> Self {
        self.value = value;
        self
    }

    /// A message id, shown in the empty box.
    pub(crate) fn placeholder(mut self, id: &'static str) -> Self {
        self.placeholder = Some(id);
        self
    }

    /// Dots instead of what was typed.
    pub(crate) fn secure(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    pub(crate) fn error(mut self, error: Option<&'a Text>) -> Self {
        self.error = error;
        self
    }

    /// Shown under the box while there is no error.
    pub(crate) fn feedback(mut self, feedback: Option<Text>) -> Self {
        self.feedback = feedback;
        self
    }

    pub(crate) fn on_input(mut self, on_input: fn(String) -> Message) -> Self {
        self.on_input = Some(on_input);
        self
    }

    /// Off while a request is under way: the box keeps what was typed but takes no typing.
    pub(crate) fn editable(mut self, editable: bool) -> Self {
        self.editable = editable;
        self
    }

    pub(crate) fn on_submit(mut self, message: Message) -> Self {
        self.on_submit = Some(message);
        self
    }

    pub(crate) fn view(self, lang: Lang) -> Element<'a, Message> {
        let placeholder = self
            .placeholder
            .map(|id| jupas_reset_i18n::tr(lang, id))
            .unwrap_or_default();
        let mut input = text_input(&placeholder, self.value)
            .id(self.id)
            .secure(self.secure)
            .padding(8)
            .size(16)
            .style(theme::text_box);
        if let Some(on_input) = self.on_input.filter(|_| self.editable) {
            input = input.on_input(on_input);
        }
        if let Some(on_submit) = self.on_submit {
            input = input.on_submit(on_submit);
        }
        let mut col = Column::new()
            .spacing(4)
            .push(
                text(jupas_reset_i18n::tr(lang, self.label))
                    .size(15)
                    .font(theme::APP_FONT_BOLD),
            )
            .push(input);
        if let Some(error) = self.error {
            col = col.push(text(error.render(lang)).size(14).style(theme::error_text));
        } else if let Some(feedback) = &self.feedback {
            col = col.push(text(feedback.render(lang)).size(14).style(theme::info_text));
        }
        col.into()
    }
}

pub(crate) fn title<'a, Message: 'a>(lang: Lang, id: &str) -> Element<'a, Message> {
    text(jupas_reset_i18n::tr(lang, id))
        .size(26)
        .font(theme::APP_FONT_BOLD)
        .style(theme::info_text)
        .into()
}

/// A notice line; `retry` is (focus id, focus, message) for notices that offer Retry.
pub(crate) fn notice<'a, Message: Clone + 'a>(
    lang: Lang,
    notice: &'a Notice,
    retry: Option<(&'static str, Option<&Id>, Message)>,
) -> Element<'a, Message> {
    let style = match notice.tone {
        Tone::Info => theme::info_text,
        Tone::Error => theme::error_text,
    };
    let message = text(notice.text.render(lang)).size(15).style(style);
    let mut line = row![message.width(Length::Fill)].spacing(12);
    if notice.retry
        && let Some((id, focus, retry)) = retry
    {
        let button = button(text(jupas_reset_i18n::tr(lang, "retry")))
            .style(theme::primary_button)
            .on_press(retry);
        line = line.push(focusable(id, focus, button));
    }
    container(line).padding(8).width(Length::Fill).into()
}

pub(crate) fn paragraph<'a, Message: 'a>(lang: Lang, id: &str) -> Element<'a, Message> {
    text(jupas_reset_i18n::tr(lang, id)).size(15).into()
}

/// A sentence with its key phrases in bold (`**…**` in the FTL): the emphasis the English
/// gives in capitals, kept in Chinese. `base` is the font of the rest.
pub(crate) fn emphasised<'a, Message: 'a>(
    lang: Lang,
    words: &Text,
    size: f32,
    base: Font,
) -> Element<'a, Message> {
    let spans: Vec<Span<'a, (), Font>> = words
        .parts(lang)
        .into_iter()
        .map(|(part, strong)| span(part).font(if strong { theme::APP_FONT_BOLD } else { base }))
        .collect();
    rich_text(spans).size(size).font(base).into()
}

pub(crate) fn muted<'a, Message: 'a>(lang: Lang, id: &str) -> Element<'a, Message> {
    text(jupas_reset_i18n::tr(lang, id))
        .size(muted_size(lang))
        .style(theme::muted_text)
        .into()
}

/// Small print: 13 px is enough for Latin letters, but Chinese characters need 14 px to keep
/// their strokes apart.
pub(crate) fn muted_size(lang: Lang) -> f32 {
    match lang {
        Lang::En => 13.0,
        Lang::ZhHk => 14.0,
    }
}

/// A primary action button, disabled (and saying "Please wait…") while busy.
pub(crate) fn action<'a, Message: Clone + 'a>(
    lang: Lang,
    label: &str,
    on_press: Option<Message>,
    busy: bool,
) -> Element<'a, Message> {
    let label = if busy {
        jupas_reset_i18n::tr(lang, "busy")
    } else {
        jupas_reset_i18n::tr(lang, label)
    };
    button(text(label).size(16))
        .padding([8, 18])
        .on_press_maybe(if busy { None } else { on_press })
        .style(theme::primary_button)
        .into()
}

/// A secondary action that sits beside a primary one (Reset by Submit): the same text size
/// and padding, so the two are the same height.
pub(crate) fn secondary_action<'a, Message: Clone + 'a>(
    label: String,
    on_press: Option<Message>,
) -> Element<'a, Message> {
    button(text(label).size(16))
        .padding([8, 18])
        .on_press_maybe(on_press)
        .style(theme::secondary_button)
        .into()
}

pub(crate) fn secondary<'a, Message: Clone + 'a>(
    label: String,
    on_press: Option<Message>,
) -> Element<'a, Message> {
    button(text(label).size(14))
        .padding([6, 12])
        .on_press_maybe(on_press)
        .style(theme::secondary_button)
        .into()
}

/// The width of the page's content column; whatever lines up with it uses the same.
const COLUMN_WIDTH: f32 = 760.0;
/// The page's margin on either side of the column.
const PAGE_MARGIN: f32 = 24.0;

pub(crate) fn page<'a, Message: 'a>(content: Vec<Element<'a, Message>>) -> Element<'a, Message> {
    container(column(content).spacing(14).max_width(COLUMN_WIDTH))
        .padding(PAGE_MARGIN)
        .center_x(Length::Fill)
        .into()
}

/// A band above the page (the "English prevails" note) whose content starts and ends
/// where the page's column does, at any window width. `id` names it for tests.
pub(crate) fn in_column<'a, Message: 'a>(
    id: &'static str,
    content: impl Into<Element<'a, Message>>,
    vertical_padding: f32,
) -> Element<'a, Message> {
    container(
        container(content)
            .id(Id::new(id))
            .width(Length::Fill)
            .max_width(COLUMN_WIDTH),
    )
    .padding([vertical_padding, PAGE_MARGIN])
    .center_x(Length::Fill)
    .into()
}

/// A control the keyboard can reach: the root widget finds it by `id` (to keep it in view),
/// and a ring shows while it has focus. Buttons, checkboxes and links cannot take iced's own
/// focus, so the app draws it from its focus model.
pub(crate) fn focusable<'a, Message: 'a>(
    id: &'static str,
    focus: Option<&Id>,
    content: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    ringed(Id::new(id), focus, content, theme::focus_ring)
}

/// The same, on the navy header, where the ring needs another colour to stand out.
pub(crate) fn focusable_on_header<'a, Message: 'a>(
    id: &'static str,
    focus: Option<&Id>,
    content: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    ringed(Id::new(id), focus, content, theme::focus_ring_on_header)
}

/// `focusable` for a control whose id is made at run time (one per mail in a list).
pub(crate) fn focusable_id<'a, Message: 'a>(
    id: Id,
    focus: Option<&Id>,
    content: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    ringed(id, focus, content, theme::focus_ring)
}

/// Always the ring's padding, so nothing moves when focus comes or goes.
fn ringed<'a, Message: 'a>(
    id: Id,
    focus: Option<&Id>,
    content: impl Into<Element<'a, Message>>,
    ring: fn(&iced::Theme) -> container::Style,
) -> Element<'a, Message> {
    let focused = focus == Some(&id);
    container(content)
        .id(id)
        .padding(theme::FOCUS_RING_PADDING)
        .style(if focused { ring } else { theme::no_ring })
        .into()
}
