//! This PC's workstation credential, kept in the OS keychain (Windows Credential Manager,
//! macOS Keychain, Secret Service on Linux) and never in a file. One entry per reset server;
//! it holds only what the service issued for the machine: nothing about any student.

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

/// The keychain's service name for every entry of this app.
const KEYCHAIN_SERVICE: &str = "hk.edu.jupas.reset.workstation";

/// What enrolment gave this PC.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub id: i64,
    pub name: String,
    pub credential: String,
}

impl Drop for Enrolment {
    fn drop(&mut self) {
        self.credential.zeroize();
    }
}

impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrolment")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("credential", &"<redacted>")
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    #[error("the OS keychain is not available: {0}")]
    Unavailable(String),
    #[error("the OS keychain refused: {0}")]
    Failed(String),
}

impl From<keyring_core::Error> for KeychainError {
    fn from(error: keyring_core::Error) -> Self {
        match error {
            keyring_core::Error::NoDefaultStore | keyring_core::Error::NoStorageAccess(_) => {
                KeychainError::Unavailable(error.to_string())
            }
            other => KeychainError::Failed(other.to_string()),
        }
    }
}

/// Makes the OS keychain the store `keyring_core` uses (the `keyring` crate's own choice
/// per OS). Tests install `keyring_core::mock::Store` instead and never call this.
pub fn use_os_keychain() -> Result<(), KeychainError> {
    keyring::Entry::store_status()
        .as_ref()
        .map_err(|e| KeychainError::Unavailable(e.to_string()))?;
    Ok(())
}

/// Entries are per server: enrolment with one service means nothing to another.
fn entry(server: &str) -> Result<keyring_core::Entry, KeychainError> {
    Ok(keyring_core::Entry::new(
        KEYCHAIN_SERVICE,
        server.trim_end_matches('/'),
    )?)
}

pub fn save(server: &str, enrolment: &Enrolment) -> Result<(), KeychainError> {
    let mut json =
        serde_json::to_string(enrolment).map_err(|e| KeychainError::Failed(e.to_string()))?;
    let saved = entry(server)?.set_password(&json);
    json.zeroize();
    Ok(saved?)
}

/// The enrolment for `server`, if this PC has one.
pub fn load(server: &str) -> Result<Option<Enrolment>, KeychainError> {
    match entry(server)?.get_password() {
        Ok(mut json) => {
            let parsed = serde_json::from_str(&json);
            json.zeroize();
            // An entry we cannot read is as good as none: enrol again.
            Ok(parsed.ok())
        }
        Err(keyring_core::Error::NoEntry) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Forgets the enrolment; true if there was one.
pub fn remove(server: &str) -> Result<bool, KeychainError> {
    match entry(server)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring_core::Error::NoEntry) => Ok(false),
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enrolment_is_saved_read_back_per_server_and_removed() {
        let Ok(store) = keyring_core::mock::Store::new() else {
            panic!("mock store")
        };
        keyring_core::set_default_store(store);
        let enrolment = Enrolment {
            id: 7,
            name: "Room 204 PC 3".into(),
            credential: "wsc_secret".into(),
        };
        let server = "https://reset.school.example/";
        assert_eq!(load(server), Ok(None));
        assert_eq!(save(server, &enrolment), Ok(()));
        assert_eq!(
            load("https://reset.school.example"),
            Ok(Some(enrolment.clone()))
        );
        assert_eq!(load("https://other.example/"), Ok(None), "per server");
        assert!(!format!("{enrolment:?}").contains("wsc_secret"));
        assert_eq!(remove(server), Ok(true));
        assert_eq!(remove(server), Ok(false));
        assert_eq!(load(server), Ok(None));
    }
}
