//! What every request handler shares.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::captcha::WrongAnswers;
use super::clock::{Clock, Millis};
use super::config::Config;
use super::db::Db;
use super::error::ServiceError;
use super::mailqueue::MailQueue;
use super::ratelimit::Limiters;
use super::secrets::Keyring;

pub struct ServiceState {
    pub db: Mutex<Db>,
    pub keyring: Keyring,
    pub clock: Arc<dyn Clock>,
    pub config: Config,
    pub(crate) mail: MailQueue,
    pub limits: Limiters,
    /// Recent wrong security-code answers per client, for the delay after each.
    pub captcha_misses: WrongAnswers,
    /// `--test-reveal-answers`: where challenge answers are written for black-box tests.
    pub reveal_dir: Option<PathBuf>,
}

pub type Shared = Arc<ServiceState>;

impl ServiceState {
    pub fn now(&self) -> Millis {
        self.clock.now_ms()
    }

    /// Runs database work off the async workers; SQLite calls block.
    pub async fn with_db<T, F>(self: &Arc<Self>, work: F) -> Result<T, ServiceError>
    where
        T: Send + 'static,
        F: FnOnce(&ServiceState, &Db) -> Result<T, ServiceError> + Send + 'static,
    {
        let state = Arc::clone(self);
        // The request's span (request id, route) follows the work onto the blocking thread.
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let _in_request = span.enter();
            let db = state
                .db
                .lock()
                .map_err(|_| ServiceError::internal("database lock poisoned"))?;
            work(&state, &db)
        })
        .await
        .map_err(ServiceError::internal)?
    }
}
