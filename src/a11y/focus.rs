//! The app's own focus model. iced 0.14 lets only text boxes take focus, and `Tab` is left
//! to the app; here every control (boxes, buttons, checkboxes, links, list items) is a stop,
//! in visual order, and focus wraps from the last stop to the first with no empty stop.

use iced_core::widget::Id;

/// What a focus stop is, which decides what Enter and Space do there.
#[derive(Debug, Clone)]
pub enum Kind<Message> {
    /// An iced `text_input` with this id: it really takes focus and receives typing.
    TextInput,
    /// A control drawn by the app with a focus ring; Enter and Space send the message.
    Control(Message),
}

#[derive(Debug, Clone)]
pub struct Stop<Message> {
    pub id: Id,
    pub kind: Kind<Message>,
}

/// The stops of one window, in visual order, and which one the app says has focus.
#[derive(Debug, Clone)]
pub struct Chain<Message> {
    stops: Vec<Stop<Message>>,
    focused: Option<Id>,
}

impl<Message> Default for Chain<Message> {
    fn default() -> Self {
        Chain {
            stops: Vec::new(),
            focused: None,
        }
    }
}

impl<Message: Clone> Chain<Message> {
    pub fn new(focused: Option<Id>) -> Self {
        Chain {
            stops: Vec::new(),
            focused,
        }
    }

    /// A text box, by the id its `text_input` was given.
    pub fn input(mut self, id: impl Into<Id>) -> Self {
        self.stops.push(Stop {
            id: id.into(),
            kind: Kind::TextInput,
        });
        self
    }

    /// A button, checkbox or link; `activate` is what Enter or Space does on it.
    pub fn control(mut self, id: impl Into<Id>, activate: Message) -> Self {
        self.stops.push(Stop {
            id: id.into(),
            kind: Kind::Control(activate),
        });
        self
    }

    pub fn stops(&self) -> &[Stop<Message>] {
        &self.stops
    }

    pub fn focused(&self) -> Option<&Id> {
        self.focused.as_ref()
    }

    pub fn stop(&self, id: &Id) -> Option<&Stop<Message>> {
        self.stops.iter().find(|stop| &stop.id == id)
    }

    /// The stop after (or before) `from`, wrapping around; the first (or last) stop when
    /// nothing is focused or the focused control is gone.
    pub fn next(&self, from: Option<&Id>, backwards: bool) -> Option<&Stop<Message>> {
        let count = self.stops.len();
        if count == 0 {
            return None;
        }
        let position = from.and_then(|id| self.stops.iter().position(|s| &s.id == id));
        let index = match (position, backwards) {
            (None, false) => 0,
            (None, true) => count - 1,
            (Some(i), false) => (i + 1) % count,
            (Some(i), true) => (i + count - 1) % count,
        };
        self.stops.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain() -> Chain<&'static str> {
        Chain::new(None)
            .input("a")
            .control("b", "pressed b")
            .input("c")
    }

    #[test]
    fn tab_walks_in_order_and_wraps_without_an_empty_stop() {
        let chain = chain();
        let mut at: Option<Id> = None;
        let mut seen = Vec::new();
        for _ in 0..4 {
            let stop = chain.next(at.as_ref(), false).expect("a stop");
            seen.push(stop.id.clone());
            at = Some(stop.id.clone());
        }
        assert_eq!(
            seen,
            vec![Id::new("a"), Id::new("b"), Id::new("c"), Id::new("a")]
        );
    }

    #[test]
    fn shift_tab_walks_backwards_and_wraps() {
        let chain = chain();
        let first = chain.next(None, true).expect("last stop");
        assert_eq!(first.id, Id::new("c"));
        let wrapped = chain.next(Some(&Id::new("a")), true).expect("wraps");
        assert_eq!(wrapped.id, Id::new("c"));
    }

    #[test]
    fn a_vanished_focus_starts_again_at_the_first_stop() {
        let chain = chain();
        let stop = chain.next(Some(&Id::new("gone")), false).expect("stop");
        assert_eq!(stop.id, Id::new("a"));
    }
}
