//! Mail leaves through a queue. A request only enqueues a job, the same small step
//! whether or not the details matched an account (a job without a recipient is dropped
//! by the worker), so neither the answer nor its timing depends on it. One background
//! task builds and sends the messages, a few at a time; at shutdown it stops taking new
//! jobs and sends every queued one before the service exits.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;
use zeroize::Zeroizing;

use super::mail::{MailError, Mailer};

/// Messages in flight at once: enough to hide SMTP latency, few enough to be polite.
const PARALLEL_SENDS: usize = 8;
/// How long shutdown waits for the queue to empty before it gives up (and logs the loss).
const DRAIN_LIMIT: Duration = Duration::from_secs(30);

/// What to send. `to: None`: the request had no account behind it; nothing goes out.
pub(crate) enum Job {
    Code {
        to: Option<String>,
        code: Zeroizing<String>,
        valid_minutes: u64,
    },
    PasswordChanged {
        to: String,
        login: String,
        when: String,
    },
    /// Wrong codes reached the point where tries are delayed: the owner should know.
    Guessing {
        to: Option<String>,
        login: String,
        failures: u32,
    },
}

impl Job {
    /// For the log: which mail, never who or what.
    fn kind(&self) -> &'static str {
        match self {
            Job::Code { .. } => "verification_code",
            Job::PasswordChanged { .. } => "password_changed",
            Job::Guessing { .. } => "wrong_codes_warning",
        }
    }

    fn build(self, mailer: &Mailer) -> Option<Result<lettre::Message, MailError>> {
        Some(match self {
            Job::Code {
                to,
                code,
                valid_minutes,
            } => mailer.verification_code(&to?, &code, valid_minutes),
            Job::PasswordChanged { to, login, when } => mailer.password_changed(&to, &login, &when),
            Job::Guessing {
                to,
                login,
                failures,
            } => mailer.wrong_codes_warning(&to?, &login, failures),
        })
    }
}

pub(crate) struct MailQueue {
    jobs: mpsc::UnboundedSender<Job>,
    /// Until [`start`](Self::start): what the worker will need.
    idle: std::sync::Mutex<Option<(Mailer, mpsc::UnboundedReceiver<Job>)>>,
    stop: std::sync::Mutex<Option<oneshot::Sender<()>>>,
    worker: std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl MailQueue {
    /// A queue that holds its jobs until [`start`](Self::start).
    pub(crate) fn new(mailer: Mailer) -> MailQueue {
        let (jobs, queue) = mpsc::unbounded_channel();
        MailQueue {
            jobs,
            idle: std::sync::Mutex::new(Some((mailer, queue))),
            stop: std::sync::Mutex::new(None),
            worker: std::sync::Mutex::new(None),
        }
    }

    /// Starts the worker on the current runtime (once).
    pub(crate) fn start(&self) {
        let Some((mailer, queue)) = lock(&self.idle).take() else {
            return;
        };
        let (stop, stopped) = oneshot::channel();
        *lock(&self.stop) = Some(stop);
        let worker = tokio::spawn(work(Arc::new(mailer), queue, stopped));
        *lock(&self.worker) = Some(worker);
    }

    /// Never waits: the request path does this one step, whatever the job.
    pub(crate) fn enqueue(&self, job: Job) {
        if self.jobs.send(job).is_err() {
            tracing::warn!("mail queue closed: a message was not sent");
        }
    }

    /// Stops taking jobs and returns once every queued one was sent (or failed).
    pub(crate) async fn drain(&self) {
        let stop = lock(&self.stop).take();
        if let Some(stop) = stop {
            let _ = stop.send(());
        }
        let worker = lock(&self.worker).take();
        if let Some(worker) = worker
            && let Err(error) = worker.await
        {
            tracing::error!(%error, "mail worker failed");
        }
    }
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn work(
    mailer: Arc<Mailer>,
    mut queue: mpsc::UnboundedReceiver<Job>,
    mut stopped: oneshot::Receiver<()>,
) {
    let mut sending = JoinSet::new();
    let mut taking = true;
    let mut order = QueueOrder::default();
    loop {
        let job = tokio::select! {
            job = queue.recv() => job,
            _ = &mut stopped, if taking => {
                // No new jobs from now on; those already queued are still received.
                taking = false;
                queue.close();
                queue.recv().await
            }
        };
        let Some(job) = job else { break };
        while sending.len() >= PARALLEL_SENDS {
            sending.join_next().await;
        }
        sending.spawn(send(Arc::clone(&mailer), job, order.next()));
    }
    let drained = tokio::time::timeout(DRAIN_LIMIT, async {
        while sending.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::error!(
            unsent = sending.len(),
            "shutdown: mail still unsent after the drain limit"
        );
    }
}

/// Strictly increasing stamps in queue order: microseconds since 1970, bumped past the
/// previous stamp when the clock has not moved on (or stepped back).
#[derive(Default)]
struct QueueOrder {
    last: u64,
}

impl QueueOrder {
    fn next(&mut self) -> u64 {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| {
                u64::try_from(since.as_micros()).unwrap_or(u64::MAX)
            });
        self.last = now.max(self.last.saturating_add(1));
        self.last
    }
}

async fn send(mailer: Arc<Mailer>, job: Job, order: u64) {
    let kind = job.kind();
    let result = match job.build(&mailer) {
        None => return,
        Some(Ok(message)) => mailer.send(message, order).await,
        Some(Err(error)) => Err(error),
    };
    // The error names the transport's complaint, never the message's content.
    if let Err(error) = result {
        tracing::warn!(kind, %error, "mail not delivered");
    }
}

#[cfg(test)]
mod tests {
    use super::QueueOrder;

    #[test]
    fn stamps_keep_queue_order_even_within_one_microsecond() {
        let mut order = QueueOrder::default();
        let stamps: Vec<u64> = (0..10_000).map(|_| order.next()).collect();
        assert!(stamps.windows(2).all(|pair| pair[0] < pair[1]));
        // Zero-padded to 20 digits, name order is stamp order.
        let mut names: Vec<String> = stamps.iter().rev().map(|s| format!("{s:020}")).collect();
        names.sort();
        assert_eq!(names.first(), Some(&format!("{:020}", stamps[0])));
    }
}
