//! The desktop app: screens in the headless simulator, the update loop end to end
//! against the real reference service, the leave-screen state machine, strings and
//! fonts, and a real window under Xvfb.

mod drive;
mod flow;
mod leave;
mod screens;
mod strings;
#[path = "../common/harness.rs"]
#[allow(dead_code)]
mod support;
mod window;
