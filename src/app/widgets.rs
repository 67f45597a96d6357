//! Building blocks the screens share: labelled inputs with their inline message,
//! notices with Retry, headings.

use iced::widget::{Column, button, column, container, row, text, text_input};
use iced::{Element, Length};

use super::text::{Notice, Text, Tone};
use super::theme;
use jupas_reset_api::wire::Lang;

pub struct Input<'a, Message> {
    pub id: &'static str,
    pub label: &'static str,
    pub value: &'a str,
    pub error: Option<&'a Text>,
    pub placeholder: Option<&'static str>,
    pub secure: bool,
    pub on_input: Option<fn(String) -> Message>,
    pub on_submit: Option<Message>,
}

/// A label, its box, and the inline message right below it.
pub fn input<'a, Message: Clone + 'a>(
    lang: Lang,
    field: Input<'a, Message>,
) -> Element<'a, Message> {
    let placeholder = field
        .placeholder
        .map(|id| jupas_reset_i18n::tr(lang, id))
        .unwrap_or_default();
    let mut input = text_input(&placeholder, field.value)
        .id(field.id)
        .secure(field.secure)
        .padding(8)
        .size(16);
    if let Some(on_input) = field.on_input {
        input = input.on_input(on_input);
    }
    if let Some(on_submit) = field.on_submit {
        input = input.on_submit(on_submit);
    }
    let mut col = Column::new()
        .spacing(4)
        .push(
            text(jupas_reset_i18n::tr(lang, field.label))
                .size(15)
                .font(theme::APP_FONT_BOLD),
        )
        .push(input);
    if let Some(error) = field.error {
        col = col.push(text(error.render(lang)).size(14).style(theme::error_text));
    }
    col.into()
}

pub fn title<'a, Message: 'a>(lang: Lang, id: &str) -> Element<'a, Message> {
    text(jupas_reset_i18n::tr(lang, id))
        .size(26)
        .font(theme::APP_FONT_BOLD)
        .style(theme::info_text)
        .into()
}

pub fn notice<'a, Message: Clone + 'a>(
    lang: Lang,
    notice: &'a Notice,
    retry: Option<Message>,
) -> Element<'a, Message> {
    let style = match notice.tone {
        Tone::Info => theme::info_text,
        Tone::Error => theme::error_text,
    };
    let message = text(notice.text.render(lang)).size(15).style(style);
    let mut line = row![message.width(Length::Fill)].spacing(12);
    if notice.retry
        && let Some(retry) = retry
    {
        line = line.push(button(text(jupas_reset_i18n::tr(lang, "retry"))).on_press(retry));
    }
    container(line).padding(8).width(Length::Fill).into()
}

pub fn paragraph<'a, Message: 'a>(lang: Lang, id: &str) -> Element<'a, Message> {
    text(jupas_reset_i18n::tr(lang, id)).size(15).into()
}

pub fn muted<'a, Message: 'a>(lang: Lang, id: &str) -> Element<'a, Message> {
    text(jupas_reset_i18n::tr(lang, id))
        .size(13)
        .style(theme::muted_text)
        .into()
}

/// A primary action button, disabled (and saying "Please wait…") while busy.
pub fn action<'a, Message: Clone + 'a>(
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
        .style(button::primary)
        .into()
}

pub fn secondary<'a, Message: Clone + 'a>(
    label: String,
    on_press: Option<Message>,
) -> Element<'a, Message> {
    button(text(label).size(14))
        .padding([6, 12])
        .on_press_maybe(on_press)
        .style(button::secondary)
        .into()
}

pub fn page<'a, Message: 'a>(content: Vec<Element<'a, Message>>) -> Element<'a, Message> {
    container(column(content).spacing(14).max_width(760))
        .padding(24)
        .center_x(Length::Fill)
        .into()
}
