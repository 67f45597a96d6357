//! Screen readers and the keyboard for any iced 0.14 app, without forking iced.
//!
//! iced 0.14 draws widgets but tells no assistive technology about them, lets only text boxes
//! take focus, and lets a focused box swallow shortcut keys. This crate is the glue that makes
//! an app usable anyway; it knows nothing about any particular app:
//!
//! - [`tree`]: an AccessKit tree built from the app's state (stable ids, labelled text boxes
//!   with their `TextRun`, secrets never exposed) and the Message behind each node's actions.
//! - [`adapter`]: the platform adapter (AT-SPI, UI Automation, NSAccessibility) for one window,
//!   as a subscription.
//! - [`focus`]: the app's own focus chain over every control, in visual order.
//! - [`keyboard`]: the root widget that takes shortcuts before any widget, moves focus on Tab
//!   at once, activates focused controls, scrolls the page and keeps focus in view.

pub mod adapter;
pub mod focus;
pub mod keyboard;
pub mod tree;

pub use accesskit;
