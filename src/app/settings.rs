//! How the app is set up: the server to drive (none: practice mode), the language,
//! and the web pages it links to. From flags and an optional TOML config file.

use serde::Deserialize;
use std::path::Path;

use jupas_reset_api::wire::Lang;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Links {
    pub login: String,
    pub security: String,
    pub faq: String,
    pub user_guide: String,
}

impl Default for Links {
    fn default() -> Self {
        Links {
            login: "https://www.jupas.edu.hk/en/".into(),
            security: "https://www.jupas.edu.hk/en/page/detail/6017/".into(),
            faq: "https://www.jupas.edu.hk/en/faq/".into(),
            user_guide: "https://www.jupas.edu.hk/en/page/detail/6015/".into(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    /// The reset API's base URL; absent: practice mode.
    pub server: Option<String>,
    pub lang: Option<String>,
    pub links: Links,
}

impl FileConfig {
    pub fn load(path: &Path) -> Result<FileConfig, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{} is not valid: {e}", path.display()))
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub lang: Lang,
    pub links: Links,
}

/// zh-HK, zh-Hant, zh-TW and zh-MO read Traditional Chinese; everything else English.
fn lang_from_locale(locale: &str) -> Lang {
    let tag = locale.replace('_', "-").to_ascii_lowercase();
    let tag = tag.split('.').next().unwrap_or_default();
    let traditional = ["zh-hk", "zh-hant", "zh-tw", "zh-mo"];
    if traditional
        .iter()
        .any(|t| tag == *t || tag.starts_with(&format!("{t}-")))
    {
        Lang::ZhHk
    } else {
        Lang::En
    }
}

pub fn parse_lang(value: &str) -> Option<Lang> {
    match value.to_ascii_lowercase().as_str() {
        "en" | "english" => Some(Lang::En),
        "zh-hk" | "zh" | "zh-hant" | "chinese" => Some(Lang::ZhHk),
        _ => None,
    }
}

pub fn system_lang() -> Lang {
    sys_locale::get_locale()
        .map(|l| lang_from_locale(&l))
        .unwrap_or(Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_chinese_locales_pick_chinese() {
        for locale in [
            "zh-HK",
            "zh_HK.UTF-8",
            "zh-Hant",
            "zh-Hant-HK",
            "zh-TW",
            "zh-MO",
        ] {
            assert_eq!(lang_from_locale(locale), Lang::ZhHk, "{locale}");
        }
        for locale in ["en-GB", "zh-CN", "zh-Hans", "fr-FR", "C"] {
            assert_eq!(lang_from_locale(locale), Lang::En, "{locale}");
        }
    }
}
