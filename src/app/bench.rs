//! For the `a11y_tree` benchmark only: the app's own update and the main window's
//! accessibility tree, without a running event loop (the `App` type stays private).

use iced_a11y::accesskit::TreeUpdate;

use crate::screen::forgot;
use crate::settings::{Links, Settings};
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
                links: Links::default(),
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
