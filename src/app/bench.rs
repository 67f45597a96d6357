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
