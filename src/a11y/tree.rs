//! Building an AccessKit tree from an app's state, with the Message each node's actions
//! send. Screens describe nodes; this module knows AccessKit's rules (stable ids, a
//! `TextRun` child under every text box, secrets never exposed).

use accesskit::{
    Action, ActionData, ActionRequest, Invalid, Live, Node, NodeId, Role, TextDirection, Toggled,
    TreeId, TreeInfo, TreeUpdate,
};
use iced_core::widget::Id;
use std::collections::HashMap;

/// A stable node id from a key the app chooses ("login-name", "warning-2"…): the same key
/// gives the same id in every build of the tree, so AccessKit sends only what changed.
pub fn node_id(key: &str) -> NodeId {
    // FNV-1a: stable across runs and platforms, unlike `std`'s randomly seeded hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    NodeId(hash.max(1))
}

/// What an assistive technology may ask of one node, as the app's own Messages.
pub struct Handlers<Message> {
    click: Option<Message>,
    focus: Option<Message>,
    set_value: Option<Box<dyn Fn(String) -> Message + Send + Sync>>,
}

impl<Message> Default for Handlers<Message> {
    fn default() -> Self {
        Handlers {
            click: None,
            focus: None,
            set_value: None,
        }
    }
}

impl<Message: Clone> Handlers<Message> {
    pub fn click(mut self, message: Message) -> Self {
        self.click = Some(message);
        self
    }

    pub fn focus(mut self, message: Message) -> Self {
        self.focus = Some(message);
        self
    }

    pub fn set_value(
        mut self,
        to_message: impl Fn(String) -> Message + Send + Sync + 'static,
    ) -> Self {
        self.set_value = Some(Box::new(to_message));
        self
    }

    fn actions(&self) -> impl Iterator<Item = Action> {
        [
            self.click.as_ref().map(|_| Action::Click),
            self.focus.as_ref().map(|_| Action::Focus),
            self.set_value.as_ref().map(|_| Action::SetValue),
        ]
        .into_iter()
        .flatten()
    }
}

/// A text box as a screen reader needs it.
#[derive(Debug, Clone, Default)]
pub struct TextField<'a> {
    /// The visible label; the box is named by it.
    pub label: &'a str,
    pub value: &'a str,
    pub placeholder: &'a str,
    pub required: bool,
    /// Password boxes: the role says so and the value is never exposed, only its length.
    pub secret: bool,
    /// The field's error, if any: it becomes the box's description and marks it invalid.
    pub error: Option<&'a str>,
    /// Extra help (a format hint…), read after the error.
    pub hint: Option<&'a str>,
}

/// One window's tree, built top-down; `finish` gives the update and the action table.
pub struct Tree<Message> {
    nodes: Vec<(NodeId, Node)>,
    /// Each node's key, to find the node of a widget id (text boxes, buttons: same string).
    keys: Vec<(String, NodeId)>,
    index: HashMap<NodeId, usize>,
    handlers: HashMap<NodeId, Handlers<Message>>,
    root: NodeId,
    focus: NodeId,
}

impl<Message: Clone> Tree<Message> {
    /// The window node: named after the screen, in the screen's language (BCP 47 tag).
    pub fn new(window_key: &str, title: &str, language: &str) -> Self {
        let root = node_id(window_key);
        let mut window = Node::new(Role::Window);
        window.set_label(title);
        window.set_language(language);
        Tree {
            nodes: vec![(root, window)],
            keys: vec![(window_key.to_owned(), root)],
            index: HashMap::from([(root, 0)]),
            handlers: HashMap::new(),
            root,
            focus: root,
        }
    }

    pub fn root(&self) -> NodeId {
        self.root
    }

    /// Adds `node` as the last child of `parent` (which must already be in the tree).
    pub fn push(&mut self, parent: NodeId, key: &str, node: Node) -> NodeId {
        let id = node_id(key);
        if let Some(&at) = self.index.get(&parent)
            && let Some((_, parent_node)) = self.nodes.get_mut(at)
        {
            parent_node.push_child(id);
        }
        self.index.insert(id, self.nodes.len());
        self.nodes.push((id, node));
        self.keys.push((key.to_owned(), id));
        id
    }

    /// The node pushed under the same key as this widget id, if any.
    pub fn node_of(&self, widget: &Id) -> Option<NodeId> {
        self.keys
            .iter()
            .find(|(key, _)| Id::from(key.clone()) == *widget)
            .map(|(_, id)| *id)
    }

