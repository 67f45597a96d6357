//! The reference reset service: real HTTP (axum), SQLite, email (SMTP or outbox), and
//! security-code media. Never links the UI.

pub mod accounts;
mod budget;
pub mod captcha;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
mod extract;
mod files;
pub mod mail;
mod mailqueue;
mod middleware;
pub mod passwords;
pub mod practice;
pub mod proxy;
pub mod ratelimit;
pub mod routes;
pub mod secrets;
pub mod serve;
pub mod state;
pub mod workstations;

use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use clock::{Clock, SystemClock};
use config::Config;
use db::Db;
use mail::Mailer;
use mailqueue::MailQueue;
use ratelimit::Limiters;
use secrets::Keyring;
use state::{ServiceState, Shared};

const DAY_MS: clock::Millis = 24 * 3600 * 1000;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("database file {path}: {source}")]
    DbFile {
        path: String,
        source: std::io::Error,
    },
    #[error("secret key file {path}: {source}")]
    Key {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Accounts(#[from] accounts::AccountsError),
    #[error(transparent)]
    Mail(#[from] mail::MailError),
    #[error(
        "workstations are kept in the service's database: give the service's --db FILE (or --config with `db`)"
    )]
    NoDatabase,
    #[error("no mail transport: give --outbox DIR or SMTP settings")]
    NoMail,
    #[error("outbox folder {path}: {source}")]
    Outbox {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start the service thread: {0}")]
    Thread(String),
}

/// Where mail goes, when the caller wants something other than the config's transport.
pub enum MailTarget {
    FromConfig,
    /// The app's in-process practice mailbox.
    Memory(tokio::sync::mpsc::UnboundedSender<Vec<u8>>),
}

pub struct Options {
    pub clock: Arc<dyn Clock>,
    pub mail: MailTarget,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            clock: Arc::new(SystemClock),
            mail: MailTarget::FromConfig,
        }
    }
}

/// Opens storage, loads accounts and builds the shared state.
pub fn build_state(config: Config, options: Options) -> Result<Shared, StartError> {
    config.validate()?;
    if let Some(path) = &config.db {
        files::prepare_private_db(path).map_err(|source| StartError::DbFile {
            path: path.display().to_string(),
            source,
        })?;
    }
    let db = Db::open(config.db.as_deref())?;
    let keyring = match (&config.secret_key_file, &config.db) {
        (Some(path), _) => load_key(path)?,
        (None, Some(db_path)) => load_key(&db_path.with_extension("key"))?,
        (None, None) => Keyring::ephemeral(),
    };
    let added = match &config.accounts {
        Some(path) => accounts::load(path, &db)?,
        // Practice mode without an accounts file: the practice accounts shipped in resources/.
        None if config.practice => accounts::load_practice(&db)?,
        None => 0,
    };
    tracing::info!(added, "accounts loaded");
    let mailer = match options.mail {
        MailTarget::Memory(sink) => Mailer::memory(sink)?,
        MailTarget::FromConfig => match (&config.mail.outbox, &config.mail.smtp) {
            (Some(dir), _) => {
                files::create_private_dir(dir).map_err(|source| StartError::Outbox {
                    path: dir.display().to_string(),
                    source,
                })?;
                Mailer::outbox(dir, config.mail.from.as_deref())?
            }
            (None, Some(smtp)) => Mailer::smtp(smtp, config.mail.from.as_deref())?,
            (None, None) => return Err(StartError::NoMail),
        },
    };
    let reveal_dir = config
        .test_reveal_answers
        .then(|| config.mail.outbox.clone())
        .flatten();
    Ok(Arc::new(ServiceState {
        db: Mutex::new(db),
        keyring,
        clock: options.clock,
        limits: Limiters::new(&config.rate_limits),
        mail: MailQueue::new(mailer),
        captcha_misses: captcha::WrongAnswers::default(),
        reveal_dir,
        config,
    }))
}

pub(crate) fn load_key(path: &std::path::Path) -> Result<Keyring, StartError> {
    Keyring::load_or_create(path).map_err(|source| StartError::Key {
        path: path.display().to_string(),
        source,
    })
}

