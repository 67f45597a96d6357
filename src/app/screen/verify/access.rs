//! The screen for the keyboard and for screen readers: its focus stops in visual order and
//! its accessibility nodes, keyed by the same ids as the widgets.

use iced_a11y::accesskit::{Node, NodeId};
use iced_a11y::focus::Chain;
use iced_a11y::tree::{self as a11y, Handlers, TextField, Tree};

use super::{
    CODE, CONFIRM_CANCEL, CONFIRM_PASSWORD, EXTEND, Message, NEW_PASSWORD, REGENERATE, RESET,
    RETRY, SHOW_PASSWORDS, START_AGAIN, STAY, SUBMIT, State, USER_GUIDE, WARNINGS, rule_state_text,
    rule_text,
};
use crate::text::{Text, Tone};
use jupas_reset_api::policy::{PolicyLimits, RuleState};
use jupas_reset_api::wire::Lang;

impl State {
    /// "More time" is drawn: the session's last two minutes, while extensions last.
    fn extend_shown(&self) -> bool {
        self.session_warning() && self.extensions_left != Some(0)
    }

    /// Focus stops of this screen, in the order they are drawn.
    pub fn focus_chain<M: Clone + 'static>(
        &self,
        chain: Chain<M>,
        wrap: fn(Message) -> M,
    ) -> Chain<M> {
        // The header's "User Guide" link comes first, as drawn.
        let chain = chain.control(USER_GUIDE, wrap(Message::OpenUserGuide));
        if !self.is_open() {
            return chain.control(START_AGAIN, wrap(Message::StartAgain));
        }
        let mut chain = chain;
        if self.extend_shown() {
            chain = chain.control(EXTEND, wrap(Message::Extend));
        }
        chain = chain
            .input(CODE)
            .input(NEW_PASSWORD)
            .input(CONFIRM_PASSWORD)
            .control(
                SHOW_PASSWORDS,
                wrap(Message::ShowPassword(!self.show_password)),
            );
        if self.retry_offered() {
            chain = chain.control(RETRY, wrap(Message::Retry));
        }
        chain = chain
            .control(SUBMIT, wrap(Message::Submit))
            .control(RESET, wrap(Message::Reset));
        if self.can_regenerate() {
            chain = chain.control(REGENERATE, wrap(Message::Regenerate));
        }
        chain
    }

    /// The leave dialog's buttons, "Stay" (the default) first: while it is up, focus stays
    /// inside it.
    pub fn dialog_focus_chain<M: Clone + 'static>(
        &self,
        chain: Chain<M>,
        wrap: fn(Message) -> M,
    ) -> Chain<M> {
        chain
            .control(STAY, wrap(Message::Stay))
            .control(CONFIRM_CANCEL, wrap(Message::ConfirmCancel))
    }

    /// This screen's part of the window's accessibility tree, in the order it is drawn.
    /// `user_guide`: the address the header's "User Guide" link opens.
    pub fn accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        limits: &PolicyLimits,
        user_guide: &str,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        tree.push(
            parent,
            "verify-title",
            a11y::heading(&tr("verify-title"), 1),
        );
        tree.push_with(
            parent,
            USER_GUIDE,
            a11y::link(&tr("user-guide-link"), user_guide),
            Handlers::default().click(wrap(Message::OpenUserGuide)),
        );
        if !self.is_open() {
            self.ended_accessibility(lang, tree, parent, wrap);
            return;
        }
        for (n, warning) in WARNINGS.iter().enumerate() {
            let key = format!("warning-{}", n + 1);
            tree.push(parent, &key, a11y::label(&warning.render(lang)));
        }
        self.session_accessibility(lang, tree, parent, wrap);
        let enter = tr("verify-enter-code");
        tree.push(parent, "verify-enter-code", a11y::label(&enter));
        let regenerate = tr("verify-regenerate-hint");
        tree.push(parent, "verify-regenerate-hint", a11y::label(&regenerate));
        self.boxes_accessibility(lang, limits, tree, parent, wrap);
        let checkbox = a11y::checkbox(&tr("show-password"), self.show_password, Some("Alt+P"));
        tree.push_with(
            parent,
            SHOW_PASSWORDS,
            checkbox,
            Handlers::default().click(wrap(Message::ShowPassword(!self.show_password))),
        );
        if let Some(notice) = &self.notice {
            let urgent = notice.tone == Tone::Error;
            let text = notice.text.render(lang);
            tree.push(parent, "verify-notice", a11y::live(&text, urgent));
        }
        if self.retry_offered() {
            tree.button(parent, RETRY, &tr("retry"), None, wrap(Message::Retry));
        }
        let busy = self.request() == Some(super::Request::Submit);
        let submit = if busy { tr("busy") } else { tr("submit") };
        tree.push_with(
            parent,
            SUBMIT,
            enabled(a11y::button(&submit, Some("Enter")), self.editable()),
            Handlers::default().click(wrap(Message::Submit)),
        );
        tree.push_with(
            parent,
            RESET,
            enabled(a11y::button(&tr("reset"), None), self.editable()),
            Handlers::default().click(wrap(Message::Reset)),
        );
        self.guidelines_accessibility(lang, limits, tree, parent);
        let regenerate = self.regenerate_label().render(lang);
        tree.push_with(
            parent,
            REGENERATE,
            enabled(
                a11y::button(&regenerate, Some("Alt+G")),
                self.can_regenerate(),
            ),
            Handlers::default().click(wrap(Message::Regenerate)),
        );
        self.dialog_accessibility(lang, tree, parent, wrap);
    }

    /// The session is over: why, and "Start again". No warnings: they were about an open one.
    fn ended_accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        tree.push(parent, "ended-title", a11y::heading(&tr("ended-title"), 2));
        if let Some(notice) = &self.notice {
            let text = notice.text.render(lang);
            tree.push(parent, "verify-notice", a11y::live(&text, true));
        }
        tree.button(
            parent,
            START_AGAIN,
            &tr("start-again"),
            Some("Enter"),
            wrap(Message::StartAgain),
        );
    }

    /// The session's clock (a plain label: it ticks, so it is not live), its announcements
    /// (live: they change only at thresholds), and "More time".
    fn session_accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let clock = self.session_clock().render(lang);
        tree.push(parent, "session-clock", a11y::label(&clock));
        if let Some(said) = self.session_announcement() {
            let text = said.text.render(lang);
            tree.push(
                parent,
                "session-announcement",
                a11y::live(&text, said.urgent),
            );
        }
        if self.extend_shown() {
            tree.push_with(
                parent,
                EXTEND,
                enabled(
                    a11y::button(&self.extend_label().render(lang), Some("Alt+E")),
                    self.can_extend(),
                ),
                Handlers::default().click(wrap(Message::Extend)),
            );
        }
    }

    /// The three boxes, the code's clock and announcements between them as drawn.
    fn boxes_accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        limits: &PolicyLimits,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let render = |text: &Option<Text>| text.as_ref().map(|t| t.render(lang));
        // The four warnings, read once when the screen opens. Orca 43 speaks neither
        // `object:announcement` nor changes to anything but the focused object, so an
        // assertive live region would be lost on it; the screen opens with focus in this
        // box, and Orca reads a focused box's description. Newer Orca speaks live regions
        // too, which would say the warnings twice: so they are said here only.
        let introduction = self
            .introducing
            .then(|| WARNINGS.map(|w| w.render(lang)).join(" "));
        let code_label = tr("field-verification-code");
        let code_error = render(&self.code_error);
        let code = TextField {
            label: &code_label,
            value: &self.code,
            required: true,
            error: code_error.as_deref(),
            hint: introduction.as_deref(),
            ..TextField::default()
        };
        tree.text_field(
            parent,
            CODE,
            &code,
            Handlers::default().set_value(move |v| wrap(Message::Code(v.into()))),
        );
        let (clock, _) = self.code_clock();
        tree.push(parent, "code-clock", a11y::label(&clock.render(lang)));
        if let Some(said) = self.code_announcement() {
            let text = said.text.render(lang);
            tree.push(parent, "code-announcement", a11y::live(&text, said.urgent));
        }
        let new_label = tr("field-new-password");
        let refused = self.refused_rules(lang, limits);
        let new = TextField {
            label: &new_label,
            value: &self.password,
            required: true,
            secret: true,
            error: refused.as_deref(),
            ..TextField::default()
        };
        tree.text_field(
            parent,
            NEW_PASSWORD,
            &new,
            Handlers::default().set_value(move |v| wrap(Message::Password(v.into()))),
        );
        let confirm_label = tr("field-confirm-password");
        let confirm_error = render(&self.confirm_error);
        let confirm = TextField {
            label: &confirm_label,
            value: &self.confirm,
            required: true,
            secret: true,
            error: confirm_error.as_deref(),
            ..TextField::default()
        };
        tree.text_field(
            parent,
            CONFIRM_PASSWORD,
            &confirm,
            Handlers::default().set_value(move |v| wrap(Message::Confirm(v.into()))),
        );
    }

    /// After a refused Submit: the new password box's error, the guidelines it breaks.
    fn refused_rules(&self, lang: Lang, limits: &PolicyLimits) -> Option<String> {
        let policy_notice = self
            .notice
            .as_ref()
            .is_some_and(|n| n.text == Text::new("error-password-policy"));
        if !policy_notice && self.refused.is_empty() {
            return None;
        }
        let unmet: Vec<String> = self
            .rule_states(limits)
            .into_iter()
            .filter(|(_, state)| *state == RuleState::Unmet)
            .map(|(rule, state)| rule_line(lang, limits, rule, state))
            .collect();
        (!unmet.is_empty()).then(|| unmet.join(" "))
    }

    /// The seven guidelines as a list; each item says its state in words.
    fn guidelines_accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        limits: &PolicyLimits,
        tree: &mut Tree<M>,
        parent: NodeId,
    ) {
        let title = jupas_reset_i18n::tr(lang, "guidelines-title");
        let list = tree.push(parent, "guidelines", a11y::list(&title));
        for (n, (rule, state)) in self.rule_states(limits).into_iter().enumerate() {
            let line = rule_line(lang, limits, rule, state);
            tree.push(
                list,
                &format!("guideline-{}", n + 1),
                a11y::list_item(&line),
            );
        }
    }

    /// "Leave this page?" as a modal dialog, "Stay" (the default) first.
    fn dialog_accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        if !self.leave_dialog_shown() {
            return;
        }
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let cancelling = matches!(self.phase, super::Phase::Cancelling { .. });
        let dialog = tree.push(
            parent,
            "leave-dialog",
            a11y::dialog(&tr("leave-title"), &tr("leave-body")),
        );
        tree.push_with(
            dialog,
            STAY,
            enabled(a11y::button(&tr("leave-stay"), Some("Enter")), !cancelling),
            Handlers::default().click(wrap(Message::Stay)),
        );
        let cancel = if cancelling {
            tr("busy")
        } else {
            tr("leave-cancel")
        };
        tree.push_with(
            dialog,
            CONFIRM_CANCEL,
            enabled(a11y::button(&cancel, Some("Alt+C")), !cancelling),
            Handlers::default().click(wrap(Message::ConfirmCancel)),
        );
    }
}

/// "must use 15 to 64 characters: not met": the guideline without its list punctuation,
/// then its state in words.
fn rule_line(
    lang: Lang,
    limits: &PolicyLimits,
    rule: jupas_reset_api::policy::Rule,
    state: RuleState,
) -> String {
    let wording = rule_text(rule, limits).render(lang);
    let wording = wording.trim_end_matches([';', '.', '；', '。']).to_owned();
    Text::new("rule-with-state")
        .str("rule", wording)
        .str("state", rule_state_text(state).render(lang))
        .render(lang)
}

/// A control the student cannot use right now is still read, as unavailable.
fn enabled(mut node: Node, enabled: bool) -> Node {
    if !enabled {
        node.set_disabled();
    }
    node
}
