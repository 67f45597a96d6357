//! For the `a11y_tree` benchmark and the app's tests: the app's own update, the main
//! window as drawn and its accessibility tree, without a running event loop (the `App`
//! type stays private).

use iced_a11y::accesskit::TreeUpdate;

use crate::screen::forgot;
use crate::settings::{Settings, SiteLinks};
use crate::{App, Message, Startup};
use jupas_reset_api::client::ApiClient;
use jupas_reset_api::wire::Lang;

/// The main window of a freshly started app (not practice mode), on Forgot Password.
pub struct MainWindow(App);

impl MainWindow {
    pub fn new(client: ApiClient, lang: Lang) -> MainWindow {
        let startup = Startup {
            settings: Settings {
                lang,
                links: SiteLinks::default(),
                high_contrast: false,
            },
            client,
            practice: None,
            server: None,
            workstation: None,
        };
        // The tasks (open the window, load the first code) are never run here.
        let (app, _tasks) = App::boot(startup);
        MainWindow(app)
    }

    /// What every message costs when no screen reader listens: no tree is built.
    pub fn update(&mut self, message: forgot::Message) {
        let _task = self.0.handle(Message::Forgot(message));
    }

    /// Login help, as F1 opens it.
    pub fn open_help(&mut self) {
        let _task = self.0.handle(Message::OpenHelp);
    }

    /// The other language, as Ctrl+L switches.
    pub fn toggle_language(&mut self) {
        let _task = self.0.handle(Message::ToggleLang);
    }

    /// The window's content as drawn (header, notes, the page), for layout tests.
    pub fn view(&self) -> iced::Element<'_, impl std::fmt::Debug + Clone + 'static> {
        self.0.main_view()
    }

    /// What a listening screen reader adds after every update: the whole tree, built and
    /// finished into the update the adapter diffs.
    pub fn tree(&self) -> TreeUpdate {
        self.0.tree(self.0.main_window).finish().0
    }
}

/// A security-code picture decoded as the screen decodes it.
pub fn decode_picture(
    challenge: &jupas_reset_api::wire::Challenge,
) -> Result<crate::media::CaptchaImage, crate::media::MediaError> {
    crate::media::decode_image(challenge)
}

/// One of the app's own messages, opaque: tests only feed back what the app's tasks made.
#[derive(Debug, Clone)]
pub struct AppMessage(Message);

/// The whole app's update loop without windows or a runtime, for tests: the test runs the
/// tasks `update` returns and feeds their messages back, as iced would.
pub struct Headless(App);

impl Headless {
    /// The app as `main` starts it (its start-up tasks, which open windows, are not run).
    pub fn boot(startup: Startup) -> Headless {
        let (app, _tasks) = App::boot(startup);
        Headless(app)
    }

    /// What an enrolled PC asks the service at start.
    pub fn check_workstation(&self) -> iced::Task<AppMessage> {
        crate::enrolled::check(&self.0.client).map(AppMessage)
    }

    pub fn update(&mut self, message: AppMessage) -> iced::Task<AppMessage> {
        self.0.update(message.0).map(AppMessage)
    }

    /// A message of the Forgot Password screen (typing, Continue).
    pub fn forgot(&mut self, message: forgot::Message) -> iced::Task<AppMessage> {
        self.update(AppMessage(Message::Forgot(message)))
    }

    /// What a key pressed in the main window does, if anything.
    pub fn press(
        &self,
        key: iced::keyboard::Key,
        modifiers: iced::keyboard::Modifiers,
    ) -> Option<AppMessage> {
        self.0
            .shortcut(self.0.main_window, &key, modifiers)
            .map(AppMessage)
    }

    /// The main window's title, which names the screen shown.
    pub fn title(&self) -> String {
        self.0.title(self.0.main_window)
    }

    /// The control with keyboard focus in the main window.
    pub fn focus(&self) -> Option<iced::widget::Id> {
        self.0.focused(self.0.main_window).cloned()
    }

    /// Whether the Forgot Password screen is shown without a security code.
    pub fn security_code_waived(&self) -> bool {
        matches!(&self.0.screen, crate::Screen::Forgot(state) if state.security_code_waived())
    }

    /// The Forgot Password screen's state, if it is the screen shown.
    pub fn forgot_screen(&self) -> Option<&forgot::State> {
        match &self.0.screen {
            crate::Screen::Forgot(state) => Some(state),
            _ => None,
        }
    }

    /// The main window's accessibility tree.
    pub fn tree(&self) -> TreeUpdate {
        self.0.tree(self.0.main_window).finish().0
    }

    /// What a screen reader's Click on the node pushed under `key` sends.
    pub fn click(&self, key: &str) -> Option<AppMessage> {
        let (_, actions) = self.0.tree(self.0.main_window).finish();
        let request = iced_a11y::accesskit::ActionRequest {
            action: iced_a11y::accesskit::Action::Click,
            target_tree: iced_a11y::accesskit::TreeId::ROOT,
            target_node: iced_a11y::tree::node_id(key),
            data: None,
        };
        actions.resolve(&request).map(AppMessage)
    }

    /// The main window as drawn.
    pub fn view(&self) -> iced::Element<'_, AppMessage> {
        self.0.main_view().map(AppMessage)
    }
}
