//! The app's side of screen readers: one AccessKit adapter per window, each window's tree
//! built from the app's state after every update (only while an assistive technology
//! listens), and the assistive technology's actions routed back as ordinary Messages.

use iced::Task;
use iced::widget::Id;
use iced::window;
use iced_a11y::accesskit::NodeId;
use iced_a11y::adapter::{Event, Handle};
use iced_a11y::focus::Chain;
use iced_a11y::tree::{self, Actions, Tree};
use std::collections::HashMap;

use crate::{App, Message, Screen};
use jupas_reset_i18n::tr;

/// The id of the main page's scrollable: paging keys scroll it, focus is kept in view in it.
pub(crate) const PAGE: &str = "page";
/// The mailbox window's scrollable.
pub(crate) const MAILBOX_PAGE: &str = "mailbox-page";

/// Header and banner controls, which every screen of the main window has.
pub(crate) const HELP_BUTTON: &str = "open-help";
pub(crate) const ABOUT_BUTTON: &str = "open-about";
pub(crate) const LANG_BUTTON: &str = "switch-language";
pub(crate) const CONTRAST_BUTTON: &str = "switch-contrast";
pub(crate) const MAILBOX_BUTTON: &str = "open-mailbox";

struct Adapter {
    handle: Handle,
    /// An assistive technology listens: trees are built and sent only then.
    active: bool,
    /// What each node's actions send, from the last tree.
    actions: Actions<Message>,
}

/// What the window manager last said about a window (it may speak before the adapter is up).
#[derive(Default, Clone, Copy)]
struct Placement {
    focused: bool,
    position: iced::Point,
    size: iced::Size,
}

#[derive(Default)]
pub(crate) struct Adapters(HashMap<window::Id, Adapter>, HashMap<window::Id, Placement>);

impl App {
    /// What an adapter said. Returns the Message an action stands for, if any.
    pub(crate) fn on_adapter_event(
        &mut self,
        window: window::Id,
        event: Event,
    ) -> (Task<Message>, Option<Message>) {
        match event {
            Event::Ready(handle) => {
                let placement = self.adapters.1.get(&window).copied().unwrap_or_default();
                let attach =
                    Task::batch([handle.attach(), handle.window_focused(placement.focused)]);
                handle.window_bounds(bounds(&placement), bounds(&placement));
                self.adapters.0.insert(
                    window,
                    Adapter {
                        handle,
                        active: false,
                        actions: Actions::default(),
                    },
                );
                (attach, None)
            }
            Event::Activated => {
                if let Some(adapter) = self.adapters.0.get_mut(&window) {
                    adapter.active = true;
                }
                (Task::none(), None)
            }
            Event::Deactivated => {
                if let Some(adapter) = self.adapters.0.get_mut(&window) {
                    adapter.active = false;
                }
                (Task::none(), None)
            }
            Event::Action(request) => {
                let message = self
                    .adapters
                    .0
                    .get(&window)
                    .and_then(|adapter| adapter.actions.resolve(&request));
                (Task::none(), message)
            }
        }
    }

    /// Tells the adapter what the window manager did to the window.
    pub(crate) fn on_window_event(
        &mut self,
        window: window::Id,
        event: window::Event,
    ) -> Task<Message> {
        let placement = self.adapters.1.entry(window).or_default();
        match event {
            window::Event::Focused | window::Event::Unfocused => {
                placement.focused = matches!(event, window::Event::Focused);
                let focused = placement.focused;
                return match self.adapters.0.get(&window) {
                    Some(adapter) => adapter.handle.window_focused(focused),
                    None => Task::none(),
                };
            }
            window::Event::Opened { position, size } => {
                placement.position = position.unwrap_or(placement.position);
                placement.size = size;
            }
            window::Event::Moved(position) => placement.position = position,
            window::Event::Resized(size) => placement.size = size,
            _ => return Task::none(),
        }
        let rect = bounds(placement);
        if let Some(adapter) = self.adapters.0.get(&window) {
            adapter.handle.window_bounds(rect, rect);
        }
        Task::none()
    }

    /// Sends every listened-to window its tree as the state now is.
    pub(crate) fn push_trees(&mut self) -> Task<Message> {
        let windows: Vec<window::Id> = self
            .adapters
            .0
            .iter()
            .filter(|(_, adapter)| adapter.active)
            .map(|(window, _)| *window)
            .collect();
        let mut tasks = Vec::new();
        for window in windows {
            let (update, actions) = self.tree(window).finish();
            if let Some(adapter) = self.adapters.0.get_mut(&window) {
                adapter.actions = actions;
                tasks.push(adapter.handle.update(move || update));
            }
        }
        Task::batch(tasks)
    }

    /// One window's tree: named after its screen, in the app's language, focus where the
    /// keyboard's is, and a Focus action on every stop of the focus chain.
    pub(crate) fn tree(&self, window: window::Id) -> Tree<Message> {
        let mut tree = Tree::new(
            &format!("window-{window:?}"),
            &self.title(window),
            self.lang.tag(),
        );
        let root = tree.root();
        if Some(window) == self.mailbox_window {
            self.mailbox
                .accessibility(self.lang, &mut tree, root, Message::Mailbox);
        } else {
            self.main_tree(&mut tree, root);
        }
        let chain = self.focus_chain(window);
        for stop in chain.stops() {
            tree.on_focus(&stop.id, Message::Focus(window, Some(stop.id.clone())));
        }
        if let Some(node) = self.focused(window).and_then(|id| tree.node_of(id)) {
            tree.set_focus(node);
        }
        tree
    }

