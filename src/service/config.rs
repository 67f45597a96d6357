//! Every number of the reset rules, and where mail goes. Defaults follow the
//! project's rules (OWASP / NIST SP 800-63B); a TOML config file may change any of them.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;

use super::proxy::Cidr;
use jupas_reset_api::policy::{LimitsError, PolicyLimits};

use super::files;
pub use super::serve::ConnectionLimits;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub listen: SocketAddr,
    /// `None`: a private temporary database (practice mode).
    pub db: Option<PathBuf>,
    /// File holding the key of the verification-code hashes; default `<db>.key`.
    pub secret_key_file: Option<PathBuf>,
    pub accounts: Option<PathBuf>,
    pub mail: MailConfig,
    pub practice: bool,
    pub test_reveal_answers: bool,
    pub rules: Rules,
    pub rate_limits: RateLimits,
    pub policy: PolicyLimits,
    /// Timeouts and connection caps (`[connections]`).
    pub connections: ConnectionLimits,
    /// Reverse proxies whose `X-Forwarded-For` is believed (addresses or blocks).
    pub trusted_proxies: Vec<Cidr>,
    /// Serve only enrolled school PCs: a request without a workstation credential is
    /// answered `401 workstation_required` (enrolment and this API's document aside).
    pub require_workstation: bool,
    /// Enrolled workstations may start a reset without a security code (a counsellor is
    /// in the room; and screen-reader users get a route without a transcription test).
    pub waive_captcha_for_workstations: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            db: None,
            secret_key_file: None,
            accounts: None,
            mail: MailConfig::default(),
            practice: false,
            test_reveal_answers: false,
            rules: Rules::default(),
            rate_limits: RateLimits::default(),
            policy: PolicyLimits::default(),
            connections: ConnectionLimits::default(),
            trusted_proxies: Vec::new(),
            require_workstation: false,
            waive_captcha_for_workstations: false,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    /// One `.eml` file per message (practice mode and tests).
    pub outbox: Option<PathBuf>,
    pub smtp: Option<SmtpConfig>,
    /// Envelope sender and `From:` header.
    pub from: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    #[serde(default)]
    pub tls: SmtpTls,
    pub username: Option<String>,
    /// Prefer the `JUPAS_RESET_SMTP_PASSWORD` environment variable to a password in a file.
    pub password: Option<String>,
}

fn default_smtp_port() -> u16 {
    587
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain SMTP: only for a relay on this machine.
    None,
    #[default]
    Starttls,
    /// Implicit TLS (SMTPS, usually port 465).
    Tls,
}

/// The reset flow's limits. Seconds unless named otherwise.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    pub challenge_ttl_s: u64,
    pub image_code_len: usize,
    pub audio_code_len: usize,
    pub code_ttl_s: u64,
    pub code_len: usize,
    /// Wrong verification codes per reset session; regenerating does not reset the count.
    pub max_code_failures: u32,
    /// Wrong verification codes across sessions (per account, or per set of details that
    /// match none, alike) after which every further try must wait; the count starts
    /// again a day after the last wrong code, or when a reset succeeds.
    #[serde(alias = "max_account_failures_per_day")]
    pub failures_before_delay: u32,
    /// The first wait; each further wrong code doubles it...
    pub first_delay_s: u64,
    /// ...up to this (NIST SP 800-63B-4 suggests waits of up to an hour).
    pub max_delay_s: u64,
    pub regenerate_cooldown_s: u64,
    pub max_regenerations: u32,
    pub session_ttl_s: u64,
    /// How many times the student may extend the session (WCAG 2.2.1 asks for at least 10).
    pub max_extensions: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            challenge_ttl_s: 300,
            image_code_len: 6,
            audio_code_len: 6,
            code_ttl_s: 600,
            code_len: 6,
            max_code_failures: 5,
            failures_before_delay: 10,
            first_delay_s: 60,
            max_delay_s: 3600,
            regenerate_cooldown_s: 60,
            max_regenerations: 5,
            session_ttl_s: 900,
            max_extensions: 10,
        }
    }
}

