//! The screen as drawn. Every control the keyboard reaches is wrapped in
//! `widgets::focusable` under the same id as its focus stop and accessibility node.

use iced::widget::{Id, checkbox, column, container, row, text};
use iced::{Element, Length};

use super::{
    CODE, CONFIRM_CANCEL, CONFIRM_PASSWORD, EXTEND, Message, NEW_PASSWORD, Phase, REGENERATE,
    RESET, RETRY, Request, SHOW_PASSWORDS, START_AGAIN, STAY, SUBMIT, State, USER_GUIDE, WARNINGS,
    rule_state_text, rule_text,
};
use crate::text::Text;
use crate::theme;
use crate::widgets::{self, Field};
use jupas_reset_api::policy::{PolicyLimits, RuleState};
use jupas_reset_api::wire::Lang;

type TextStyle = fn(&iced::Theme) -> text::Style;

/// The red warning boxes are named `warning-box-1` to `warning-box-4` (found by tests).
pub const WARNING_BOX: &str = "warning-box-";

impl State {
    /// `focus`: the control with keyboard focus, which gets a ring.
    pub fn view(
        &self,
        lang: Lang,
        limits: &PolicyLimits,
        focus: Option<&Id>,
    ) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let mut content: Vec<Element<'_, Message>> = vec![self.header(lang, focus)];
        if !self.is_open() {
            // The user guide's warnings are about an open session: an ended one has none.
            content.push(
                text(tr("ended-title"))
                    .size(20)
                    .font(theme::APP_FONT_BOLD)
                    .into(),
            );
            if let Some(notice) = &self.notice {
                content.push(widgets::notice(lang, notice, None));
            }
            content.push(widgets::focusable(
                START_AGAIN,
                focus,
                widgets::action(lang, "start-again", Some(Message::StartAgain), false),
            ));
            return widgets::page(content);
        }
        for (n, warning) in WARNINGS.iter().enumerate() {
            // The key phrases bold (DO NOT LEAVE, STAY, ENTER; 不要離開此頁面…), the rest not,
            // so that the emphasis the English puts in capitals shows in Chinese too.
            content.push(
                container(widgets::emphasised(lang, warning, 16.0, theme::APP_FONT))
                    .id(Id::from(format!("{WARNING_BOX}{}", n + 1)))
                    .padding(10)
                    .width(Length::Fill)
                    .style(theme::warning_box)
                    .into(),
            );
        }
        content.push(self.session_view(lang, focus));
        // The user guide's words for this page, where it says them.
        content.push(
            column![
                widgets::paragraph(lang, "verify-enter-code"),
                widgets::paragraph(lang, "verify-regenerate-hint"),
            ]
            .spacing(4)
            .into(),
        );
        let open = matches!(self.phase, Phase::Open { .. });
        let busy = self.request() == Some(Request::Submit);
        let editable = self.editable();
        let hidden = !self.show_password;
        content.push(
            Field::new(CODE, "field-verification-code")
                .value(&self.code)
                .error(self.code_error.as_ref())
                .on_input(|value| Message::Code(value.into()))
                .editable(editable)
                .on_submit(Message::Submit)
                .view(lang),
        );
        content.push(self.countdown(lang));
        content.push(
            Field::new(NEW_PASSWORD, "field-new-password")
                .value(&self.password)
                .secure(hidden)
                .on_input(|value| Message::Password(value.into()))
                .editable(editable)
                .on_submit(Message::Submit)
                .view(lang),
        );
        content.push(
            Field::new(CONFIRM_PASSWORD, "field-confirm-password")
                .value(&self.confirm)
                .secure(hidden)
                .error(self.confirm_error.as_ref())
                .on_input(|value| Message::Confirm(value.into()))
                .editable(editable)
                .on_submit(Message::Submit)
                .view(lang),
        );
        content.push(widgets::focusable(
            SHOW_PASSWORDS,
            focus,
            checkbox(self.show_password)
                .label(tr("show-password"))
                .on_toggle(Message::ShowPassword)
                .style(theme::check_box),
        ));
        if let Some(notice) = &self.notice {
            content.push(widgets::notice(
                lang,
                notice,
                Some((RETRY, focus, Message::Retry)),
            ));
        }
        content.push(
            row![
                widgets::focusable(
                    SUBMIT,
                    focus,
                    widgets::action(lang, "submit", open.then_some(Message::Submit), busy),
                ),
                // The same size as Submit: the two buttons of one form, side by side.
                widgets::focusable(
                    RESET,
                    focus,
                    widgets::secondary_action(
                        tr("reset"),
                        (open && !busy).then_some(Message::Reset)
                    ),
                ),
            ]
            .spacing(10)
            .align_y(iced::Alignment::Center)
            .wrap()
            .into(),
        );
        content.push(self.guidelines(lang, limits));
        content.push(widgets::focusable(
            REGENERATE,
            focus,
            widgets::secondary(
                self.regenerate_label().render(lang),
                self.can_regenerate().then_some(Message::Regenerate),
            ),
        ));
        widgets::page(content)
    }

    /// The page's title and, at its right, the "User Guide" link, as the JUPAS page has them.
    fn header(&self, lang: Lang, focus: Option<&Id>) -> Element<'_, Message> {
        row![
            container(widgets::title(lang, "verify-title")).width(Length::Fill),
            widgets::focusable(
                USER_GUIDE,
                focus,
                widgets::secondary(
                    jupas_reset_i18n::tr(lang, "user-guide-link"),
                    Some(Message::OpenUserGuide)
                ),
            ),
        ]
        .spacing(12)
        .align_y(iced::Alignment::Center)
        .into()
    }

    /// How long the page stays open; in its last two minutes, a warning and "More time".
    fn session_view(&self, lang: Lang, focus: Option<&Id>) -> Element<'_, Message> {
        let clock = text(self.session_clock().render(lang)).size(14);
        if !self.session_warning() {
            return clock.style(theme::muted_text).into();
        }
        let mut panel = column![
            text(Text::new("session-expiring").render(lang))
                .size(15)
                .font(theme::APP_FONT_BOLD),
            clock,
        ]
        .spacing(6);
        if self.extensions_left != Some(0) {
            panel = panel.push(widgets::focusable(
                EXTEND,
                focus,
                widgets::secondary(
                    self.extend_label().render(lang),
                    self.can_extend().then_some(Message::Extend),
                ),
            ));
        }
        container(panel)
            .padding(10)
            .width(Length::Fill)
            .style(theme::warning_box)
            .into()
    }

    fn countdown(&self, lang: Lang) -> Element<'_, Message> {
        let (message, warning) = self.code_clock();
        let style: TextStyle = if warning {
            theme::error_text
        } else {
            theme::info_text
        };
        text(message.render(lang)).size(14).style(style).into()
    }

    fn guidelines(&self, lang: Lang, limits: &PolicyLimits) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let mut list = column![text(tr("guidelines-title")).font(theme::APP_FONT_BOLD)].spacing(4);
        let typed = self.typed();
        for (rule, state) in self.rule_states(limits) {
            // A met rule: a green tick, its words in the ordinary colour.
            let (mark, mark_style, style): (&str, TextStyle, TextStyle) = match state {
                RuleState::Met => ("✓", theme::met_mark, theme::plain_text),
                // Nothing typed yet: not a mistake, so not red.
                RuleState::Unmet if !typed => ("•", theme::muted_text, theme::muted_text),
                RuleState::Unmet => ("×", theme::error_text, theme::error_text),
                RuleState::Informational | RuleState::CheckedOnSubmit => {
                    ("•", theme::muted_text, theme::muted_text)
                }
            };
            let line = rule_text(rule, limits).render(lang);
            let mark = iced::widget::tooltip(
                text(mark)
                    .size(16)
                    .font(theme::APP_FONT_BOLD)
                    .style(mark_style)
                    .width(22),
                container(text(rule_state_text(state).render(lang)).size(13))
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

    /// "Leave this page?" — drawn over the screen by the parent. "Stay" is the default.
    pub fn dialog(&self, lang: Lang, focus: Option<&Id>) -> Option<Element<'_, Message>> {
        let cancelling = match self.phase {
            Phase::Asking { .. } => false,
            Phase::Cancelling { .. } => true,
            Phase::Open { .. } | Phase::Ended(_) => return None,
        };
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let cancel_label = if cancelling {
            tr("busy")
        } else {
            tr("leave-cancel")
        };
        let dialog = column![
            text(tr("leave-title")).size(22).font(theme::APP_FONT_BOLD),
            text(tr("leave-body")).size(15),
            row![
                widgets::focusable(
                    STAY,
                    focus,
                    iced::widget::button(text(tr("leave-stay")).size(16))
                        .padding([8, 18])
                        .style(theme::primary_button)
                        .on_press_maybe((!cancelling).then_some(Message::Stay)),
                ),
                widgets::focusable(
                    CONFIRM_CANCEL,
                    focus,
                    iced::widget::button(text(cancel_label).size(16))
                        .padding([8, 18])
                        .style(theme::danger_button)
                        .on_press_maybe((!cancelling).then_some(Message::ConfirmCancel)),
                ),
            ]
            .spacing(12)
            .wrap(),
        ]
        .spacing(14)
        .max_width(520);
        Some(container(dialog).padding(24).style(theme::panel).into())
    }
}
