//! Argon2id password hashes with OWASP's parameters (19 MiB, 2 passes, 1 lane).
//! Passwords are NFKC-normalised first, as the policy counts them.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

use jupas_reset_api::policy::normalize;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub(crate) fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
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
/// than there are cores only makes every request, cheap ones included, wait longer.
static SLOTS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

/// Runs password hashing work off the async workers, at most one job per core.
pub(crate) async fn run_limited<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let _slot = SLOTS.acquire().await.ok()?;
    tokio::task::spawn_blocking(work).await.ok()
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
