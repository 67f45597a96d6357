//! How the app is set up: the server to drive (none: practice mode), the language,
//! the web pages it links to, and high contrast. From flags, an optional TOML config file
//! and the OS, all read once by `main` before the first window.

use serde::{Deserialize, Serialize};
use std::path::Path;

use jupas_reset_api::wire::Lang;

use crate::config::ConfigError;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
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
    pub links: Option<Links>,
}

impl FileConfig {
    pub fn load(path: &Path) -> Result<FileConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Unreadable {
            path: path.to_owned(),
            reason: e.to_string(),
        })?;
        toml::from_str(&text).map_err(|e| ConfigError::invalid(path, &text, &e))
    }

    /// The user's own config file, if there is one: `--config FILE`, else
    /// `config.toml` in the OS's per-user config folder.
    pub fn default_path() -> Option<std::path::PathBuf> {
        directories::ProjectDirs::from("hk.edu", "JUPAS", "jupas-reset")
            .map(|dirs| dirs.config_dir().join("config.toml"))
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub lang: Lang,
    pub links: Links,
    /// Start in the high-contrast theme (Ctrl+Shift+H switches at any time).
    pub high_contrast: bool,
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

/// Whether the OS asks for high contrast. I/O (a registry read, a process): call it once,
/// at start. Anything unreadable means no.
pub fn system_high_contrast() -> bool {
    #[cfg(windows)]
    {
        windows_high_contrast().unwrap_or(false)
    }
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        // GNOME's switch, or a high-contrast GTK theme chosen by hand (other desktops).
        let gnome = gnome_high_contrast().unwrap_or(false);
        gnome || std::env::var("GTK_THEME").is_ok_and(|theme| gtk_theme_is_high_contrast(&theme))
    }
    // macOS: "Increase contrast" is only readable through AppKit (NSWorkspace), which this
    // app does not link; Ctrl+Shift+H (Cmd+Shift+H) and --high-contrast cover it.
    #[cfg(not(any(windows, all(unix, not(target_os = "macos")))))]
    {
        false
    }
}

/// `HKCU\Control Panel\Accessibility\HighContrast`, value `Flags`, through `reg.exe`
/// (no unsafe registry calls, no extra crate).
#[cfg(windows)]
fn windows_high_contrast() -> Option<bool> {
    use std::os::windows::process::CommandExt;
    // No console window flashing up before ours.
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    let output = std::process::Command::new("reg")
        .args([
            "query",
            r"HKCU\Control Panel\Accessibility\HighContrast",
            "/v",
            "Flags",
        ])
        .creation_flags(CREATE_NO_WINDOW)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| reg_flags_high_contrast(&String::from_utf8_lossy(&output.stdout)))
        .flatten()
}

/// `reg query` prints `    Flags    REG_SZ    126`: bit HCF_HIGHCONTRASTON (1) is on.
#[cfg(any(windows, test))]
fn reg_flags_high_contrast(output: &str) -> Option<bool> {
    output.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        if !words.next()?.eq_ignore_ascii_case("Flags") {
            return None;
        }
        let flags: u32 = words.last()?.parse().ok()?;
        Some(flags & 1 != 0)
    })
}

/// `gsettings get org.gnome.desktop.a11y.interface high-contrast`; None without gsettings
/// or the schema (not GNOME).
#[cfg(all(unix, not(target_os = "macos")))]
fn gnome_high_contrast() -> Option<bool> {
    let output = std::process::Command::new("gsettings")
        .args(["get", "org.gnome.desktop.a11y.interface", "high-contrast"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    parse_gsettings_bool(&String::from_utf8_lossy(&output.stdout))
}

#[cfg(any(all(unix, not(target_os = "macos")), test))]
fn parse_gsettings_bool(output: &str) -> Option<bool> {
    match output.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// `GTK_THEME=HighContrast`, `HighContrastInverse`, `Adwaita:hc`…
#[cfg(any(all(unix, not(target_os = "macos")), test))]
fn gtk_theme_is_high_contrast(theme: &str) -> bool {
    let theme = theme.to_ascii_lowercase();
    theme.contains("highcontrast") || theme.ends_with(":hc")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_os_high_contrast_settings_are_read_as_written() {
        let on = "\r\nHKEY_CURRENT_USER\\Control Panel\\Accessibility\\HighContrast\r\n    Flags    REG_SZ    127\r\n";
        assert_eq!(reg_flags_high_contrast(on), Some(true));
        let off = "    Flags    REG_SZ    126";
        assert_eq!(reg_flags_high_contrast(off), Some(false));
        assert_eq!(reg_flags_high_contrast("ERROR: not found"), None);
        assert_eq!(parse_gsettings_bool("true\n"), Some(true));
        assert_eq!(parse_gsettings_bool("false\n"), Some(false));
        assert_eq!(parse_gsettings_bool("No such schema"), None);
        for theme in ["HighContrast", "HighContrastInverse", "Adwaita:hc"] {
            assert!(gtk_theme_is_high_contrast(theme), "{theme}");
        }
        for theme in ["Adwaita", "Adwaita:dark", "Yaru"] {
            assert!(!gtk_theme_is_high_contrast(theme), "{theme}");
        }
    }

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
