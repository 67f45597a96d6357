//! Reading a screen's AccessKit tree in tests: build it through the screen's own
//! `accessibility`, finish it, and look nodes up by the key the screen gave them.

use iced::widget::Id;
use iced_a11y::accesskit::{Action, ActionRequest, Live, Node, NodeId, Role, TreeId, TreeUpdate};
use iced_a11y::focus::{Chain, Kind};
use iced_a11y::tree::{Actions, Tree, node_id};

/// One finished tree and the Messages behind its actions.
pub struct Built<M> {
    pub update: TreeUpdate,
    actions: Actions<M>,
}

/// The tree `describe` pushes under a window node, finished.
pub fn build<M: Clone>(describe: impl FnOnce(&mut Tree<M>, NodeId)) -> Built<M> {
    let mut tree = Tree::new("window", "Test window", "en");
    let root = tree.root();
    describe(&mut tree, root);
    let (update, actions) = tree.finish();
    Built { update, actions }
}

impl<M: Clone> Built<M> {
    /// The node pushed under `key`.
    pub fn node(&self, key: &str) -> &Node {
        let id = node_id(key);
        self.update
            .nodes
            .iter()
            .find(|(node, _)| *node == id)
            .map(|(_, node)| node)
            .unwrap_or_else(|| panic!("no node `{key}` in the tree"))
    }

    pub fn has(&self, key: &str) -> bool {
        let id = node_id(key);
        self.update.nodes.iter().any(|(node, _)| *node == id)
    }

    /// The children of `key`, in the order they are read.
    pub fn children(&self, key: &str) -> Vec<&Node> {
        self.node(key)
            .children()
            .iter()
            .filter_map(|child| {
                self.update
                    .nodes
                    .iter()
                    .find(|(id, _)| id == child)
                    .map(|(_, node)| node)
            })
            .collect()
    }

    /// Every node of a role, in the order they were pushed (the order they are read).
    pub fn with_role(&self, role: Role) -> Vec<&Node> {
        self.update
            .nodes
            .iter()
            .filter(|(_, node)| node.role() == role)
            .map(|(_, node)| node)
            .collect()
    }

    /// What any request of the screen reader sends.
    pub fn resolve(&self, request: &ActionRequest) -> Option<M> {
        self.actions.resolve(request)
    }

    /// What the screen reader's Click on `key` sends.
    pub fn click(&self, key: &str) -> Option<M> {
        self.actions.resolve(&ActionRequest {
            action: Action::Click,
            target_tree: TreeId::ROOT,
            target_node: node_id(key),
            data: None,
        })
    }

    /// Everything the tree would tell an assistive technology, as text.
    pub fn debug(&self) -> String {
        format!("{:?}", self.update.nodes)
    }
}

pub fn label(node: &Node) -> &str {
    node.label().unwrap_or_default()
}

/// What a node says: its name, or for static text (which carries its words as its value,
/// as AT-SPI names it) its value.
pub fn text_of(node: &Node) -> &str {
    node.label().or(node.value()).unwrap_or_default()
}

/// A polite status, or an assertive alert, with this text.
pub fn assert_live(node: &Node, text: &str, assertive: bool) {
    assert_eq!(label(node), text);
    let (role, live) = if assertive {
        (Role::Alert, Live::Assertive)
    } else {
        (Role::Status, Live::Polite)
    };
    assert_eq!(node.role(), role, "{text}");
    assert_eq!(node.live(), Some(live), "{text}");
}

/// The chain's stops, in Tab order.
pub fn stops<M: Clone>(chain: &Chain<M>) -> Vec<Id> {
    chain.stops().iter().map(|stop| stop.id.clone()).collect()
}

/// Widget ids from their strings, to compare with `stops`.
pub fn ids(names: &[&str]) -> Vec<Id> {
    names
        .iter()
        .map(|name| Id::from(name.to_string()))
        .collect()
}

/// Whether the stop `id` is a text box (typing) rather than a control (Enter/Space).
pub fn is_text_box<M: Clone>(chain: &Chain<M>, id: &str) -> bool {
    chain
        .stop(&Id::from(id.to_owned()))
        .is_some_and(|stop| matches!(stop.kind, Kind::TextInput))
}
