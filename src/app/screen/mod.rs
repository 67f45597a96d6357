//! One file per screen: its `State`, `Message`, `update` returning an `Action` for the
//! app to carry out, `view`, and its own keyboard shortcuts and subscription.

pub mod about;
pub mod forgot;
pub mod help;
pub mod success;
pub mod verify;
