//! Screen 4, "Login help": the JUPAS user guide's "Flowchart of Login Failure Solution" as
//! questions answered one at a time, ending in Forgot Password or in contacting the JUPAS
//! Office; or, for a counsellor going through it with a student, the whole chart at once.
//! Advice of the app's own (not in the guide) says so.

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{Id, column, container, row, text};
use iced::{Element, Length, Subscription};
use iced_a11y::accesskit::NodeId;
use iced_a11y::focus::Chain;
use iced_a11y::tree::{self as a11y, Handlers, Tree};

use crate::keys;
use crate::settings::Links;
use crate::text::Text;
use crate::theme;
use crate::widgets;
use jupas_reset_api::wire::Lang;

/// Where focus goes when help opens: the first question's Yes.
pub const FIRST_FOCUS: &str = YES;
pub const YES: &str = "help-yes";
pub const NO: &str = "help-no";
pub const GO_TO_FORGOT: &str = "help-go-forgot-password";
pub const RESTART: &str = "help-start-over";
pub const BACK: &str = "help-back-button";
pub const LINK_SECURITY: &str = "help-security-link";
pub const LINK_FAQ: &str = "help-faq-link";
pub const LINK_GUIDE: &str = "help-user-guide-link";
pub const CLOSE: &str = "help-close-button";
/// Switches between one question at a time and the whole chart.
pub const CHART_TOGGLE: &str = "help-chart-toggle";

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
    /// The whole chart is shown instead of the current question (the step is kept).
    whole: bool,
    /// Where focus was when help opened: it goes back there when help closes.
    return_focus: Option<Id>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Answer(bool),
    Back,
    Restart,
    GoToForgotPassword,
    Open(Link),
    Close,
    /// The whole chart, or back to one question at a time.
    ToggleChart,
}

