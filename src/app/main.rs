//! `jupas-reset`: the JUPAS Forgot Password app. With no server configured it starts
//! the reference service in-process on loopback ("practice mode").

// A window app on Windows: no console window opens behind it (see `console` below).
#![cfg_attr(windows, windows_subsystem = "windows")]

use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jupas_reset::renderer::{self, Renderer};
use jupas_reset::{Startup, config, enrolment, fonts, settings};
use jupas_reset_api::client::ApiClient;
use jupas_reset_api::wire::{Lang, Secret};
use jupas_reset_i18n::tr_args;
use jupas_reset_service::practice::Practice;

/// JUPAS Forgot Password / 大學聯招辦法 忘記密碼
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
    /// Drive this reset API (https; plain http only on this computer). Without it: practice mode.
    #[arg(long, value_name = "URL")]
    server: Option<String>,
    /// Language: en or zh-HK (default: from the system locale).
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// Practice mode: the built-in reference service and mailbox, whatever else is configured.
    #[arg(long, conflicts_with = "server")]
    practice: bool,
    /// TOML config: `server`, `lang`, and `[links.en]` / `[links.zh-HK]` login / security /
    /// faq / user_guide (or `[links]` for both languages); default: config.toml in the
    /// user's config folder, if there is one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print every effective setting and where it came from, then exit.
    #[arg(long)]
    print_config: bool,
    /// For installers: write the machine policy FILE from the properties below, then exit.
    #[arg(long, value_name = "FILE", hide = true)]
    install_policy: Option<PathBuf>,
    #[arg(long, hide = true, default_value = "", requires = "install_policy")]
    policy_server: String,
    #[arg(long, hide = true, default_value = "", requires = "install_policy")]
    policy_language: String,
    #[arg(long, hide = true, default_value = "", requires = "install_policy")]
    policy_practice: String,
    /// Start in high contrast (default: as the OS is set; Ctrl+Shift+H switches).
    #[arg(long)]
    high_contrast: bool,
    /// Enrol this PC as a school workstation with the server (--server or the policy), with
    /// the one-time CODE from `jupas-reset-server workstations add`; the credential goes into
    /// the OS keychain. Then exit.
    #[arg(long, value_name = "CODE", conflicts_with_all = ["practice", "unenroll"])]
    enroll: Option<String>,
    /// Remove this PC's workstation enrolment with the server from the OS keychain, then exit.
    #[arg(long, conflicts_with = "practice")]
    unenroll: bool,
    /// How windows are drawn: tiny-skia (software, the default) or wgpu (GPU through Vulkan,
    /// DX12 or Metal; if it cannot work on this PC the app uses tiny-skia and says why in the
    /// log). Default: tiny-skia, or what ICED_BACKEND says.
    #[arg(long, value_name = "NAME", value_parser = parse_renderer)]
    renderer: Option<Renderer>,
}

fn parse_renderer(name: &str) -> Result<Renderer, String> {
    Renderer::parse(name).ok_or_else(|| "takes tiny-skia or wgpu".to_owned())
}

