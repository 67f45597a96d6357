//! How the app looks to the student, whatever the screen: high contrast (from the OS at
//! start, then Ctrl+Shift+H) and zoom, 100–200 % (Ctrl+= / Ctrl++, Ctrl+-, Ctrl+0), for
//! both windows (WCAG 1.4.4, 1.4.6, 1.4.11).

use iced::Theme;
use iced::keyboard::{Key, Modifiers};

use super::keys;
use super::text::Text;
use super::theme;

/// Zoom in whole percent, so that steps add up exactly.
pub(crate) const ZOOM_MIN: u16 = 100;
pub(crate) const ZOOM_MAX: u16 = 200;
pub(crate) const ZOOM_STEP: u16 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Message {
    ToggleContrast,
    ZoomIn,
    ZoomOut,
    ZoomReset,
}

#[derive(Debug, Clone)]
pub(crate) struct State {
    high_contrast: bool,
    zoom: u16,
}

impl State {
    /// `high_contrast`: the OS setting, read once by `main`.
    pub(crate) fn new(high_contrast: bool) -> Self {
        State {
            high_contrast,
            zoom: ZOOM_MIN,
        }
    }

    pub(crate) fn update(&mut self, message: Message) {
        match message {
            Message::ToggleContrast => self.high_contrast = !self.high_contrast,
            Message::ZoomIn => self.zoom = (self.zoom + ZOOM_STEP).min(ZOOM_MAX),
            Message::ZoomOut => self.zoom = self.zoom.saturating_sub(ZOOM_STEP).max(ZOOM_MIN),
            Message::ZoomReset => self.zoom = ZOOM_MIN,
        }
    }

    /// For the daemon's `scale_factor`: 1.0–2.0, on top of the OS's own scale.
    pub(crate) fn scale_factor(&self) -> f32 {
        f32::from(self.zoom) / 100.0
    }

    pub(crate) fn theme(&self) -> Theme {
        theme::app_theme(self.high_contrast)
    }

    /// The header button's label: what pressing it switches to.
    pub(crate) fn contrast_switch_label(&self) -> Text {
        Text::new(if self.high_contrast {
            "contrast-switch-standard"
        } else {
            "contrast-switch"
        })
    }
}

/// Keys that work on every screen and in both windows. `=` and `+` both zoom in: `+` is
/// Shift+= on most layouts, and the numeric keypad has its own.
pub(crate) fn shortcut(key: &Key, modifiers: Modifiers) -> Option<Message> {
    if !modifiers.command() || modifiers.alt() {
        return None;
    }
    let ch = |c| keys::is_char(key, c);
    if modifiers.shift() && ch("h") {
        Some(Message::ToggleContrast)
    } else if ch("=") || ch("+") {
        Some(Message::ZoomIn)
    } else if ch("-") || ch("_") {
        Some(Message::ZoomOut)
    } else if ch("0") && !modifiers.shift() {
        Some(Message::ZoomReset)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::{Event, keyboard};

    const CTRL: Modifiers = Modifiers::CTRL;

    fn key(c: &str) -> Key {
        Key::Character(c.into())
    }

    /// The key goes through `shortcut` and `update`, as in the app.
    fn press(state: &mut State, c: &str, modifiers: Modifiers) -> f32 {
        if let Some(message) = shortcut(&key(c), modifiers) {
            state.update(message);
        }
        state.scale_factor()
    }

    #[test]
    fn zoom_keys_step_by_ten_percent_and_clamp_to_100_200() {
        let mut state = State::new(false);
        assert_eq!(state.scale_factor(), 1.0);
        assert_eq!(press(&mut state, "=", CTRL), 1.1);
        assert_eq!(press(&mut state, "+", CTRL | Modifiers::SHIFT), 1.2);
        for _ in 0..20 {
            press(&mut state, "=", CTRL);
        }
        assert_eq!(state.scale_factor(), 2.0, "never above 200 %");
        assert_eq!(press(&mut state, "-", CTRL), 1.9);
        assert_eq!(press(&mut state, "0", CTRL), 1.0);
        for _ in 0..5 {
            press(&mut state, "-", CTRL);
        }
        assert_eq!(state.scale_factor(), 1.0, "never below 100 %");
    }

    #[test]
    fn zoom_and_contrast_need_ctrl_so_typing_is_left_alone() {
        for c in ["=", "+", "-", "0", "h", "H"] {
            assert_eq!(shortcut(&key(c), Modifiers::empty()), None, "{c}");
            assert_eq!(shortcut(&key(c), Modifiers::SHIFT), None, "{c}");
            assert_eq!(shortcut(&key(c), Modifiers::ALT), None, "{c}");
        }
        assert_eq!(shortcut(&key("h"), CTRL), None, "Ctrl+H alone is not ours");
    }

    #[test]
    fn ctrl_shift_h_switches_contrast_and_the_theme_with_it() {
        let mut state = State::new(false);
        let standard = state.theme();
        let label = state.contrast_switch_label();
        let message = shortcut(&key("H"), CTRL | Modifiers::SHIFT);
        assert_eq!(message, Some(Message::ToggleContrast));
        state.update(Message::ToggleContrast);
        assert_eq!(state.theme(), theme::app_theme(true));
        assert_ne!(
            state.contrast_switch_label(),
            label,
            "the button says what it does now"
        );
        state.update(Message::ToggleContrast);
        assert_eq!(state.theme(), standard);
        let from_os = State::new(true).theme();
        assert_eq!(
            from_os,
            theme::app_theme(true),
            "the OS setting is the start"
        );
    }

    #[derive(Debug, Clone, PartialEq)]
    enum Seen {
        Typed(String),
        Look(Message),
        Focus,
    }

    fn press_with_ctrl(c: &str) -> Event {
        Event::Keyboard(keyboard::Event::KeyPressed {
            key: key(c),
            modified_key: key(c),
            physical_key: keyboard::key::Physical::Unidentified(
                keyboard::key::NativeCode::Unidentified,
            ),
            location: keyboard::Location::Standard,
            modifiers: CTRL,
            // What winit sends for Ctrl+=: the text "=", which a text box would type.
            text: Some(c.into()),
            repeat: false,
        })
    }

    #[test]
    fn a_focused_text_box_never_sees_the_zoom_keys() {
        use iced::widget::text_input;
        use iced_test::{Simulator, selector};

        let content: iced::Element<'_, Seen> =
            text_input("", "").id("box").on_input(Seen::Typed).into();
        // The window's keyboard root takes the app's shortcuts before any widget sees them.
        let chain = iced_a11y::focus::Chain::new(None).input("box");
        let root = iced_a11y::keyboard::root(content, chain, |_| Seen::Focus)
            .shortcuts(|key, modifiers| shortcut(key, modifiers).map(Seen::Look));
        let mut ui = Simulator::new(root);
        ui.click(selector::id("box")).expect("the box");
        ui.simulate([
            Event::Keyboard(keyboard::Event::ModifiersChanged(CTRL)),
            press_with_ctrl("="),
            press_with_ctrl("-"),
            press_with_ctrl("0"),
            Event::Keyboard(keyboard::Event::ModifiersChanged(Modifiers::empty())),
        ]);
        ui.typewrite("a");
        let seen: Vec<Seen> = ui.into_messages().filter(|m| *m != Seen::Focus).collect();
        assert_eq!(
            seen,
            [
                Seen::Look(Message::ZoomIn),
                Seen::Look(Message::ZoomOut),
                Seen::Look(Message::ZoomReset),
                Seen::Typed("a".into()),
            ],
            "the keys zoom, and typing still types"
        );
    }
}
