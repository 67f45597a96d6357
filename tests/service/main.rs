//! The reference service over real HTTP on loopback, driven by the app's own client.

mod binary;
mod codes;
mod errors;
mod flow;
mod limits;
mod openapi;
mod policy;
mod smtp;
#[path = "../common/harness.rs"]
mod support;
