//! The machine policy: a TOML file school IT owns (writable only by administrators), read
//! before anything else. What it sets is the machine's default; what it also locks, no user
//! config or flag can change.

use serde::Deserialize;
use std::path::{Path, PathBuf};

use super::{ConfigError, locate};
use crate::settings::LinksConfig;

/// Where the policy lives on this OS.
pub fn machine_policy_path() -> PathBuf {
    // Tests of the binary need a policy without root; release builds never read this.
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os("JUPAS_RESET_POLICY_FILE") {
        return PathBuf::from(path);
    }
    os_policy_path()
}

#[cfg(target_os = "windows")]
fn os_policy_path() -> PathBuf {
    let program_data = std::env::var_os("ProgramData").unwrap_or_else(|| r"C:\ProgramData".into());
    PathBuf::from(program_data)
        .join("jupas-reset")
        .join("policy.toml")
}

#[cfg(target_os = "macos")]
fn os_policy_path() -> PathBuf {
    PathBuf::from("/Library/Application Support/jupas-reset/policy.toml")
}

#[cfg(not(any(target_os = "windows", target_os = "macos")))]
fn os_policy_path() -> PathBuf {
    PathBuf::from("/etc/jupas-reset/policy.toml")
}

/// A setting the policy can lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, strum::Display, strum::EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Lockable {
    Server,
    Language,
    Practice,
    Links,
}

/// The file as IT writes it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicyFile {
    pub server: Option<String>,
    pub language: Option<String>,
    pub practice: Option<bool>,
    pub links: Option<LinksConfig>,
    /// The settings above that users cannot change.
    pub locked: Vec<Lockable>,
}

impl PolicyFile {
    /// Reads the policy at `path`; no file means no policy. Anything else wrong stops the
    /// app: a broken policy never silently falls back to defaults.
    pub fn load(path: &Path) -> Result<Option<PolicyFile>, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(ConfigError::Unreadable {
                    path: path.to_owned(),
                    reason: error.to_string(),
                });
            }
        };
        Self::parse(path, &text).map(Some)
    }

    pub fn parse(path: &Path, text: &str) -> Result<PolicyFile, ConfigError> {
        let policy: PolicyFile =
            toml::from_str(text).map_err(|e| ConfigError::invalid(path, text, &e))?;
        if let Some(value) = &policy.language
            && crate::settings::parse_lang(value).is_none()
        {
            return Err(ConfigError::Invalid {
                path: path.to_owned(),
                line: locate(text, "language").0,
                column: 1,
                reason: format!("language must be \"en\" or \"zh-HK\", not {value:?}"),
            });
        }
        for locked in &policy.locked {
            let set = match locked {
                Lockable::Server => policy.server.is_some(),
                Lockable::Language => policy.language.is_some(),
                Lockable::Practice => policy.practice.is_some(),
                Lockable::Links => policy.links.is_some(),
            };
            if !set {
                return Err(ConfigError::Invalid {
                    path: path.to_owned(),
                    line: locate(text, "locked").0,
                    column: 1,
                    reason: format!("`{locked}` is locked but the policy does not set it"),
                });
            }
        }
        Ok(policy)
    }

    pub fn locks(&self, setting: Lockable) -> bool {
        self.locked.contains(&setting)
    }
}

/// Invalid installer properties (`SERVER_URL`, `LANGUAGE`, `PRACTICE`): the install stops.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstallerError {
    #[error("LANGUAGE must be en or zh-HK, not {0:?}")]
    Language(String),
    #[error("PRACTICE must be 0 or 1, not {0:?}")]
    Practice(String),
    #[error("SERVER_URL {url:?} is not usable: {reason}")]
    Server { url: String, reason: String },
    #[error("PRACTICE=0 needs a SERVER_URL")]
    NoServer,
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
}

impl PolicyFile {
    /// The policy an installer's properties describe; empty properties are left out, and
    /// what is given is locked.
    pub fn from_installer(
        server: &str,
        language: &str,
        practice: &str,
    ) -> Result<PolicyFile, InstallerError> {
        let mut policy = PolicyFile::default();
        let language = language.trim();
        if !language.is_empty() {
            let lang = crate::settings::parse_lang(language)
                .ok_or_else(|| InstallerError::Language(language.to_owned()))?;
            policy.language = Some(lang.tag().to_owned());
            policy.locked.push(Lockable::Language);
        }
        policy.practice = match practice.trim() {
            "" => None,
            "0" => Some(false),
            "1" => Some(true),
            other => return Err(InstallerError::Practice(other.to_owned())),
        };
        if policy.practice.is_some() {
            policy.locked.push(Lockable::Practice);
        }
        let server = server.trim();
        if !server.is_empty() {
            jupas_reset_api::client::ApiClient::new(server).map_err(|e| {
                InstallerError::Server {
                    url: server.to_owned(),
                    reason: e.to_string(),
                }
            })?;
            policy.server = Some(server.to_owned());
            policy.locked.push(Lockable::Server);
        } else if policy.practice == Some(false) {
            return Err(InstallerError::NoServer);
        }
        Ok(policy)
    }

    /// The file as the installer writes it.
    pub fn render(&self) -> String {
        let mut out = String::from(
            "# jupas-reset machine policy, written by the installer. Settings listed in\n\
             # `locked` cannot be changed by users or flags. See `jupas-reset --print-config`.\n",
        );
        let quoted = |value: &str| toml::Value::String(value.to_owned()).to_string();
        if let Some(server) = &self.server {
            out.push_str(&format!("server = {}\n", quoted(server)));
        }
        if let Some(language) = &self.language {
            out.push_str(&format!("language = {}\n", quoted(language)));
        }
        if let Some(practice) = self.practice {
            out.push_str(&format!("practice = {practice}\n"));
        }
        let locked: Vec<String> = self.locked.iter().map(|l| quoted(&l.to_string())).collect();
        out.push_str(&format!("locked = [{}]\n", locked.join(", ")));
        out
    }

    /// Writes the policy (creating its folder), replacing any earlier one whole.
    pub fn install(&self, path: &Path) -> Result<(), InstallerError> {
        let failed = |error: std::io::Error| InstallerError::Write {
            path: path.display().to_string(),
            reason: error.to_string(),
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(failed)?;
        }
        let temporary = path.with_extension("toml.new");
        std::fs::write(&temporary, self.render()).map_err(failed)?;
        std::fs::rename(&temporary, path).map_err(failed)
    }
}
