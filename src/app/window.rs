//! How the two windows open: size, place, icon, and the id desktops match them by.

use iced::window::{self, Icon, Settings};
use iced::{Point, Size};

/// Same name as the desktop entry, so docks and task bars match the window to it.
const APP_ID: &str = "jupas-reset";

/// On Windows and macOS the screen-reader adapter must subclass a window before it is first
/// shown (accesskit panics otherwise): windows open hidden and `iced_a11y`'s `attach` shows
/// them once the adapter is in. On Linux (AT-SPI) nothing waits.
const VISIBLE_AT_OPEN: bool = cfg!(not(any(windows, target_os = "macos")));

/// The main window. A close request while a reset is open must ask first, so the app
/// handles close requests itself.
pub(crate) fn main_settings() -> Settings {
    Settings {
        icon: icon(),
        platform_specific: platform_specific(),
        // Fits a 1280×800 or 1366×768 screen with a title bar and a task bar: a taller
        // window hid the end of the page below the screen's edge.
        size: Size::new(860.0, 680.0),
        position: window::Position::Specific(Point::new(20.0, 20.0)),
        min_size: Some(Size::new(560.0, 480.0)),
        visible: VISIBLE_AT_OPEN,
        exit_on_close_request: false,
        ..Settings::default()
    }
}

/// The practice mailbox, beside the main window, like the "new tab" the JUPAS user guide
/// asks the student to open.
pub(crate) fn mailbox_settings() -> Settings {
    Settings {
        icon: icon(),
        platform_specific: platform_specific(),
        size: Size::new(640.0, 560.0),
        position: window::Position::Specific(Point::new(900.0, 60.0)),
        visible: VISIBLE_AT_OPEN,
        exit_on_close_request: false,
        ..Settings::default()
    }
}

fn icon() -> Option<Icon> {
    let png = include_bytes!("../../packaging/icon/png/64x64.png");
    let rgba = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .ok()?
        .to_rgba8();
    let (width, height) = rgba.dimensions();
    window::icon::from_rgba(rgba.into_raw(), width, height).ok()
}

fn platform_specific() -> window::settings::PlatformSpecific {
    #[cfg(target_os = "linux")]
    {
        window::settings::PlatformSpecific {
            application_id: APP_ID.to_owned(),
            ..Default::default()
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = APP_ID;
        Default::default()
    }
}
