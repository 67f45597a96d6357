//! The window's root widget: it sees every key before any widget does, so
//! - shortcuts act and never type their letter into the focused box;
//! - Tab moves the app's own focus chain at once (typing right after Tab lands in the new
//!   box, not the old one), wraps, and scrolls the new stop into view;
//! - Enter and Space activate a focused button, checkbox or link;
//! - PageUp/PageDown/Home/End scroll the page;
//! - a new page (see [`Root::page_key`]) starts at the top, even where its first focus stop
//!   lies below the window's edge; the first key typed into that box brings it into view;
//! - and the app always knows which stop has focus, even after a mouse click.

use iced_core::keyboard::{self, Key, Modifiers, key::Named};
use iced_core::layout::{self, Layout};
use iced_core::widget::operation::scrollable::AbsoluteOffset;
use iced_core::widget::operation::{self, Focusable, Operation, Outcome, Scrollable};
use iced_core::widget::{Id, Tree, Widget, tree};
use iced_core::{Clipboard, Shell, mouse, overlay, renderer};
use iced_core::{Element, Event, Length, Rectangle, Size, Vector};

use crate::focus::{Chain, Kind, Stop};

/// Space kept above and below a stop scrolled into view, so its label shows too.
const SCROLL_MARGIN: f32 = 48.0;

type Shortcuts<'a, Message> = Box<dyn Fn(&Key, Modifiers) -> Option<Message> + 'a>;
type OnFocus<'a, Message> = Box<dyn Fn(Option<Id>) -> Message + 'a>;

pub struct Root<'a, Message, Theme, Renderer> {
    content: Element<'a, Message, Theme, Renderer>,
    chain: Chain<Message>,
    shortcuts: Shortcuts<'a, Message>,
    on_focus: OnFocus<'a, Message>,
    page: Option<Id>,
    page_key: u64,
}

/// Wraps a window's whole content. `on_focus` tells the app where focus went.
pub fn root<'a, Message, Theme, Renderer>(
    content: impl Into<Element<'a, Message, Theme, Renderer>>,
    chain: Chain<Message>,
    on_focus: impl Fn(Option<Id>) -> Message + 'a,
) -> Root<'a, Message, Theme, Renderer> {
    Root {
        content: content.into(),
        chain,
        shortcuts: Box::new(|_, _| None),
        on_focus: Box::new(on_focus),
        page: None,
        page_key: 0,
    }
}

impl<'a, Message, Theme, Renderer> Root<'a, Message, Theme, Renderer> {
    /// The window's keyboard shortcuts, taken before any widget sees the key.
    pub fn shortcuts(
        mut self,
        shortcuts: impl Fn(&Key, Modifiers) -> Option<Message> + 'a,
    ) -> Self {
        self.shortcuts = Box::new(shortcuts);
        self
    }

    /// The scrollable holding the page: paging keys scroll it, focus is kept visible in it.
    pub fn page(mut self, id: impl Into<Id>) -> Self {
        self.page = Some(id.into());
        self
    }

    /// Which page the window shows (any number the app changes when its screen changes).
    /// A new page starts scrolled to the top and the app's focus moves onto it without
    /// scrolling, so the page's title and warnings are what the student sees first.
    pub fn page_key(mut self, key: u64) -> Self {
        self.page_key = key;
        self
    }
}

/// What the root remembers between frames.
#[derive(Debug, Default)]
struct State {
    /// The stop that really has focus now (updated at once on Tab, before the app hears).
    focused: Option<Id>,
    /// The app's focus when last seen: a change there is a programmatic move to apply.
    app_focus: Option<Id>,
    /// The app moved focus; the widgets follow at the next event.
    sync: bool,
    /// The page key last seen.
    page_key: u64,
    /// A new page: scroll it to the top at the next frame.
    fresh: bool,
    /// Focus went to a box left out of view on a new page: typing brings it into view.
    reveal_on_type: bool,
}

impl<Message, Theme, Renderer> Widget<Message, Theme, Renderer>
    for Root<'_, Message, Theme, Renderer>
