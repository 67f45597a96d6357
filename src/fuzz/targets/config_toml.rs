//! Every TOML file the project reads, on the same text: the service's config (`Config`,
//! then `validate`), its accounts file (`accounts::check`), the app's machine policy
//! (`PolicyFile::parse`) and user config (`FileConfig::parse`), and the settings in force
//! from both (`Effective::resolve`) with the error messages in both languages.
#![no_main]

use jupas_reset::config::{Effective, Flags, PolicyFile, Sources};
use jupas_reset::settings::FileConfig;
use jupas_reset_api::wire::Lang;
use jupas_reset_service::accounts;
use jupas_reset_service::config::Config;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = toml::from_str::<Config>(text) {
        let _ = config.validate().map_err(|e| e.to_string());
    }
    let _ = accounts::check("accounts.toml", text).map_err(|e| e.to_string());

    let path = Path::new("policy.toml");
    let policy = PolicyFile::parse(path, text);
    let user = FileConfig::parse(Path::new("config.toml"), text);
    for error in [policy.as_ref().err(), user.as_ref().err()]
        .into_iter()
        .flatten()
    {
        for lang in Lang::ALL {
            assert!(!error.localized(lang).is_empty());
        }
    }
    let policy = policy.ok();
    let user = user.ok();
    for flags in [
        Flags::default(),
        Flags {
            server: Some("https://reset.example.org/".into()),
            lang: Some("zh-HK".into()),
            practice: true,
        },
    ] {
        let sources = Sources {
            policy: policy.as_ref().map(|p| (path, p)),
            user: user.as_ref().map(|u| (Path::new("config.toml"), u)),
            flags: &flags,
        };
        match Effective::resolve(&sources) {
            Ok(effective) => {
                // A locked policy setting always wins.
                if let Some(policy) = &policy
                    && policy.locks(jupas_reset::config::Lockable::Server)
                {
                    assert_eq!(effective.server.value, policy.server);
                }
            }
            Err(error) => {
                for lang in Lang::ALL {
                    assert!(!error.localized(lang).is_empty());
                }
            }
        }
    }
});