    fn main_tree(&self, tree: &mut Tree<Message>, root: NodeId) {
        let tr = |id| tr(self.lang, id);
        let header = tree.push(root, "header", tree::group(&tr("app-title")));
        if self.overlays_may_open() {
            tree.button(
                header,
                HELP_BUTTON,
                &tr("help-open"),
                Some("F1"),
                Message::OpenHelp,
            );
            tree.button(
                header,
                ABOUT_BUTTON,
                &tr("about-open"),
                Some("F2"),
                Message::OpenAbout,
            );
        }
        tree.button(
            header,
            LANG_BUTTON,
            &tr("lang-switch"),
            Some("Ctrl+L"),
            Message::ToggleLang,
        );
        let contrast = self.appearance.contrast_switch_label().render(self.lang);
        tree.button(
            header,
            CONTRAST_BUTTON,
            &contrast,
            Some("Ctrl+Shift+H"),
            Message::Appearance(crate::appearance::Message::ToggleContrast),
        );
        if self.practice.is_some() {
            let banner = tree.push(root, "practice", tree::group(&tr("practice-banner")));
            tree.push(banner, "practice-text", tree::label(&tr("practice-banner")));
            tree.button(
                banner,
                MAILBOX_BUTTON,
                &tr("practice-open-mailbox"),
                Some("Alt+M"),
                Message::OpenMailbox,
            );
        }
        self.workstation_tree(tree, root);
        if self.lang == jupas_reset_api::wire::Lang::ZhHk {
            tree.push(root, "prevails", tree::label(&tr("prevails-note")));
        }
        if let Some(about) = &self.about {
            let facts = crate::screen::about::Facts {
                server: self.server.as_deref(),
                workstation: self.workstation.as_deref(),
            };
            about.accessibility(self.lang, facts, tree, root, Message::About);
            return;
        }
        if let Some(help) = &self.help {
            let links = self.links.get(self.lang);
            help.accessibility(self.lang, links, tree, root, Message::Help);
            return;
        }
        match &self.screen {
            Screen::Forgot(state) => state.accessibility(self.lang, tree, root, Message::Forgot),
            Screen::Verify(state) => {
                let guide = &self.links.get(self.lang).user_guide;
                state.accessibility(self.lang, &self.limits, guide, tree, root, Message::Verify)
            }
            Screen::Success(state) => state.accessibility(self.lang, tree, root, Message::Success),
        }
    }

    /// Every control of the window, in the order they are drawn.
    pub(crate) fn focus_chain(&self, window: window::Id) -> Chain<Message> {
        let chain = Chain::new(self.focused(window).cloned());
        if Some(window) == self.mailbox_window {
            return self.mailbox.focus_chain(chain, Message::Mailbox);
        }
        // A modal dialog keeps focus inside it.
        if let Screen::Verify(state) = &self.screen
            && state.leave_dialog_shown()
        {
            return state.dialog_focus_chain(chain, Message::Verify);
        }
        let mut chain = chain;
        if self.overlays_may_open() {
            chain = chain
                .control(HELP_BUTTON, Message::OpenHelp)
                .control(ABOUT_BUTTON, Message::OpenAbout);
        }
        chain = chain.control(LANG_BUTTON, Message::ToggleLang).control(
            CONTRAST_BUTTON,
            Message::Appearance(crate::appearance::Message::ToggleContrast),
        );
        if self.practice.is_some() {
            chain = chain.control(MAILBOX_BUTTON, Message::OpenMailbox);
        }
        if self.workstation_notice {
            chain = chain.control(
                crate::enrolled::DISMISS,
                Message::Workstation(crate::enrolled::WorkstationMessage::DismissNotice),
            );
        }
        if let Some(about) = &self.about {
            return about.focus_chain(chain, Message::About);
        }
        if let Some(help) = &self.help {
            return help.focus_chain(chain, Message::Help);
        }
        match &self.screen {
            Screen::Forgot(state) => state.focus_chain(chain, Message::Forgot),
            Screen::Verify(state) => state.focus_chain(chain, Message::Verify),
            Screen::Success(state) => state.focus_chain(chain, Message::Success),
        }
    }

    pub(crate) fn focused(&self, window: window::Id) -> Option<&Id> {
        self.focus.get(&window)
    }

    /// Moves the keyboard focus of a window (the root widget makes the widgets follow).
    pub(crate) fn set_focus(&mut self, window: window::Id, id: Option<Id>) {
        match id {
            Some(id) => self.focus.insert(window, id),
            None => self.focus.remove(&window),
        };
    }
}

fn bounds(placement: &Placement) -> iced_a11y::accesskit::Rect {
    let Placement { position, size, .. } = placement;
    iced_a11y::accesskit::Rect::new(
        f64::from(position.x),
        f64::from(position.y),
        f64::from(position.x + size.width),
        f64::from(position.y + size.height),
    )
}