where
    Message: Clone,
    Renderer: renderer::Renderer,
{
    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State {
            focused: self.chain.focused().cloned(),
            app_focus: self.chain.focused().cloned(),
            sync: self.chain.focused().is_some(),
            page_key: self.page_key,
            fresh: true,
            reveal_on_type: false,
        })
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        let app_focus = self.chain.focused().cloned();
        let state = tree.state.downcast_mut::<State>();
        if state.page_key != self.page_key {
            state.page_key = self.page_key;
            state.fresh = true;
        }
        if state.app_focus != app_focus {
            state.app_focus = app_focus.clone();
            if state.focused != app_focus {
                state.focused = app_focus;
                state.sync = true;
            }
        }
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        let (state_tree, content_tree) = split(tree);
        let state = state_tree.downcast_mut::<State>();
        let redraw = matches!(
            event,
            Event::Window(iced_core::window::Event::RedrawRequested(_))
        );
        if redraw && (state.sync || state.fresh) {
            let fresh = std::mem::take(&mut state.fresh);
            let stop = state
                .focused
                .as_ref()
                .and_then(|id| self.chain.stop(id))
                .cloned();
            if std::mem::take(&mut state.sync) {
                // The app moved focus (a screen change, an error, the screen reader): follow
                // it, into view unless the page is new.
                let page = self.page.as_ref().filter(|_| !fresh);
                apply_focus(
                    &mut self.content,
                    content_tree,
                    layout,
                    renderer,
                    stop.as_ref(),
                    page,
                );
            }
            if fresh && let Some(page) = self.page.clone() {
                let mut top = ScrollPage {
                    page,
                    scroll: Scroll::To(0.0),
                };
                operate(&mut self.content, content_tree, layout, renderer, &mut top);
                state.reveal_on_type =
                    stop.is_some_and(|stop| matches!(stop.kind, Kind::TextInput));
            }
        }
        if let Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event
            && let Some(message) = self.key(state, content_tree, layout, renderer, key, *modifiers)
        {
            if let Some(message) = message {
                shell.publish(message);
            }
            shell.capture_event();
            // The page may have scrolled with no Message to the app: draw it now, not at the
            // next event (a blinking text cursor used to hide this; a page of buttons did not).
            shell.request_redraw();
            return;
        }
        if let Event::Keyboard(keyboard::Event::KeyPressed { text: Some(_), .. }) = event
            && std::mem::take(&mut state.reveal_on_type)
            && let (Some(focused), Some(page)) = (state.focused.clone(), self.page.clone())
        {
            // The student types into the box a new page left below the edge: show it.
            keep_in_view(
                &mut self.content,
                content_tree,
                layout,
                renderer,
                focused,
                page,
            );
        }
        self.content.as_widget_mut().update(
            content_tree,
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
        // A click, Escape in a box, or a focus task of the app's own can move iced's focus
        // without a word to the app: after each, and once per frame, ask which box has it.
        let may_move_focus = redraw
            || matches!(
                event,
                Event::Mouse(mouse::Event::ButtonPressed(_))
                    | Event::Touch(iced_core::touch::Event::FingerPressed { .. })
                    | Event::Keyboard(keyboard::Event::KeyPressed {
                        key: Key::Named(Named::Escape),
                        ..
                    })
            );
        if may_move_focus {
            let input = focused_input(&mut self.content, content_tree, layout, renderer);
            let on_a_box = state
                .focused
                .as_ref()
                .and_then(|id| self.chain.stop(id))
                .is_some_and(|stop| matches!(stop.kind, Kind::TextInput));
            if (input.is_some() || on_a_box) && input != state.focused {
                state.focused = input.clone();
                shell.publish((self.on_focus)(input));
            }
        }
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &Renderer,
    ) -> mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

