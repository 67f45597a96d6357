//! The reference service over real HTTP on loopback, driven by the app's own client.

// A test binary exports nothing, and a test may unwrap what it just built.
#![allow(unreachable_pub, clippy::unwrap_used)]

mod binary;
mod codes;
mod connections;
mod errors;
mod extend;
mod flow;
mod limits;
mod openapi;
mod operations;
mod policy;
mod smtp;
#[path = "../common/harness.rs"]
mod support;
mod workstations;
