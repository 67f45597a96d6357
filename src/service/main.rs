//! `jupas-reset-server`: the reference reset service as a standalone process, and
//! `jupas-reset-server workstations …` to manage enrolled school PCs.

mod admin;

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use jupas_reset_service::config::{Config, SmtpConfig, SmtpTls};
use jupas_reset_service::proxy::Cidr;
use jupas_reset_service::{self as service, Options};

/// The reference JUPAS password-reset service (HTTP+JSON API under /v1).
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// TOML config file with every setting (flags override it).
    #[arg(long, value_name = "FILE", global = true)]
    config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8787].
    #[arg(long, value_name = "ADDR")]
    listen: Option<SocketAddr>,
    /// SQLite database file; without it, a temporary in-memory database.
    #[arg(long, value_name = "PATH", global = true)]
    db: Option<PathBuf>,
    /// Write each email as an .eml file into DIR instead of sending it.
    #[arg(long, value_name = "DIR")]
    outbox: Option<PathBuf>,
    /// SMTP server host (instead of --outbox).
    #[arg(long, value_name = "HOST")]
    smtp_host: Option<String>,
    /// SMTP port [default: 587].
    #[arg(long, value_name = "PORT")]
    smtp_port: Option<u16>,
    /// SMTP transport security.
    #[arg(long, value_enum, value_name = "MODE")]
    smtp_tls: Option<SmtpTls>,
    /// SMTP user name; the password comes from JUPAS_RESET_SMTP_PASSWORD.
    #[arg(long, value_name = "USER")]
    smtp_user: Option<String>,
    /// Sender address of the emails.
    #[arg(long, value_name = "ADDRESS")]
    mail_from: Option<String>,
    /// Accounts to load at start (TOML, [[account]] tables), e.g. the practice accounts.
    #[arg(long, value_name = "FILE")]
    accounts: Option<PathBuf>,
    /// Serve POST /v1/practice/login so students can try their new password. Only with the
    /// temporary in-memory database or on a loopback address.
    #[arg(long)]
    practice: bool,
    /// Reverse proxies (addresses or blocks, comma-separated) whose X-Forwarded-For is
    /// believed: for their requests the right-most hop they did not add is the client.
    #[arg(long, value_name = "CIDR", value_delimiter = ',')]
    trusted_proxies: Vec<Cidr>,
    /// For black-box tests only: write each challenge's answer to <outbox>/challenge-<id>.txt.
    /// Refuses to start unless listening on a loopback address.
    #[arg(long)]
    test_reveal_answers: bool,
    /// Print the OpenAPI document and exit.
    #[arg(long)]
    print_openapi: bool,
    /// Log lines on stderr: `text` for people, `json` (one object per line) for collectors.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "text")]
    log_format: LogFormat,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Enrolled school PCs, in the service's database (give the service's --db or --config).
    #[command(subcommand)]
    Workstations(admin::Workstations),
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// Access and security events on stderr. Colour only on a terminal: log files stay plain.
fn init_logging(format: LogFormat) {
    use std::io::IsTerminal;
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    if cli.print_openapi {
        print!("{}", service::routes::openapi_json());
        return ExitCode::SUCCESS;
    }
    if let Some(Command::Workstations(command)) = cli.command.take() {
        return match config_from(cli) {
            Ok(config) => admin::run(command, &config),
            Err(message) => {
                eprintln!("jupas-reset-server: {message}");
                ExitCode::from(2)
            }
        };
    }
    init_logging(cli.log_format);
    // Every connection costs a descriptor: take what the OS allows (the hard limit).
    if let Some(open_files) = service::serve::raise_open_files_limit() {
        tracing::info!(open_files, "open-files limit");
    }
    let config = match config_from(cli) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("jupas-reset-server: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("jupas-reset-server: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let running = match service::start(config, Options::default()).await {
            Ok(running) => running,
            Err(e) => {
                eprintln!("jupas-reset-server: {e}");
                return ExitCode::from(2);
            }
        };
        // Print the bound address on stdout: with `--listen 127.0.0.1:0` callers learn the port.
        println!("listening on http://{}", running.addr);
        wait_for_signal().await;
        tracing::info!("shutting down");
        match running.shutdown().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("jupas-reset-server: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

fn config_from(cli: Cli) -> Result<Config, String> {
    let mut config = match &cli.config {
        Some(path) => Config::from_file(path).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    if let Some(listen) = cli.listen {
        config.listen = listen;
    }
    if cli.db.is_some() {
        config.db = cli.db;
    }
    if cli.accounts.is_some() {
        config.accounts = cli.accounts;
    }
    if cli.outbox.is_some() {
        config.mail.outbox = cli.outbox;
    }
    if cli.mail_from.is_some() {
        config.mail.from = cli.mail_from;
    }
    if let Some(host) = cli.smtp_host {
        config.mail.smtp = Some(SmtpConfig {
            host,
            port: cli.smtp_port.unwrap_or(587),
            tls: cli.smtp_tls.unwrap_or_default(),
            username: cli.smtp_user,
            password: None,
        });
    }
    if !cli.trusted_proxies.is_empty() {
        config.trusted_proxies = cli.trusted_proxies;
    }
    config.practice |= cli.practice;
    config.test_reveal_answers |= cli.test_reveal_answers;
    config.validate().map_err(|e| e.to_string())?;
    Ok(config)
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