pub enum Action {
    None,
    GoToForgotPassword,
    Open(Link),
    /// Help is done; focus goes back to where it was when help opened.
    Close {
        return_focus: Option<Id>,
    },
    /// The focused control went away with the step: focus its replacement.
    Focus(&'static str),
}

impl Default for State {
    fn default() -> Self {
        State {
            step: Step::RemembersLoginName,
            history: Vec::new(),
            whole: false,
            return_focus: None,
        }
    }
}

/// Every control help can show, whatever the step.
const CONTROLS: [&str; 10] = [
    CHART_TOGGLE,
    YES,
    NO,
    GO_TO_FORGOT,
    RESTART,
    BACK,
    LINK_SECURITY,
    LINK_FAQ,
    LINK_GUIDE,
    CLOSE,
];

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

/// The chart's questions, in the order they are numbered.
const QUESTIONS: [Step; 4] = [
    Step::RemembersLoginName,
    Step::RemembersPassword,
    Step::CheckedCapsLock,
    Step::CanReadEmail,
];

/// A question's number in the whole chart, from 1.
fn number_of(step: Step) -> Option<usize> {
    QUESTIONS.iter().position(|q| *q == step).map(|i| i + 1)
}

/// What a step says, as data: its question, or the answer it ends in.
fn words(step: Step) -> Text {
    Text::new(match step {
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

/// The app's own advice shown with a step, marked as such: not from the user guide.
fn advice(step: Step) -> Option<Text> {
    (step == Step::CheckedCapsLock).then(|| Text::new("help-advice-caps"))
}

/// One question of the whole chart: its line, and where Yes and No lead.
struct ChartEntry {
    question: String,
    yes: String,
    no: String,
    advice: Option<String>,
}

/// The whole chart in words, built from `next` so it always says what the steps do.
fn chart(lang: Lang) -> Vec<ChartEntry> {
    let target = |step: Step| match number_of(step) {
        Some(number) => Text::new("help-chart-go-to")
            .int("number", number as i64)
            .render(lang),
        None => words(step).render(lang),
    };
    QUESTIONS
        .iter()
        .enumerate()
        .map(|(i, &step)| ChartEntry {
            question: Text::new("help-chart-question")
                .int("number", (i + 1) as i64)
                .str("question", words(step).render(lang))
                .render(lang),
            yes: Text::new("help-chart-yes")
                .str("then", target(next(step, true)))
                .render(lang),
            no: Text::new("help-chart-no")
                .str("then", target(next(step, false)))
                .render(lang),
            advice: advice(step).map(|text| text.render(lang)),
        })
        .collect()
}

impl State {
    /// Help as it opens, remembering the control that had focus before.
    pub fn opened_from(focus: Option<Id>) -> State {
        State {
            return_focus: focus,
            ..State::default()
        }
    }

    /// `focused`: the control with keyboard focus; if this step took it away, the answer
    /// says where focus goes now, so the keyboard never falls back to the top of the page.
    pub fn update(&mut self, message: Message, focused: Option<&Id>) -> Action {
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
            Message::Restart => {
                self.step = Step::RemembersLoginName;
                self.history.clear();
            }
            Message::ToggleChart => self.whole = !self.whole,
            Message::GoToForgotPassword => return Action::GoToForgotPassword,
            Message::Open(link) => return Action::Open(link),
            Message::Close => {
                return Action::Close {
                    return_focus: self.return_focus.clone(),
                };
            }
        }
        let was_here = focused.is_some_and(|id| CONTROLS.iter().any(|c| Id::new(c) == *id));
        let still_here = focused.is_some_and(|id| self.controls().any(|c| Id::new(c) == *id));
        if was_here && !still_here {
            return Action::Focus(self.step_controls().next().unwrap_or(CHART_TOGGLE));
        }
        Action::None
    }

    fn ended(&self) -> bool {
        matches!(self.step, Step::End(_))
    }

    /// Whether this end of the flowchart offers "Go to Forgot Password".
    fn offers_forgot_password(&self) -> bool {
        !self.whole
            && matches!(
                self.step,
                Step::End(Ending::ForgotPassword | Ending::TryAgain)
            )
    }

    /// Whether the whole chart is shown (not one question at a time).
    pub fn shows_whole_chart(&self) -> bool {
        self.whole
    }

    /// The controls of the current step, in the order they are drawn; none while the
    /// whole chart is shown.
    fn step_controls(&self) -> impl Iterator<Item = &'static str> {
        let stepping = !self.whole;
        let answers = (stepping && !self.ended()).then_some([YES, NO]);
        let go = self.offers_forgot_password().then_some(GO_TO_FORGOT);
        let restart = (stepping && self.ended()).then_some(RESTART);
        let back = (stepping && !self.history.is_empty()).then_some(BACK);
        answers
            .into_iter()
            .flatten()
            .chain(go)
            .chain(restart)
            .chain(back)
    }

    /// Every control help shows now, in the order they are drawn.
    fn controls(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(CHART_TOGGLE)
            .chain(self.step_controls())
            .chain([LINK_SECURITY, LINK_FAQ, LINK_GUIDE, CLOSE])
    }

    /// What pressing a control does.
    fn message_of(control: &str) -> Option<Message> {
        Some(match control {
            YES => Message::Answer(true),
            NO => Message::Answer(false),
            GO_TO_FORGOT => Message::GoToForgotPassword,
            RESTART => Message::Restart,
            BACK => Message::Back,
            LINK_SECURITY => Message::Open(Link::Security),
            LINK_FAQ => Message::Open(Link::Faq),
            LINK_GUIDE => Message::Open(Link::UserGuide),
            CLOSE => Message::Close,
            CHART_TOGGLE => Message::ToggleChart,
            _ => return None,
        })
    }

    /// What this step says, as data.
    fn prompt(&self) -> Text {
        words(self.step)
    }

    /// The toggle's label: what it switches to.
    fn toggle_label(&self) -> Text {
        Text::new(if self.whole {
            "help-chart-steps"
        } else {
            "help-chart-whole"
        })
    }

    /// Y/N answer, B back, R start over, W the whole chart, 1–3 the links, Escape closes;
    /// Enter at an end goes to Forgot Password. The single letters and digits act alone
    /// only while focus is in help (`focused` is one of its controls, or nothing), never
    /// while a box could be taking typing (WCAG 2.1.4); with Alt they act wherever focus is
    /// in the window.
    pub fn shortcut(
        &self,
        key: &Key,
        modifiers: Modifiers,
        focused: Option<&Id>,
    ) -> Option<Message> {
        if keys::is_named(key, Named::Escape) {
            return Some(Message::Close);
        }
        if keys::is_named(key, Named::Enter) {
            return self
                .offers_forgot_password()
                .then_some(Message::GoToForgotPassword);
        }
        let in_help = focused.is_none_or(|id| CONTROLS.iter().any(|c| Id::new(c) == *id));
        let plain = !modifiers.alt() && !modifiers.control() && !modifiers.logo();
        let with_alt = modifiers.alt() && !modifiers.control() && !modifiers.logo();
        if !(with_alt || plain && in_help) {
            return None;
        }
        let ch = |c| keys::is_char(key, c);
        // The step's keys work only while the step is shown.
        let stepping = !self.whole;
        let asking = stepping && !self.ended();
        let message = if ch("y") && asking {
            Message::Answer(true)
        } else if ch("n") && asking {
            Message::Answer(false)
        } else if ch("b") && stepping {
            Message::Back
        } else if ch("r") && stepping {
            Message::Restart
        } else if ch("w") {
            Message::ToggleChart
        } else if ch("1") {
            Message::Open(Link::Security)
        } else if ch("2") {
            Message::Open(Link::Faq)
        } else if ch("3") {
            Message::Open(Link::UserGuide)
        } else {
            return None;
        };
        Some(message)
    }

    /// Nothing here moves by itself.
    pub fn subscription(&self) -> Subscription<Message> {
        Subscription::none()
    }

    /// Focus stops in the order they are drawn: the step's answers or ending, Back, the
    /// three links, Close.
    pub fn focus_chain<M: Clone + 'static>(
        &self,
        chain: Chain<M>,
        wrap: fn(Message) -> M,
    ) -> Chain<M> {
        self.controls()
            .fold(chain, |chain, control| match Self::message_of(control) {
                Some(message) => chain.control(control, wrap(message)),
                None => chain,
            })
    }

    /// Help as a screen reader reads it, in the order it is drawn; the links carry the
    /// addresses they open.
    pub fn accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        links: &Links,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        tree.push(parent, "help-title", a11y::heading(&tr("help-title"), 1));
        tree.push(parent, "help-intro", a11y::label(&tr("help-intro")));
        tree.button(
            parent,
            CHART_TOGGLE,
            &self.toggle_label().render(lang),
            Some("W"),
            wrap(Message::ToggleChart),
        );
        if self.whole {
            self.chart_accessibility(lang, tree, parent);
        } else {
            self.step_accessibility(lang, tree, parent, wrap);
        }
        let more = tree.push(parent, "help-links", a11y::group(&tr("help-links")));
        tree.push(
            more,
            "help-links-intro",
            a11y::label(&tr("help-links-intro")),
        );
        for (key, label, url, digit) in [
            (
                LINK_SECURITY,
                tr("help-link-security"),
                &links.security,
                "1",
            ),
            (LINK_FAQ, tr("help-link-faq"), &links.faq, "2"),
            (LINK_GUIDE, tr("help-link-guide"), &links.user_guide, "3"),
        ] {
            let mut link = a11y::link(&label, url);
            link.set_keyboard_shortcut(digit);
            if let Some(message) = Self::message_of(key) {
                tree.push_with(more, key, link, Handlers::default().click(wrap(message)));
            }
        }
        if let Some(message) = Self::message_of(CLOSE) {
            tree.button(parent, CLOSE, &tr("help-close"), Some("Esc"), wrap(message));
        }
    }