    /// Lets the assistive technology move focus to this widget's node.
    pub fn on_focus(&mut self, widget: &Id, message: Message) {
        let Some(id) = self.node_of(widget) else {
            return;
        };
        if let Some(&at) = self.index.get(&id)
            && let Some((_, node)) = self.nodes.get_mut(at)
        {
            node.add_action(Action::Focus);
        }
        self.handlers.entry(id).or_default().focus = Some(message);
    }

    /// Like `push`, with what the assistive technology's actions on it send.
    pub fn push_with(
        &mut self,
        parent: NodeId,
        key: &str,
        mut node: Node,
        handlers: Handlers<Message>,
    ) -> NodeId {
        for action in handlers.actions() {
            node.add_action(action);
        }
        let id = self.push(parent, key, node);
        self.handlers.insert(id, handlers);
        id
    }

    /// A button named by its text, with its keyboard shortcut, that sends `on_click` when the
    /// assistive technology presses it.
    pub fn button(
        &mut self,
        parent: NodeId,
        key: &str,
        text: &str,
        shortcut: Option<&str>,
        on_click: Message,
    ) -> NodeId {
        self.push_with(
            parent,
            key,
            button(text, shortcut),
            Handlers::default().click(on_click),
        )
    }

    /// A text box with its `TextRun` child (without it, AT-SPI shows no text at all).
    pub fn text_field(
        &mut self,
        parent: NodeId,
        key: &str,
        field: &TextField<'_>,
        handlers: Handlers<Message>,
    ) -> NodeId {
        let role = if field.secret {
            Role::PasswordInput
        } else {
            Role::TextInput
        };
        let mut node = Node::new(role);
        node.set_label(field.label);
        if !field.placeholder.is_empty() {
            node.set_placeholder(field.placeholder);
        }
        if field.required {
            node.set_required();
        }
        let shown = shown_value(field);
        node.set_value(shown.as_str());
        let description: Vec<&str> = [field.error, field.hint].into_iter().flatten().collect();
        if !description.is_empty() {
            node.set_description(description.join(" "));
        }
        if field.error.is_some() {
            node.set_invalid(Invalid::True);
        }
        let id = self.push_with(parent, key, node, handlers);
        self.push(id, &format!("{key}/text"), text_run(&shown));
        id
    }

    /// Where keyboard focus is; the window itself when nothing inside has it.
    pub fn set_focus(&mut self, id: NodeId) {
        self.focus = id;
    }

    pub fn finish(self) -> (TreeUpdate, Actions<Message>) {
        let update = TreeUpdate {
            nodes: self.nodes,
            tree: Some(TreeInfo {
                root: self.root,
                toolkit_name: Some("iced".into()),
                toolkit_version: Some("0.14".into()),
            }),
            tree_id: TreeId::ROOT,
            focus: self.focus,
        };
        (update, Actions(self.handlers))
    }
}

/// A secret's characters never leave the app: a screen reader hears "bullet" per character.
fn shown_value(field: &TextField<'_>) -> String {
    if field.secret {
        "•".repeat(field.value.chars().count())
    } else {
        field.value.to_owned()
    }
}

/// The text of a box, with the lengths AccessKit needs to move a caret through it.
pub fn text_run(value: &str) -> Node {
    let mut run = Node::new(Role::TextRun);
    run.set_value(value);
    let lengths: Vec<u8> = value
        .chars()
        .map(|c| u8::try_from(c.len_utf8()).unwrap_or(4))
        .collect();
    run.set_character_lengths(lengths);
    let mut starts = Vec::new();
    let mut previous_space = true;
    for (index, c) in value.chars().enumerate() {
        if previous_space && !c.is_whitespace() {
            starts.push(u8::try_from(index).unwrap_or(u8::MAX));
        }
        previous_space = c.is_whitespace();
    }
    run.set_word_starts(starts);
    run.set_text_direction(TextDirection::LeftToRight);
    run
}

pub fn heading(text: &str, level: usize) -> Node {
    let mut node = Node::new(Role::Heading);
    node.set_label(text);
    node.set_level(level);
    node
}

/// Static text that is read in document order.
pub fn label(text: &str) -> Node {
    let mut node = Node::new(Role::Label);
    node.set_value(text);
    node
}

/// A button named by its text, with its keyboard shortcut ("Alt+N").
pub fn button(text: &str, shortcut: Option<&str>) -> Node {
    let mut node = Node::new(Role::Button);
    node.set_label(text);
    if let Some(keys) = shortcut {
        node.set_keyboard_shortcut(keys);
    }
    node
}

pub fn link(text: &str, url: &str) -> Node {
    let mut node = Node::new(Role::Link);
    node.set_label(text);
    node.set_url(url);
    node
}

