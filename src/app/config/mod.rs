//! Every setting the app starts with, and where it came from: the built-in default, the
//! machine policy IT owns, the user's config file, or a command-line flag. A locked policy
//! setting wins over everything, and a flag that contradicts it is refused.

mod policy;
mod print;

pub use policy::{InstallerError, Lockable, PolicyFile, machine_policy_path};

use std::fmt;
use std::path::{Path, PathBuf};

use jupas_reset_api::wire::Lang;

use crate::settings::{FileConfig, SiteLinks, parse_lang};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {}: {reason}", path.display())]
    Unreadable { path: PathBuf, reason: String },
    #[error("{}:{line}:{column}: {reason}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{flag} is not allowed: the machine policy {} locks {setting}", policy.display())]
    Forbidden {
        flag: String,
        setting: Lockable,
        policy: PathBuf,
    },
    #[error("--lang takes en or zh-HK, not {0:?}")]
    BadLang(String),
    #[error("practice mode is turned off ({by}) and no server is set: give --server URL")]
    NoServer { by: Source },
}

impl ConfigError {
    /// The message in one language (the English `Display` is for logs).
    pub fn localized(&self, lang: Lang) -> String {
        use jupas_reset_i18n::tr_args;
        let shown = |path: &Path| path.display().to_string().into();
        match self {
            ConfigError::Unreadable { path, reason } => tr_args(
                lang,
                "config-unreadable",
                &[("path", shown(path)), ("reason", reason.clone().into())],
            ),
            ConfigError::Invalid {
                path,
                line,
                column,
                reason,
            } => tr_args(
                lang,
                "config-invalid",
                &[
                    ("path", shown(path)),
                    ("line", line.to_string().into()),
                    ("column", column.to_string().into()),
                    ("reason", reason.clone().into()),
                ],
            ),
            ConfigError::Forbidden {
                flag,
                setting,
                policy,
            } => tr_args(
                lang,
                "config-forbidden",
                &[
                    ("flag", flag.clone().into()),
                    ("setting", setting.to_string().into()),
                    ("policy", shown(policy)),
                ],
            ),
            ConfigError::BadLang(value) => {
                tr_args(lang, "config-bad-lang", &[("value", value.clone().into())])
            }
            ConfigError::NoServer { by } => tr_args(
                lang,
                "config-no-server",
                &[("source", by.to_string().into())],
            ),
        }
    }

