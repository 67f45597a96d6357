//! The JUPAS reset API as both sides see it: no UI, no server.
//!
//! - [`wire`]: every request and response body, and the route paths.
//! - [`policy`]: the seven password guidelines, checked the same way on both sides.
//! - [`validate`]: checks of the required information (login name, date of birth, email).
//! - [`client`] (feature `client`): the app's reqwest client for the API.

#[cfg(feature = "client")]
pub mod client;
pub mod policy;
pub mod validate;
pub mod wire;