impl<Message: Clone, Theme, Renderer: renderer::Renderer> Root<'_, Message, Theme, Renderer> {
    /// `Some` when the key is the root's to handle (with the Message to send, if any).
    fn key(
        &mut self,
        state: &mut State,
        content: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        key: &Key,
        modifiers: Modifiers,
    ) -> Option<Option<Message>> {
        let plain = !modifiers.control() && !modifiers.alt() && !modifiers.logo();
        let focused_stop = state
            .focused
            .as_ref()
            .and_then(|id| self.chain.stop(id))
            .cloned();
        match key {
            Key::Named(Named::Tab) if plain => {
                let next = self
                    .chain
                    .next(state.focused.as_ref(), modifiers.shift())
                    .cloned()?;
                apply_focus(
                    &mut self.content,
                    content,
                    layout,
                    renderer,
                    Some(&next),
                    self.page.as_ref(),
                );
                state.focused = Some(next.id.clone());
                return Some(Some((self.on_focus)(Some(next.id))));
            }
            Key::Named(Named::Enter | Named::Space) if plain => {
                if let Some(Stop {
                    kind: Kind::Control(message),
                    ..
                }) = focused_stop
                {
                    return Some(Some(message));
                }
            }
            _ => {}
        }
        if let Some(message) = (self.shortcuts)(key, modifiers) {
            return Some(Some(message));
        }
        let in_a_box = matches!(
            focused_stop,
            Some(Stop {
                kind: Kind::TextInput,
                ..
            })
        );
        let page = self.page.clone()?;
        let step = layout.bounds().height * 0.8;
        let scroll = match key {
            Key::Named(Named::PageDown) => Scroll::By(step),
            Key::Named(Named::PageUp) => Scroll::By(-step),
            Key::Named(Named::Home) if !in_a_box || modifiers.control() => Scroll::To(0.0),
            Key::Named(Named::End) if !in_a_box || modifiers.control() => Scroll::To(f32::MAX),
            _ => return None,
        };
        let mut operation = ScrollPage { page, scroll };
        operate(&mut self.content, content, layout, renderer, &mut operation);
        Some(None)
    }
}

/// The root's own state and its content's tree, borrowed apart.
fn split(tree: &mut Tree) -> (&mut tree::State, &mut Tree) {
    let Tree {
        state, children, ..
    } = tree;
    let content = children
        .first_mut()
        .expect("the root always has its content as its one child");
    (state, content)
}

fn operate<Message, Theme, Renderer: renderer::Renderer>(
    content: &mut Element<'_, Message, Theme, Renderer>,
    tree: &mut Tree,
    layout: Layout<'_>,
    renderer: &Renderer,
    operation: &mut dyn Operation,
) {
    content
        .as_widget_mut()
        .operate(tree, layout, renderer, operation);
}

/// Gives the real widget focus to a text box stop (and takes it from every other box for a
/// control stop), then scrolls the page so the stop is in view.
fn apply_focus<Message, Theme, Renderer: renderer::Renderer>(
    content: &mut Element<'_, Message, Theme, Renderer>,
    tree: &mut Tree,
    layout: Layout<'_>,
    renderer: &Renderer,
    stop: Option<&Stop<Message>>,
    page: Option<&Id>,
) {
    match stop {
        Some(Stop {
            id,
            kind: Kind::TextInput,
        }) => operate(
            content,
            tree,
            layout,
            renderer,
            &mut operation::focusable::focus::<()>(id.clone()),
        ),
        _ => operate(
            content,
            tree,
            layout,
            renderer,
            &mut operation::focusable::unfocus::<()>(),
        ),
    }
    if let (Some(stop), Some(page)) = (stop, page) {
        keep_in_view(
            content,
            tree,
            layout,
            renderer,
            stop.id.clone(),
            page.clone(),
        );
    }
}

/// Scrolls `page` so that `target` is in view (with a margin), if it is not.
fn keep_in_view<Message, Theme, Renderer: renderer::Renderer>(
    content: &mut Element<'_, Message, Theme, Renderer>,
    tree: &mut Tree,
    layout: Layout<'_>,
    renderer: &Renderer,
    target: Id,
    page: Id,
) {
    let mut operation = KeepInView {
        target,
        page,
        target_bounds: None,
        pending: true,
    };
    // First pass finds the stop's bounds; the second scrolls the page to it.
    operate(content, tree, layout, renderer, &mut operation);
    operate(content, tree, layout, renderer, &mut operation);
}