    /// A TOML parse error, with the line and column it points at.
    pub(crate) fn invalid(path: &Path, text: &str, error: &toml::de::Error) -> ConfigError {
        let (line, column) = error
            .span()
            .map(|span| line_column(text, span.start))
            .unwrap_or((1, 1));
        ConfigError::Invalid {
            path: path.to_owned(),
            line,
            column,
            reason: error.message().to_owned(),
        }
    }
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The line a key is first written on (1 if nowhere).
pub(crate) fn locate(text: &str, key: &str) -> (usize, usize) {
    text.lines()
        .position(|line| line.trim_start().starts_with(key))
        .map_or((1, 1), |index| (index + 1, 1))
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    Policy { path: PathBuf, locked: bool },
    User(PathBuf),
    Flag(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::Policy { path, locked: true } => {
                write!(f, "machine policy {} (locked)", path.display())
            }
            Source::Policy { path, .. } => write!(f, "machine policy {}", path.display()),
            Source::User(path) => write!(f, "user config {}", path.display()),
            Source::Flag(flag) => write!(f, "flag {flag}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub server: Option<String>,
    pub lang: Option<String>,
    pub practice: bool,
}

/// The settings in force.
#[derive(Debug, Clone)]
pub struct Effective {
    /// `None`: the system locale decides.
    pub lang: Setting<Option<Lang>>,
    pub practice: Setting<bool>,
    /// Unused in practice mode.
    pub server: Setting<Option<String>>,
    pub links: Setting<SiteLinks>,
    /// User-config values a locked policy overrode, for `--print-config`.
    pub overridden: Vec<String>,
}

/// The inputs, already read from disk.
pub struct Sources<'a> {
    pub policy: Option<(&'a Path, &'a PolicyFile)>,
    pub user: Option<(&'a Path, &'a FileConfig)>,
    pub flags: &'a Flags,
}

impl Effective {
    pub fn resolve(sources: &Sources<'_>) -> Result<Effective, ConfigError> {
        let mut overridden = Vec::new();
        let flags = sources.flags;
        let policy = sources.policy;
        let user = sources.user;
        let locked = |setting| policy.is_some_and(|(_, p)| p.locks(setting));
        let policy_source = |setting| {
            policy.map(|(path, p)| Source::Policy {
                path: path.to_owned(),
                locked: p.locks(setting),
            })
        };

        // Language: default < policy < user < flag, unless the policy locks it.
        let mut lang = Setting {
            value: None,
            source: Source::Default,
        };
        if let Some((_, p)) = policy
            && let Some(parsed) = p.language.as_deref().and_then(parse_lang)
        {
            // (`PolicyFile::parse` has refused any other value.)
            lang = Setting {
                value: Some(parsed),
                source: policy_source(Lockable::Language).unwrap_or(Source::Default),
            };
        }
        if let Some((path, u)) = user
            && let Some(value) = &u.lang
        {
            let parsed = parse_lang(value).ok_or_else(|| ConfigError::BadLang(value.clone()))?;
            if locked(Lockable::Language) {
                overridden.push(format!("lang from {}", path.display()));
            } else {
                lang = Setting {
                    value: Some(parsed),
                    source: Source::User(path.to_owned()),
                };
            }
        }
        if let Some(value) = &flags.lang {
            let parsed = parse_lang(value).ok_or_else(|| ConfigError::BadLang(value.clone()))?;
            if locked(Lockable::Language) && lang.value != Some(parsed) {
                return Err(forbidden("--lang", Lockable::Language, policy));
            }
            if !locked(Lockable::Language) {
                lang = Setting {
                    value: Some(parsed),
                    source: Source::Flag("--lang"),
                };
            }
        }

        // Server.
        let mut server = Setting {
            value: None,
            source: Source::Default,
        };
        if let Some((_, p)) = policy
            && let Some(url) = &p.server
        {
            server = Setting {
                value: Some(url.clone()),
                source: policy_source(Lockable::Server).unwrap_or(Source::Default),
            };
        }
        if let Some((path, u)) = user
            && let Some(url) = &u.server
        {
            if locked(Lockable::Server) {
                overridden.push(format!("server from {}", path.display()));
            } else {
                server = Setting {
                    value: Some(url.clone()),
                    source: Source::User(path.to_owned()),
                };
            }
        }
        if let Some(url) = &flags.server {
            if locked(Lockable::Server) && server.value.as_deref() != Some(url.as_str()) {
                return Err(forbidden("--server", Lockable::Server, policy));
            }
            if locked(Lockable::Practice) && policy.is_some_and(|(_, p)| p.practice == Some(true)) {
                return Err(forbidden("--server", Lockable::Practice, policy));
            }
            if !locked(Lockable::Server) {
                server = Setting {
                    value: Some(url.clone()),
                    source: Source::Flag("--server"),
                };
            }
        }

        // Practice mode: on when asked for, else when there is no server to drive.
        let mut practice = Setting {
            value: server.value.is_none(),
            source: server.source.clone(),
        };
        if let Some((_, p)) = policy
            && let Some(on) = p.practice
        {
            // An unlocked policy is the machine's default: a user's own server still wins.
            let user_server = matches!(server.source, Source::User(_) | Source::Flag(_));
            if locked(Lockable::Practice) || !user_server {
                practice = Setting {
                    value: on,
                    source: policy_source(Lockable::Practice).unwrap_or(Source::Default),
                };
            }
        }
        if flags.practice {
            if locked(Lockable::Practice) && !practice.value {
                return Err(forbidden("--practice", Lockable::Practice, policy));
            }
            if !locked(Lockable::Practice) {
                practice = Setting {
                    value: true,
                    source: Source::Flag("--practice"),
                };
            }
        }
        if !practice.value && server.value.is_none() {
            return Err(ConfigError::NoServer {
                by: practice.source,
            });
        }

        // Links.
        let mut links = Setting {
            value: SiteLinks::default(),
            source: Source::Default,
        };
        if let Some((_, p)) = policy
            && let Some(value) = &p.links
        {
            links = Setting {
                value: value.resolve(),
                source: policy_source(Lockable::Links).unwrap_or(Source::Default),
            };
        }
        if let Some((path, u)) = user
            && let Some(value) = &u.links
        {
            if locked(Lockable::Links) {
                overridden.push(format!("[links] from {}", path.display()));
            } else {
                links = Setting {
                    value: value.apply_to(links.value),
                    source: Source::User(path.to_owned()),
                };
            }
        }

        Ok(Effective {
            lang,
            practice,
            server,
            links,
            overridden,
        })
    }
}

fn forbidden(flag: &str, setting: Lockable, policy: Option<(&Path, &PolicyFile)>) -> ConfigError {
    ConfigError::Forbidden {
        flag: flag.to_owned(),
        setting,
        policy: policy.map(|(path, _)| path.to_owned()).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests;
