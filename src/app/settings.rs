//! How the app is set up: the server to drive (none: practice mode), the language,
//! the web pages it links to, and high contrast. From flags, an optional TOML config file
//! and the OS, all read once by `main` before the first window.

use serde::Deserialize;
use std::path::Path;

use jupas_reset_api::wire::Lang;

use crate::config::ConfigError;

/// The JUPAS web pages the app opens, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    pub login: String,
    pub security: String,
    pub faq: String,
    pub user_guide: String,
}

impl Links {
    /// The JUPAS website's pages in `lang`: `/en/…`, or `/tc/…` (Traditional Chinese).
    pub fn jupas(lang: Lang) -> Links {
        let site = match lang {
            Lang::En => "https://www.jupas.edu.hk/en",
            Lang::ZhHk => "https://www.jupas.edu.hk/tc",
        };
        Links {
            login: format!("{site}/"),
            security: format!("{site}/page/detail/6017/"),
            faq: format!("{site}/faq/"),
            user_guide: format!("{site}/page/detail/6015/"),
        }
    }
}

impl Default for Links {
    fn default() -> Self {
        Links::jupas(Lang::En)
    }
}

/// The pages in each language: the app opens those of the language it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLinks {
    pub en: Links,
    pub zh_hk: Links,
}

impl SiteLinks {
    pub fn get(&self, lang: Lang) -> &Links {
        match lang {
            Lang::En => &self.en,
            Lang::ZhHk => &self.zh_hk,
        }
    }
}

impl Default for SiteLinks {
    fn default() -> Self {
        SiteLinks {
            en: Links::jupas(Lang::En),
            zh_hk: Links::jupas(Lang::ZhHk),
        }
    }
}

/// Some of the four pages, as a config file gives them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinkOverrides {
    pub login: Option<String>,
    pub security: Option<String>,
    pub faq: Option<String>,
    pub user_guide: Option<String>,
}

impl LinkOverrides {
    fn apply(&self, links: &mut Links) {
        for (page, url) in [
            (&mut links.login, &self.login),
            (&mut links.security, &self.security),
            (&mut links.faq, &self.faq),
            (&mut links.user_guide, &self.user_guide),
        ] {
            if let Some(url) = url {
                page.clone_from(url);
            }
        }
    }
}

/// `[links]` of the config file: `[links.en]` and `[links.zh-HK]` for each language; the
/// older form, pages right under `[links]`, still works and sets both languages (as it
/// did when there was one set), under whatever a language's own table says.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinksConfig {
    // Not `#[serde(flatten)]`: serde cannot then refuse unknown keys.
    pub login: Option<String>,
    pub security: Option<String>,
    pub faq: Option<String>,
    pub user_guide: Option<String>,
    pub en: LinkOverrides,
    #[serde(rename = "zh-HK")]
    pub zh_hk: LinkOverrides,
}

impl LinksConfig {
    pub fn resolve(&self) -> SiteLinks {
        self.apply_to(SiteLinks::default())
    }

    /// These pages over `base` (the machine policy's, or the defaults).
    pub fn apply_to(&self, base: SiteLinks) -> SiteLinks {
        let both = LinkOverrides {
            login: self.login.clone(),
            security: self.security.clone(),
            faq: self.faq.clone(),
            user_guide: self.user_guide.clone(),
        };
        let mut links = base;
        for (lang, own) in [(&mut links.en, &self.en), (&mut links.zh_hk, &self.zh_hk)] {
            both.apply(lang);
            own.apply(lang);
        }
        links
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    /// The reset API's base URL; absent: practice mode.
    pub server: Option<String>,
    pub lang: Option<String>,
    pub links: Option<LinksConfig>,
}

impl FileConfig {
    pub fn load(path: &Path) -> Result<FileConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Unreadable {
            path: path.to_owned(),
            reason: e.to_string(),
        })?;
        Self::parse(path, &text)
    }

    /// The file's text, as read from `path` (named in errors).
    pub fn parse(path: &Path, text: &str) -> Result<FileConfig, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::invalid(path, text, &e))
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
    pub links: SiteLinks,
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

    fn links_of(toml_text: &str) -> SiteLinks {
        let file: FileConfig = toml::from_str(toml_text).expect("valid config");
        file.links.unwrap_or_default().resolve()
    }

    #[test]
    fn each_language_opens_its_own_pages() {
        let links = links_of("");
        assert_eq!(links, SiteLinks::default());
        assert!(links.get(Lang::En).user_guide.contains("/en/"));
        assert!(links.get(Lang::ZhHk).user_guide.contains("/tc/"));
        assert!(links.get(Lang::ZhHk).faq.contains("/tc/"));
        let links = links_of(
            "[links.en]\nuser_guide = \"https://example.org/en/guide\"\n\
             [links.zh-HK]\nuser_guide = \"https://example.org/tc/guide\"\n",
        );
        assert_eq!(links.en.user_guide, "https://example.org/en/guide");
        assert_eq!(links.zh_hk.user_guide, "https://example.org/tc/guide");
        assert_eq!(
            links.zh_hk.faq,
            Links::jupas(Lang::ZhHk).faq,
            "the rest stay"
        );
    }

    #[test]
    fn an_older_config_with_one_set_of_links_still_works() {
        let links = links_of(
            "[links]\nlogin = \"https://example.org/login\"\nfaq = \"https://example.org/faq\"\n",
        );
        for lang in [Lang::En, Lang::ZhHk] {
            assert_eq!(links.get(lang).login, "https://example.org/login");
            assert_eq!(links.get(lang).faq, "https://example.org/faq");
        }
        assert_eq!(links.zh_hk.security, Links::jupas(Lang::ZhHk).security);
        // A language's own table wins over the shared one.
        let links = links_of(
            "[links]\nfaq = \"https://example.org/faq\"\n[links.zh-HK]\nfaq = \"https://example.org/tc/faq\"\n",
        );
        assert_eq!(links.en.faq, "https://example.org/faq");
        assert_eq!(links.zh_hk.faq, "https://example.org/tc/faq");
        let typo: Result<FileConfig, _> = toml::from_str("[links]\nfaqs = \"x\"\n");
        assert!(typo.is_err(), "unknown keys are still refused");
    }

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