/// Token buckets: `burst` requests at once, refilled evenly over `per_s` seconds.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bucket {
    pub burst: u32,
    pub per_s: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimits {
    pub challenges_per_address: Bucket,
    pub resets_per_address: Bucket,
    /// Verification-code emails (first code and regenerated ones) per account. Spent
    /// silently: past it the answers stay the same, only no email goes out.
    #[serde(alias = "resets_per_account")]
    pub code_mails_per_account: Bucket,
    pub regenerations_per_address: Bucket,
    pub practice_logins_per_address: Bucket,
    /// Workstation enrolment attempts (`POST /v1/workstations/enroll`), right or wrong.
    pub enrolments_per_address: Bucket,
    /// The most keys (addresses, accounts) any one limiter remembers.
    pub max_keys: usize,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            challenges_per_address: Bucket {
                burst: 60,
                per_s: 600,
            },
            resets_per_address: Bucket {
                burst: 20,
                per_s: 900,
            },
            // The first code and its five regenerations, plus a second try.
            code_mails_per_account: Bucket {
                burst: 10,
                per_s: 3600,
            },
            regenerations_per_address: Bucket {
                burst: 30,
                per_s: 3600,
            },
            practice_logins_per_address: Bucket {
                burst: 20,
                per_s: 600,
            },
            // A lab's PCs are enrolled one after another from one address; guessing
            // ~68-bit codes at this pace is hopeless.
            enrolments_per_address: Bucket {
                burst: 30,
                per_s: 3600,
            },
            max_keys: 100_000,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {source}")]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    /// A config file holding a secret (the SMTP password) that others may read.
    #[error("config file {0}")]
    Exposed(std::io::Error),
    #[error("{0}")]
    Invalid(String),
    /// The `[policy]` table, judged by the policy's own rules.
    #[error("[policy] {0}")]
    Policy(#[from] LimitsError),
}

impl Config {
    pub fn from_file(path: &std::path::Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let config: Config = toml::from_str(&text).map_err(|source| ConfigError::Parse {
            path: path.to_owned(),
            source: Box::new(source),
        })?;
        if config
            .mail
            .smtp
            .as_ref()
            .is_some_and(|smtp| smtp.password.is_some())
        {
            files::refuse_if_readable_by_others(path).map_err(ConfigError::Exposed)?;
        }
        Ok(config)
    }

    /// Rules that would make the service unsafe or unusable are refused at start.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |msg: &str| Err(ConfigError::Invalid(msg.to_owned()));
        if self.test_reveal_answers && !self.listen.ip().is_loopback() {
            return invalid(
                "--test-reveal-answers writes captcha answers to disk: it only runs on a loopback address",
            );
        }
        if self.practice && self.db.is_some() && !self.listen.ip().is_loopback() {
            // Its login route would let anyone guess real passwords, with no per-account limit.
            return invalid(
                "--practice serves a practice login route: it runs only with the temporary in-memory database (no --db) or on a loopback address",
            );
        }
        if self.test_reveal_answers && self.mail.outbox.is_none() {
            return invalid("--test-reveal-answers needs --outbox DIR to write the answers into");
        }
        if self.rules.max_delay_s < self.rules.first_delay_s || self.rules.max_delay_s > 86_400 {
            return invalid("max_delay_s runs from first_delay_s to a day (86400)");
        }
        if self.mail.outbox.is_some() && self.mail.smtp.is_some() {
            return invalid("choose one mail transport: --outbox or SMTP, not both");
        }
        if let Some(smtp) = &self.mail.smtp
            && smtp.tls == SmtpTls::None
            && !is_loopback_host(&smtp.host)
        {
            return invalid(
                "--smtp-tls none sends verification codes and the SMTP password in clear text: only to an SMTP host on this machine (localhost, 127.0.0.1, ::1)",
            );
        }
        if let Err(message) = self.connections.validate() {
            return invalid(message);
        }
        if !(5..=6).contains(&self.rules.image_code_len) {
            return invalid("security codes have 5 or 6 characters");
        }
        if self.rules.code_len < 5 {
            // 19^5 is about 21 bits: the least the verification code may have.
            return invalid("verification codes need at least 5 characters (20 bits)");
        }
        // The policy's own check: a minimum above the maximum would refuse every password.
        self.policy.validate()?;
        if self.rules.max_code_failures == 0
            || self.rules.session_ttl_s == 0
            || self.rules.failures_before_delay == 0
            || self.rules.first_delay_s == 0
            || self.rate_limits.max_keys == 0
        {
            return invalid("limits must be at least 1");
        }
        Ok(())
    }
}

