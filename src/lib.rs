//! jupas-reset: JUPAS "Forgot Password" as a native bilingual app, with the reference
//! reset service it drives.
//!
//! - [`wire`]: the API contract shared by the service and the client.
//! - [`service`]: the reference service (HTTP, SQLite, mail, security codes). No UI.
//! - [`client`]: the app's HTTP client for the API.
//! - [`policy`], [`validate`]: rules shared by both sides.
//! - [`i18n`]: every user-visible string, in English and Traditional Chinese (Hong Kong).

pub mod client;
pub mod font_coverage;
pub mod i18n;
pub mod policy;
pub mod service;
pub mod ui;
pub mod validate;
pub mod wire;
