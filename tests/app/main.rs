//! The desktop app: screens in the headless simulator, their keyboard shortcuts, the
//! update loop end to end against the real reference service, the leave-screen state
//! machine, strings and fonts, and a real window under Xvfb.

// A test binary exports nothing, and a test may unwrap what it just built.
#![allow(unreachable_pub, clippy::unwrap_used)]

mod a11y_tree;
mod about_a11y;
mod atspi;
mod date_of_birth;
mod desktop;
mod drive;
mod faults;
#[path = "../common/faulty.rs"]
#[allow(dead_code)]
mod faulty;
mod flow;
mod font_coverage;
mod forgot_a11y;
mod gallery;
mod help_a11y;
mod ids_in_code;
mod keyboard;
mod keychain;
mod leave;
mod licences;
mod machine_policy;
mod mailbox_a11y;
mod orca;
mod polish;
mod save;
mod screen_fit;
mod screens;
mod secrets;
mod shortcuts;
mod strings;
mod success_a11y;
#[path = "../common/harness.rs"]
#[allow(dead_code)]
mod support;
mod verify_a11y;
mod window;
mod wording;
mod workstation;