/// Every route with its middleware, as served (the fuzzer sends it requests in-process;
/// the connection loop in `serve.rs` adds the client's address as `ConnectInfo`).
pub fn router(state: Shared) -> axum::Router {
    let (router, _) = routes::api(state.config.practice).split_for_parts();
    let body_timeout = state.config.connections.body_timeout();
    // Outermost last: the access log sees every answer, including 408/413 and no-store.
    router
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(from_fn_with_state(
            Arc::clone(&state),
            workstations::identify,
        ))
        .layer(DefaultBodyLimit::max(middleware::MAX_BODY_BYTES))
        .layer(from_fn_with_state(body_timeout, middleware::whole_body))
        .layer(middleware::no_store())
        .layer(from_fn(middleware::access_log))
        .with_state(state)
}

/// A service listening on a socket, until `shutdown` or drop.
pub struct Running {
    pub addr: SocketAddr,
    pub state: Shared,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting, lets requests in flight finish, sends the mail they queued,
    /// then returns.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let served = (&mut self.task)
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)));
        self.state.mail.drain().await;
        served
    }
}

/// Binds the configured address (port 0 for any free port) and serves on the current runtime.
pub async fn start(config: Config, options: Options) -> Result<Running, StartError> {
    let listen = config.listen;
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|source| StartError::Listen {
            addr: listen,
            source,
        })?;
    serve_on(listener, config, options).await
}

/// Builds the state (storage, accounts, mail), then serves on `listener`.
async fn serve_on(
    listener: TcpListener,
    config: Config,
    options: Options,
) -> Result<Running, StartError> {
    let listen = config.listen;
    let state = build_state(config, options)?;
    let addr = listener.local_addr().map_err(|source| StartError::Listen {
        addr: listen,
        source,
    })?;
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(Arc::clone(&state));
    state.mail.start();
    spawn_housekeeping(Arc::clone(&state));
    let limits = state.config.connections.clone();
    let task = tokio::spawn(serve::serve(
        listener,
        app,
        limits,
        state.config.trusted_proxies.clone(),
        stopped,
    ));
    tracing::info!(%addr, practice = state.config.practice, "reset service listening");
    Ok(Running {
        addr,
        state,
        stop: Some(stop),
        task,
    })
}

/// Drops dead challenges, old sessions and idle rate-limit buckets every minute.
fn spawn_housekeeping(state: Shared) {
    let weak = Arc::downgrade(&state);
    drop(state);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            let Some(state) = weak.upgrade() else { break };
            state.limits.forget_idle(state.now());
            let result = state
                .with_db(|state, db| Ok(db.purge(state.now(), DAY_MS)?))
                .await;
            if let Err(error) = result {
                tracing::warn!(%error, "housekeeping failed");
            }
        }
    });
}

/// The service on its own thread and runtime, for the app's practice mode: the UI's
/// runtime never runs service work. Stops when the handle is dropped.
pub struct Background {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Background {
    pub fn spawn(config: Config, options: Options) -> Result<Background, StartError> {
        // Bound here, so the address is known at once; the service loads its accounts
        // (slow: Argon2id) on its own thread while early requests wait in the backlog.
        let listener =
            std::net::TcpListener::bind(config.listen).map_err(|source| StartError::Listen {
                addr: config.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Listen {
            addr: config.listen,
            source,
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|source| StartError::Listen { addr, source })?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("reset-service".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build();
                let Ok(runtime) = runtime else {
                    tracing::error!("the practice service could not start its runtime");
                    return;
                };
                runtime.block_on(async move {
                    let listener = match TcpListener::from_std(listener) {
                        Ok(listener) => listener,
                        Err(error) => {
                            tracing::error!(%error, "the practice service could not listen");
                            return;
                        }
                    };
                    match serve_on(listener, config, options).await {
                        Ok(running) => {
                            let _ = stopped.await;
                            let _ = running.shutdown().await;
                        }
                        Err(error) => tracing::error!(%error, "the practice service did not start"),
                    }
                });
            })
            .map_err(|e| StartError::Thread(e.to_string()))?;
        Ok(Background {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
