//! Argon2id password hashes with OWASP's parameters (19 MiB, 2 passes, 1 lane).
//! Passwords are NFKC-normalised first, as the policy counts them.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::mpsc;
use std::sync::{Arc, LazyLock, Mutex};
use tokio::sync::oneshot;

use jupas_reset_api::policy::normalize;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    let normalized = normalize(password);
    Ok(argon2()
        .hash_password(normalized.as_bytes(), &salt)?
        .to_string())
}

/// False for a wrong password and for a malformed stored hash.
pub(crate) fn verify(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let normalized = normalize(password);
    argon2()
        .verify_password(normalized.as_bytes(), &parsed)
        .is_ok()
}

/// Argon2id is deliberately slow and memory-hungry (19 MiB a call): running more at once
/// than there are cores only makes every request, cheap ones included, wait longer. So
/// password work runs on a pool of its own, one thread per core, at a lower scheduling
/// priority than the request workers: with every core hashing, a cheap call (a security
/// code, a reset, a mail) still gets a core at once, and the hashing takes what is left.
type Job = Box<dyn FnOnce() + Send>;

static POOL: LazyLock<Option<mpsc::Sender<Job>>> = LazyLock::new(|| {
    let (jobs, queue) = mpsc::channel::<Job>();
    let queue = Arc::new(Mutex::new(queue));
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut started = 0;
    for n in 0..threads {
        let queue = Arc::clone(&queue);
        let spawned = std::thread::Builder::new()
            .name(format!("argon2-{n}"))
            .spawn(move || {
                lower_priority();
                loop {
                    // The lock is held only while waiting for the next job.
                    let job = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    // A panicking job drops its answer channel (the caller gets `None`);
                    // the thread lives on.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            });
        started += usize::from(spawned.is_ok());
    }
    (started > 0).then_some(jobs)
});

/// Runs password hashing work on the password pool, at most one job per core; `None` if
/// the pool is gone or the work panicked.
pub(crate) async fn run_limited<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (answer, answered) = oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = answer.send(work());
    });
    POOL.as_ref()?.send(job).ok()?;
    answered.await.ok()
}

/// Nice +10 for this thread (Linux sets the priority of the calling thread, not the
/// process); elsewhere, and if refused, the thread keeps the normal priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        if let Ok(now) = getpriority_process(None) {
            let _ = setpriority_process(None, (now + 10).min(19));
        }
    }
}

/// Verified against when no account matches, so that "no such account" costs the same time.
pub(crate) static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash("no account has this password").unwrap_or_default());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify_after_normalisation() {
        let stored = hash("ｐａｓｓ word 密碼").expect("hash");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("pass word 密碼", &stored));
        assert!(!verify("Pass word 密碼", &stored), "case-sensitive");
        assert!(!verify("x", "not a hash"));
    }
}