    /// One question (or the answer) and its buttons.
    fn step_accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        // A status, so that the next question or the answer is read out when it replaces
        // the last one while focus stays on the button pressed.
        tree.push(
            parent,
            "help-prompt",
            a11y::live(&self.prompt().render(lang), false),
        );
        if let Some(advice) = advice(self.step) {
            tree.push(parent, "help-advice", a11y::label(&advice.render(lang)));
        }
        let mut button = |key: &'static str, label: &str, shortcut: &str| {
            if let Some(message) = Self::message_of(key) {
                tree.button(
                    parent,
                    key,
                    &jupas_reset_i18n::tr(lang, label),
                    Some(shortcut),
                    wrap(message),
                );
            }
        };
        for control in self.step_controls() {
            match control {
                YES => button(YES, "help-a-yes", "Y"),
                NO => button(NO, "help-a-no", "N"),
                GO_TO_FORGOT => button(GO_TO_FORGOT, "help-go-forgot", "Enter"),
                RESTART => button(RESTART, "help-restart", "R"),
                _ => button(BACK, "help-back", "B"),
            }
        }
    }

    /// The whole chart: a list of the questions, each with where Yes and No lead.
    fn chart_accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        tree: &mut Tree<M>,
        parent: NodeId,
    ) {
        let title = jupas_reset_i18n::tr(lang, "help-title");
        let list = tree.push(parent, "help-chart", a11y::list(&title));
        for (n, entry) in chart(lang).into_iter().enumerate() {
            let key = format!("help-chart-{}", n + 1);
            let item = tree.push(list, &key, a11y::list_item(&entry.question));
            tree.push(item, &format!("{key}-yes"), a11y::label(&entry.yes));
            tree.push(item, &format!("{key}-no"), a11y::label(&entry.no));
            if let Some(advice) = &entry.advice {
                tree.push(item, &format!("{key}-advice"), a11y::label(advice));
            }
        }
    }

    /// `focus`: the control with keyboard focus, which gets a ring.
    pub fn view(&self, lang: Lang, focus: Option<&Id>) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let ring = |id, control| widgets::focusable(id, focus, control);
        let panel = if self.whole {
            self.chart_view(lang)
        } else {
            self.step_view(lang, focus)
        };
        let links = row![
            ring(
                LINK_SECURITY,
                widgets::secondary(
                    tr("help-link-security"),
                    Some(Message::Open(Link::Security))
                )
            ),
            ring(
                LINK_FAQ,
                widgets::secondary(tr("help-link-faq"), Some(Message::Open(Link::Faq)))
            ),
            ring(
                LINK_GUIDE,
                widgets::secondary(tr("help-link-guide"), Some(Message::Open(Link::UserGuide)))
            ),
        ]
        .spacing(8)
        .wrap();
        widgets::page(vec![
            widgets::title(lang, "help-title"),
            widgets::paragraph(lang, "help-intro"),
            ring(
                CHART_TOGGLE,
                widgets::secondary(self.toggle_label().render(lang), Some(Message::ToggleChart)),
            ),
            container(panel)
                .padding(16)
                .width(Length::Fill)
                .style(theme::panel)
                .into(),
            text(tr("help-links")).font(theme::APP_FONT_BOLD).into(),
            widgets::paragraph(lang, "help-links-intro"),
            links.into(),
            ring(
                CLOSE,
                widgets::secondary(tr("help-close"), Some(Message::Close)),
            ),
        ])
    }

    /// The question (or the answer), the app's advice for it if any, and its buttons.
    fn step_view(&self, lang: Lang, focus: Option<&Id>) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let ring = |id, control| widgets::focusable(id, focus, control);
        let mut step = column![
            text(self.prompt().render(lang))
                .size(18)
                .font(theme::APP_FONT_BOLD)
        ]
        .spacing(12);
        if let Some(advice) = advice(self.step) {
            step = step.push(
                text(advice.render(lang))
                    .size(widgets::muted_size(lang))
                    .style(theme::muted_text),
            );
        }
        let mut actions = row![].spacing(10);
        for control in self.step_controls() {
            let button = match control {
                YES => widgets::action(lang, "help-a-yes", Some(Message::Answer(true)), false),
                NO => widgets::action(lang, "help-a-no", Some(Message::Answer(false)), false),
                GO_TO_FORGOT => widgets::action(
                    lang,
                    "help-go-forgot",
                    Some(Message::GoToForgotPassword),
                    false,
                ),
                RESTART => widgets::secondary(tr("help-restart"), Some(Message::Restart)),
                // Back sits on its own line, under the answers.
                _ => continue,
            };
            actions = actions.push(ring(control, button));
        }
        step = step.push(actions.wrap());
        if !self.history.is_empty() {
            step = step.push(ring(
                BACK,
                widgets::secondary(tr("help-back"), Some(Message::Back)),
            ));
        }
        step.into()
    }

    /// Every question at once, numbered, each with where Yes and No lead.
    fn chart_view(&self, lang: Lang) -> Element<'_, Message> {
        let entries = chart(lang).into_iter().map(|entry| {
            let mut lines = column![
                text(entry.question).size(16).font(theme::APP_FONT_BOLD),
                text(entry.yes).size(15),
                text(entry.no).size(15),
            ]
            .spacing(4);
            if let Some(advice) = entry.advice {
                lines = lines.push(
                    text(advice)
                        .size(widgets::muted_size(lang))
                        .style(theme::muted_text),
                );
            }
            lines.into()
        });
        column(entries).spacing(16).into()
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
