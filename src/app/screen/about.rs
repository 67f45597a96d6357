//! "About": the app's name and version, the reset service it drives (or practice mode),
//! this PC's workstation enrolment, and the third-party components it is built from with
//! their licences (this OS's list, generated from Cargo's metadata by
//! `packaging/licenses.py`), and where the full licence texts are installed.

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{Id, column, container, text};
use iced::{Element, Length, Subscription};
use iced_a11y::accesskit::NodeId;
use iced_a11y::focus::Chain;
use iced_a11y::tree::{self as a11y, Tree};

use crate::keys;
use crate::text::Text;
use crate::theme;
use crate::widgets;
use jupas_reset_api::wire::Lang;

/// Close, at the top: focus lands there when About opens, and Esc does the same.
pub const FIRST_FOCUS: &str = CLOSE;
pub const CLOSE: &str = "about-close-button";

/// The third-party components of this OS's build: `name version<TAB>licence` per line.
#[cfg(target_os = "windows")]
pub const LICENCES: &str = include_str!("../../../resources/licenses/third-party-windows.txt");
#[cfg(target_os = "macos")]
pub const LICENCES: &str = include_str!("../../../resources/licenses/third-party-macos.txt");
#[cfg(not(any(target_os = "windows", target_os = "macos")))]
pub const LICENCES: &str = include_str!("../../../resources/licenses/third-party-linux.txt");

/// Where the installers put the full licence texts (`packaging/`).
#[cfg(target_os = "windows")]
pub const LICENCE_TEXTS: &str = r"C:\Program Files\JUPAS Forgot Password\THIRD-PARTY-LICENSES.txt";
#[cfg(target_os = "macos")]
pub const LICENCE_TEXTS: &str =
    "JUPAS Forgot Password.app/Contents/Resources (THIRD-PARTY-LICENSES.txt)";
#[cfg(not(any(target_os = "windows", target_os = "macos")))]
pub const LICENCE_TEXTS: &str = "/usr/share/doc/jupas-reset/THIRD-PARTY-LICENSES.txt";

/// One component of the list: its name and version, and its licence.
pub fn components() -> impl Iterator<Item = (&'static str, &'static str)> {
    LICENCES.lines().filter_map(|line| line.split_once('\t'))
}

/// What About reports, as the app knows it.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The reset service's address; `None` in practice mode.
    pub server: Option<&'a str>,
    /// The name this PC is enrolled under with that service, if it is.
    pub workstation: Option<&'a str>,
}

#[derive(Debug, Clone, Default)]
pub struct State {
    /// Where focus was when About opened: it goes back there when About closes.
    return_focus: Option<Id>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Close,
}

pub enum Action {
    None,
    /// About is done; focus goes back to where it was when it opened.
    Close {
        return_focus: Option<Id>,
    },
}

impl State {
    pub fn opened_from(focus: Option<Id>) -> State {
        State {
            return_focus: focus,
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Close => Action::Close {
                return_focus: self.return_focus.clone(),
            },
        }
    }

    /// Escape closes About (as Close does).
    pub fn shortcut(&self, key: &Key, _modifiers: Modifiers) -> Option<Message> {
        keys::is_named(key, Named::Escape).then_some(Message::Close)
    }

    pub fn subscription(&self) -> Subscription<Message> {
        Subscription::none()
    }

    /// Close is the only control; the list is read (and the page scrolled) by the keys
    /// that scroll the page.
    pub fn focus_chain<M: Clone + 'static>(
        &self,
        chain: Chain<M>,
        wrap: fn(Message) -> M,
    ) -> Chain<M> {
        chain.control(CLOSE, wrap(Message::Close))
    }

    /// The lines About shows, in order, as text.
    fn lines(lang: Lang, facts: Facts<'_>) -> [(&'static str, String); 3] {
        let version = Text::new("about-version")
            .str("version", env!("CARGO_PKG_VERSION"))
            .render(lang);
        let service = match facts.server {
            Some(server) => Text::new("about-server").str("server", server),
            None => Text::new("about-practice"),
        };
        let workstation = match facts.workstation {
            Some(name) => Text::new("about-workstation").str("name", name),
            None => Text::new("about-not-enrolled"),
        };
        [
            ("about-app-version", version),
            ("about-service", service.render(lang)),
            ("about-enrolment", workstation.render(lang)),
        ]
    }

    /// About as a screen reader reads it, in the order it is drawn; the components as a
    /// list, one item per component.
    pub fn accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        facts: Facts<'_>,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        tree.push(parent, "about-title", a11y::heading(&tr("about-title"), 1));
        tree.button(
            parent,
            CLOSE,
            &tr("about-close"),
            Some("Esc"),
            wrap(Message::Close),
        );
        tree.push(parent, "about-app", a11y::label(&tr("app-title")));
        for (key, line) in Self::lines(lang, facts) {
            tree.push(parent, key, a11y::label(&line));
        }
        tree.push(
            parent,
            "about-licences-title",
            a11y::heading(&tr("about-licences"), 2),
        );
        tree.push(
            parent,
            "about-licences-intro",
            a11y::label(&tr("about-licences-intro")),
        );
        tree.push(
            parent,
            "about-licence-texts",
            a11y::label(&licence_texts(lang)),
        );
        let list = tree.push(
            parent,
            "about-licence-list",
            a11y::list(&tr("about-licences")),
        );
        for (n, (component, licence)) in components().enumerate() {
            tree.push(
                list,
                &format!("about-licence-{n}"),
                a11y::list_item(&format!("{component}, {licence}")),
            );
        }
    }

    pub fn view(&self, lang: Lang, facts: Facts<'_>, focus: Option<&Id>) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let facts_panel = column(
            std::iter::once(
                text(tr("app-title"))
                    .size(18)
                    .font(theme::APP_FONT_BOLD)
                    .into(),
            )
            .chain(
                Self::lines(lang, facts)
                    .into_iter()
                    .map(|(_, line)| text(line).size(15).into()),
            ),
        )
        .spacing(6);
        // A line per component: the page only draws the lines in view.
        let list =
            column(components().map(|(component, licence)| {
                text(format!("{component} — {licence}")).size(13).into()
            }))
            .spacing(2);
        widgets::page(vec![
            widgets::title(lang, "about-title"),
            widgets::focusable(
                CLOSE,
                focus,
                widgets::secondary(tr("about-close"), Some(Message::Close)),
            ),
            container(facts_panel)
                .padding(16)
                .width(Length::Fill)
                .style(theme::panel)
                .into(),
            text(tr("about-licences"))
                .size(18)
                .font(theme::APP_FONT_BOLD)
                .into(),
            widgets::paragraph(lang, "about-licences-intro"),
            text(licence_texts(lang)).size(15).into(),
            container(list)
                .padding(12)
                .width(Length::Fill)
                .style(theme::panel)
                .into(),
        ])
    }
}

fn licence_texts(lang: Lang) -> String {
    Text::new("about-licence-texts")
        .str("path", LICENCE_TEXTS)
        .int("count", components().count() as i64)
        .render(lang)
}
