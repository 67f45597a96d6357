//! Reading a key press, for the shortcuts the app and each screen declare.

use iced::keyboard::{Key, key::Named};

/// The character `c` (a letter or digit), whatever the case: Shift or Caps Lock must not matter.
pub(crate) fn is_char(key: &Key, c: &str) -> bool {
    matches!(key, Key::Character(k) if k.eq_ignore_ascii_case(c))
}

pub(crate) fn is_named(key: &Key, named: Named) -> bool {
    matches!(key, Key::Named(k) if *k == named)
}