pub fn checkbox(text: &str, checked: bool, shortcut: Option<&str>) -> Node {
    let mut node = Node::new(Role::CheckBox);
    node.set_label(text);
    node.set_toggled(Toggled::from(checked));
    if let Some(keys) = shortcut {
        node.set_keyboard_shortcut(keys);
    }
    node
}

/// A picture named by what it is, never by what it shows if that is a secret.
pub fn image(name: &str) -> Node {
    let mut node = Node::new(Role::Image);
    node.set_label(name);
    node
}

/// A notice: polite status, or an assertive alert for errors and the end of a session.
pub fn live(text: &str, assertive: bool) -> Node {
    let (role, live) = if assertive {
        (Role::Alert, Live::Assertive)
    } else {
        (Role::Status, Live::Polite)
    };
    let mut node = Node::new(role);
    node.set_label(text);
    node.set_live(live);
    node
}

pub fn list(name: &str) -> Node {
    let mut node = Node::new(Role::List);
    node.set_label(name);
    node
}

pub fn list_item(text: &str) -> Node {
    let mut node = Node::new(Role::ListItem);
    node.set_label(text);
    node
}

/// A group of nodes under a name (a panel, a section).
pub fn group(name: &str) -> Node {
    let mut node = Node::new(Role::Group);
    node.set_label(name);
    node
}

/// A modal dialog; `describe` is its message, read when it opens.
pub fn dialog(title: &str, describe: &str) -> Node {
    let mut node = Node::new(Role::AlertDialog);
    node.set_label(title);
    node.set_description(describe);
    node.set_modal();
    node
}

/// The Messages behind every node's actions, from the last tree built.
pub struct Actions<Message>(HashMap<NodeId, Handlers<Message>>);

impl<Message> Default for Actions<Message> {
    fn default() -> Self {
        Actions(HashMap::new())
    }
}

impl<Message: Clone> Actions<Message> {
    /// The Message for a request from the assistive technology, if the node supports it.
    pub fn resolve(&self, request: &ActionRequest) -> Option<Message> {
        let handlers = self.0.get(&request.target_node)?;
        match request.action {
            Action::Click => handlers.click.clone(),
            Action::Focus => handlers.focus.clone(),
            Action::SetValue => match &request.data {
                Some(ActionData::Value(value)) => {
                    handlers.set_value.as_ref().map(|f| f(value.to_string()))
                }
                _ => None,
            },
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    enum Msg {
        Typed(String),
        Pressed,
    }

    fn request(node: NodeId, action: Action, data: Option<ActionData>) -> ActionRequest {
        ActionRequest {
            action,
            target_tree: TreeId::ROOT,
            target_node: node,
            data,
        }
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(node_id("login-name"), node_id("login-name"));
        assert_ne!(node_id("login-name"), node_id("email"));
    }

    #[test]
    fn a_secret_box_never_exposes_its_value() {
        let mut tree = Tree::<Msg>::new("main", "Window", "en");
        let root = tree.root();
        let field = TextField {
            label: "New Password",
            value: "hunter2 secret",
            secret: true,
            ..TextField::default()
        };
        tree.text_field(root, "pw", &field, Handlers::default());
        let (update, _) = tree.finish();
        let debug = format!("{:?}", update.nodes);
        assert!(!debug.contains("hunter2"));
        let run = update
            .nodes
            .iter()
            .find(|(_, n)| n.role() == Role::TextRun)
            .expect("text run");
        assert_eq!(run.1.value(), Some("••••••••••••••"));
    }

    #[test]
    fn actions_come_back_as_messages() {
        let mut tree = Tree::new("main", "Window", "en");
        let root = tree.root();
        let field = TextField {
            label: "Login Name",
            ..TextField::default()
        };
        let boxed = tree.text_field(
            root,
            "login",
            &field,
            Handlers::default().set_value(Msg::Typed),
        );
        let pressed = tree.push_with(
            root,
            "go",
            button("Continue", None),
            Handlers::default().click(Msg::Pressed),
        );
        let (_, actions) = tree.finish();
        let typed = Some(ActionData::Value("chantaiman".into()));
        assert_eq!(
            actions.resolve(&request(boxed, Action::SetValue, typed)),
            Some(Msg::Typed("chantaiman".into()))
        );
        assert_eq!(
            actions.resolve(&request(pressed, Action::Click, None)),
            Some(Msg::Pressed)
        );
        assert_eq!(
            actions.resolve(&request(pressed, Action::Focus, None)),
            None
        );
    }
}