fn main() -> ExitCode {
    // This binary is also the wgpu probe that `renderer::decide` runs as a child.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == renderer::PROBE_FLAG)
    {
        return ExitCode::from(renderer::probe());
    }
    console::attach_to_parent();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "jupas_reset=info,warn".into()),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a terminal: log files stay readable.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    if let Some(path) = &cli.install_policy {
        return install_policy(&cli, path);
    }
    let policy_path = config::machine_policy_path();
    let effective = match load_config(&cli, &policy_path) {
        Ok(effective) => effective,
        Err(error) => {
            let both = format!(
                "{}\n{}",
                error.localized(Lang::En),
                error.localized(Lang::ZhHk)
            );
            return fail(&both);
        }
    };
    if cli.print_config {
        print!("{}", effective.describe(&policy_path));
        return ExitCode::SUCCESS;
    }
    let server = effective.server.value.filter(|_| !effective.practice.value);
    if let Some(code) = cli.enroll {
        return enrolment::run(
            enrolment::Command::Enroll(Secret::new(code)),
            server.as_deref(),
        );
    }
    if cli.unenroll {
        return enrolment::run(enrolment::Command::Unenroll, server.as_deref());
    }
    // Before any other thread exists (the keychain, the practice service, iced).
    let asked = renderer::request(cli.renderer, std::env::var("ICED_BACKEND").ok().as_deref());
    let chosen = renderer::decide(&asked);
    set_iced_backend(renderer::iced_backend(chosen));
    let lang = effective.lang.value.unwrap_or_else(settings::system_lang);
    // Read here, once: the UI never does I/O.
    let high_contrast = cli.high_contrast || settings::system_high_contrast();
    let mut workstation = None;
    let (client, practice) = match &server {
        Some(url) => match ApiClient::new(url) {
            Ok(client) => {
                let (client, name) = enrolment::enrolled_client(client, url);
                workstation = name;
                (client, None)
            }
            Err(error) => {
                return fail(&format!(
                    "server {url} ({}): {error}",
                    effective.server.source
                ));
            }
        },
        None => match start_practice() {
            Ok((client, practice)) => (client, Some(practice)),
            Err(reason) => {
                let message = |lang| {
                    tr_args(
                        lang,
                        "error-service-start",
                        &[("reason", reason.as_str().into())],
                    )
                };
                return fail(&format!("{}\n{}", message(Lang::En), message(Lang::ZhHk)));
            }
        },
    };
    let startup = Startup {
        settings: settings::Settings {
            lang,
            links: effective.links.value,
            high_contrast,
        },
        client,
        practice,
        server,
        workstation,
    };
    fonts::install();
    match jupas_reset::run(startup) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error.to_string()),
    }
}

/// The installer's step: its properties become the machine policy.
fn install_policy(cli: &Cli, path: &Path) -> ExitCode {
    let written = config::PolicyFile::from_installer(
        &cli.policy_server,
        &cli.policy_language,
        &cli.policy_practice,
    )
    .and_then(|policy| policy.install(path));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error.to_string()),
    }
}

/// The machine policy, the user's config file and the flags, in that order of reading.
fn load_config(cli: &Cli, policy_path: &Path) -> Result<config::Effective, config::ConfigError> {
    let policy = config::PolicyFile::load(policy_path)?;
    let user_path = cli
        .config
        .clone()
        .or_else(|| settings::FileConfig::default_path().filter(|path| path.is_file()));
    let user = user_path
        .as_deref()
        .map(settings::FileConfig::load)
        .transpose()?;
    let flags = config::Flags {
        server: cli.server.clone(),
        lang: cli.lang.clone(),
        practice: cli.practice,
    };
    config::Effective::resolve(&config::Sources {
        policy: policy.as_ref().map(|p| (policy_path, p)),
        user: user_path.as_deref().zip(user.as_ref()),
        flags: &flags,
    })
}

/// iced reads its renderer from `ICED_BACKEND` only.
#[allow(unsafe_code)]
fn set_iced_backend(value: &str) {
    // SAFETY: called from `main` before any thread exists (the practice service, tokio and
    // iced start later; the wgpu probe ran in a child process), so nothing can read the
    // environment concurrently.
    unsafe { std::env::set_var("ICED_BACKEND", value) };
}

/// The reference service in-process, and a client pointed at it.
fn start_practice() -> Result<(ApiClient, Practice), String> {
    let practice = Practice::start().map_err(|e| e.to_string())?;
    let client = ApiClient::new(&practice.base_url()).map_err(|e| e.to_string())?;
    Ok((client, practice))
}

fn fail(message: &str) -> ExitCode {
    eprintln!("jupas-reset: {message}");
    ExitCode::from(2)
}

/// A GUI-subsystem exe has no console; when started from one (an administrator running
/// `jupas-reset --print-config`), print into it.
mod console {
    #[cfg(windows)]
    #[allow(unsafe_code)]
    pub(super) fn attach_to_parent() {
        use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
        // SAFETY: AttachConsole takes a process id by value and touches no Rust memory; it
        // fails harmlessly (started from Explorer: no console to attach to).
        unsafe {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }

    #[cfg(not(windows))]
    pub(super) fn attach_to_parent() {}
}
