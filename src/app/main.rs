//! `jupas-reset`: the JUPAS Forgot Password app. With no server configured it starts
//! the reference service in-process on loopback ("practice mode").

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

use jupas_reset::renderer::{self, Renderer};
use jupas_reset::{Startup, fonts, settings};
use jupas_reset_api::client::ApiClient;
use jupas_reset_api::wire::Lang;
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
    /// TOML config: `server`, `lang`, and `[links]` login / security / faq / user_guide.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Start in high contrast (default: as the OS is set; Ctrl+Shift+H switches).
    #[arg(long)]
    high_contrast: bool,
    /// How windows are drawn: tiny-skia (software, the default) or wgpu (GPU; if it cannot
    /// work on this PC the app uses tiny-skia and says why in the log). Default: tiny-skia,
    /// or what ICED_BACKEND says.
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
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "jupas_reset=info,warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let asked = renderer::request(cli.renderer, std::env::var("ICED_BACKEND").ok().as_deref());
    let chosen = renderer::decide(&asked);
    set_iced_backend(renderer::iced_backend(chosen));
    let file = match &cli.config {
        Some(path) => match settings::FileConfig::load(path) {
            Ok(file) => file,
            Err(message) => return fail(&message),
        },
        None => settings::FileConfig::default(),
    };
    let lang_flag = cli.lang.or(file.lang);
    let lang = match lang_flag.as_deref().map(settings::parse_lang) {
        Some(Some(lang)) => lang,
        Some(None) => return fail("--lang takes en or zh-HK"),
        None => settings::system_lang(),
    };
    // Read here, once: the UI never does I/O.
    let high_contrast = cli.high_contrast || settings::system_high_contrast();
    let server = cli.server.or(file.server);
    let (client, practice) = match &server {
        Some(url) => match ApiClient::new(url) {
            Ok(client) => (client, None),
            Err(error) => return fail(&format!("--server {url}: {error}")),
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
            links: file.links,
            high_contrast,
        },
        client,
        practice,
    };
    fonts::install();
    match jupas_reset::run(startup) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error.to_string()),
    }
}

/// The reference service in-process, and a client pointed at it.
fn start_practice() -> Result<(ApiClient, Practice), String> {
    let practice = Practice::start().map_err(|e| e.to_string())?;
    let client = ApiClient::new(&practice.base_url()).map_err(|e| e.to_string())?;
    Ok((client, practice))
}

/// iced reads its renderer from `ICED_BACKEND` only.
#[allow(unsafe_code)]
fn set_iced_backend(value: &str) {
    // SAFETY: called from `main` before any thread exists (the practice service, tokio and
    // iced start later; the wgpu probe ran in a child process), so nothing can read the
    // environment concurrently.
    unsafe { std::env::set_var("ICED_BACKEND", value) };
}

fn fail(message: &str) -> ExitCode {
    eprintln!("jupas-reset: {message}");
    ExitCode::from(2)
}