/// `localhost` or a loopback address (IPv6 with or without brackets).
fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_policy(min_length: usize, max_length: usize) -> Config {
        Config {
            policy: PolicyLimits {
                min_length,
                max_length,
            },
            ..Config::default()
        }
    }

    #[test]
    fn the_default_config_is_valid() {
        assert!(Config::default().validate().is_ok());
    }

    #[test]
    fn policy_limits_are_checked_by_the_policy() {
        assert!(with_policy(12, 128).validate().is_ok());
        for (config, setting) in [
            (with_policy(100, 64), "min_length 100"),
            (with_policy(65, 64), "min_length 65"),
            (with_policy(7, 64), "min_length 7"),
            (with_policy(8, 63), "max_length 63"),
        ] {
            let error = config.validate().expect_err("refused");
            assert!(matches!(error, ConfigError::Policy(_)), "{error:?}");
            let message = error.to_string();
            assert!(message.starts_with("[policy] "), "{message}");
            assert!(message.contains(setting), "{message}");
        }
    }

    #[test]
    fn plain_smtp_is_refused_unless_the_relay_is_on_this_machine() {
        let with_smtp = |host: &str, tls| {
            let mut config = Config::default();
            config.mail.smtp = Some(SmtpConfig {
                host: host.to_owned(),
                port: 25,
                tls,
                username: None,
                password: None,
            });
            config.validate()
        };
        for host in ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"] {
            assert!(with_smtp(host, SmtpTls::None).is_ok(), "{host}");
        }
        for host in ["mail.example.org", "192.0.2.1", "localhost.example.org"] {
            let error = with_smtp(host, SmtpTls::None).expect_err(host).to_string();
            assert!(error.contains("--smtp-tls none"), "{error}");
            assert!(
                with_smtp(host, SmtpTls::Starttls).is_ok(),
                "{host} with STARTTLS"
            );
        }
    }

    #[test]
    fn a_policy_table_that_refuses_every_password_does_not_load_silently() {
        let config: Config = toml::from_str("[policy]\nmin_length = 100\n").expect("parses");
        let message = config.validate().expect_err("refused").to_string();
        assert_eq!(
            message,
            "[policy] min_length 100 is greater than max_length 64"
        );
    }

    #[test]
    fn trusted_proxies_and_renamed_settings_load_from_toml() {
        let text = "trusted_proxies = [\"10.0.0.0/8\", \"fd00::/8\", \"192.0.2.7\"]\n\
                    [rules]\nmax_account_failures_per_day = 12\n\
                    [rate_limits]\nresets_per_account = { burst = 3, per_s = 600 }\n";
        let config: Config = toml::from_str(text).expect("parses");
        assert_eq!(config.trusted_proxies.len(), 3);
        assert!(config.trusted_proxies[0].contains("10.9.8.7".parse().expect("ip")));
        assert_eq!(config.rules.failures_before_delay, 12);
        assert_eq!(config.rate_limits.code_mails_per_account.burst, 3);
        let bad = toml::from_str::<Config>("trusted_proxies = [\"10.0.0.0/40\"]\n");
        assert!(bad.is_err());
    }

    #[test]
    fn practice_mode_needs_memory_or_loopback() {
        let practice = |db: Option<&str>, listen: &str| Config {
            practice: true,
            db: db.map(PathBuf::from),
            listen: listen.parse().expect("addr"),
            ..Config::default()
        };
        assert!(practice(None, "0.0.0.0:8787").validate().is_ok());
        assert!(
            practice(Some("r.sqlite"), "127.0.0.1:8787")
                .validate()
                .is_ok()
        );
        assert!(practice(Some("r.sqlite"), "[::1]:8787").validate().is_ok());
        let refused = practice(Some("r.sqlite"), "0.0.0.0:8787").validate();
        assert!(refused.is_err_and(|e| e.to_string().contains("--practice")));
    }
}