/// The id of the text box iced has focused, if any.
fn focused_input<Message, Theme, Renderer: renderer::Renderer>(
    content: &mut Element<'_, Message, Theme, Renderer>,
    tree: &mut Tree,
    layout: Layout<'_>,
    renderer: &Renderer,
) -> Option<Id> {
    struct FindFocused(Option<Id>);
    impl Operation for FindFocused {
        fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
            operate(self);
        }
        fn focusable(&mut self, id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Focusable) {
            if state.is_focused() {
                self.0 = id.cloned();
            }
        }
    }
    let mut find = FindFocused(None);
    operate(content, tree, layout, renderer, &mut find);
    find.0
}

enum Scroll {
    By(f32),
    To(f32),
}

struct ScrollPage {
    page: Id,
    scroll: Scroll,
}

impl Operation for ScrollPage {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn scrollable(
        &mut self,
        id: Option<&Id>,
        bounds: Rectangle,
        content_bounds: Rectangle,
        translation: Vector,
        state: &mut dyn Scrollable,
    ) {
        if id != Some(&self.page) {
            return;
        }
        let max = (content_bounds.height - bounds.height).max(0.0);
        let y = match self.scroll {
            Scroll::By(dy) => translation.y + dy,
            Scroll::To(y) => y,
        };
        state.scroll_to(AbsoluteOffset {
            x: None,
            y: Some(y.clamp(0.0, max)),
        });
    }
}

/// Two passes: the first records where the target is, the second scrolls the page to it.
struct KeepInView {
    target: Id,
    page: Id,
    target_bounds: Option<Rectangle>,
    pending: bool,
}

impl KeepInView {
    fn found(&mut self, id: Option<&Id>, bounds: Rectangle) {
        if id == Some(&self.target) && self.target_bounds.is_none() {
            self.target_bounds = Some(bounds);
        }
    }
}

impl Operation for KeepInView {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn container(&mut self, id: Option<&Id>, bounds: Rectangle) {
        self.found(id, bounds);
    }

    fn focusable(&mut self, id: Option<&Id>, bounds: Rectangle, _state: &mut dyn Focusable) {
        self.found(id, bounds);
    }

    fn scrollable(
        &mut self,
        id: Option<&Id>,
        bounds: Rectangle,
        content_bounds: Rectangle,
        translation: Vector,
        state: &mut dyn Scrollable,
    ) {
        if id != Some(&self.page) {
            return;
        }
        let Some(target) = self.target_bounds.filter(|_| self.pending) else {
            return;
        };
        self.pending = false;
        // Children report bounds as laid out, before the scroll translation.
        let top = target.y - bounds.y;
        let bottom = top + target.height;
        let visible_top = translation.y;
        let visible_bottom = translation.y + bounds.height;
        let max = (content_bounds.height - bounds.height).max(0.0);
        let y = if top < visible_top + SCROLL_MARGIN {
            top - SCROLL_MARGIN
        } else if bottom > visible_bottom - SCROLL_MARGIN {
            bottom + SCROLL_MARGIN - bounds.height
        } else {
            return;
        };
        state.scroll_to(AbsoluteOffset {
            x: None,
            y: Some(y.clamp(0.0, max)),
        });
    }

    fn finish(&self) -> Outcome<()> {
        Outcome::None
    }
}

impl<'a, Message, Theme, Renderer> From<Root<'a, Message, Theme, Renderer>>
    for Element<'a, Message, Theme, Renderer>
where
    Message: Clone + 'a,
    Theme: 'a,
    Renderer: renderer::Renderer + 'a,
{
    fn from(root: Root<'a, Message, Theme, Renderer>) -> Self {
        Element::new(root)
    }
}
