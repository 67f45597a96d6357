//! Random secrets and their keyed hashes. Tokens, codes and answers are stored only as
//! HMAC-SHA256 under a server key, and compared in constant time.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use std::path::Path;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::captcha;
use crate::files;

type HmacSha256 = Hmac<Sha256>;

/// What a hash is for: the same value hashed for two purposes never matches.
#[derive(Debug, Clone, Copy)]
pub enum Purpose {
    ResetToken,
    VerificationCode,
    ChallengeAnswer,
    /// Login names in the log: followable, not readable.
    LogLogin,
    /// The details a reset was started with: the key of their failure budget.
    Details,
    /// A one-time workstation enrolment code.
    EnrolmentCode,
    /// A workstation's credential.
    WorkstationCredential,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Purpose::ResetToken => b"reset-token\0",
            Purpose::VerificationCode => b"verification-code\0",
            Purpose::ChallengeAnswer => b"challenge-answer\0",
            Purpose::LogLogin => b"log-login\0",
            Purpose::Details => b"details\0",
            Purpose::EnrolmentCode => b"enrolment-code\0",
            Purpose::WorkstationCredential => b"workstation-credential\0",
        }
    }
}

pub struct Keyring {
    key: Zeroizing<[u8; 32]>,
}

impl Keyring {
    /// A key that lives only as long as the process: for a temporary database.
    pub(crate) fn ephemeral() -> Self {
        let mut key = Zeroizing::new([0u8; 32]);
        rand::rng().fill_bytes(key.as_mut());
        Keyring { key }
    }

    /// Reads the key file, or creates it (owner-only) on first start. A key file that the
    /// group or others may read is refused.
    pub(crate) fn load_or_create(path: &Path) -> std::io::Result<Self> {
        files::refuse_if_readable_by_others(path)?;
        match std::fs::read(path) {
            Ok(bytes) if bytes.len() == 32 => {
                let mut key = Zeroizing::new([0u8; 32]);
                key.copy_from_slice(&bytes);
                Ok(Keyring { key })
            }
            Ok(_) => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{} must hold exactly 32 bytes", path.display()),
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let keyring = Keyring::ephemeral();
                files::write_private(path, keyring.key.as_ref())?;
                Ok(keyring)
            }
            Err(e) => Err(e),
        }
    }

    pub fn hash(&self, purpose: Purpose, value: &str) -> Vec<u8> {
        let Ok(mut mac) = HmacSha256::new_from_slice(self.key.as_ref()) else {
            unreachable!("HMAC takes keys of any length")
        };
        mac.update(purpose.label());
        mac.update(value.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// A login name as the log shows it: 16 hex digits of its keyed hash, case-folded, so the
    /// same account's events can be followed and a guessed name cannot be checked offline.
    pub(crate) fn login_tag(&self, login_name: &str) -> String {
        let hash = self.hash(Purpose::LogLogin, &login_name.trim().to_lowercase());
        hash.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }

    /// The key of the failure budget and mail budget of a set of details. The same for an
    /// account and for what a student types to name it (case and spaces aside), whether
    /// or not the details match: fixed-size whatever was typed.
    pub(crate) fn details_key(
        &self,
        login_name: &str,
        date_of_birth: &str,
        email: &str,
    ) -> Vec<u8> {
        let details = Zeroizing::new(format!(
            "{}\0{}\0{}",
            login_name.trim().to_ascii_lowercase(),
            date_of_birth.trim(),
            email.trim().to_ascii_lowercase()
        ));
        self.hash(Purpose::Details, &details)
    }

    /// Constant-time comparison of `value`'s hash with a stored hash.
    pub(crate) fn matches(&self, purpose: Purpose, value: &str, stored: &[u8]) -> bool {
        self.hash(purpose, value).ct_eq(stored).into()
    }
}

/// 256 random bits, URL-safe: the reset token and challenge ids.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A short random id that is safe to show (outbox file names).
pub(crate) fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A verification code: the look-alike-free characters of image security codes, drawn the
/// same way, from the CSPRNG (`rand::rng()` is ChaCha, keyed from the OS's entropy).
pub(crate) fn new_code(len: usize) -> Zeroizing<String> {
    Zeroizing::new(captcha::new_image_code(&mut rand::rng(), len))
}

/// A one-time workstation enrolment code, as IT types it on the PC: four groups of four
/// look-alike-free characters (about 68 bits), from the CSPRNG.
pub(crate) fn new_enrolment_code() -> Zeroizing<String> {
    let raw = Zeroizing::new(captcha::new_image_code(&mut rand::rng(), 16));
    let mut code = Zeroizing::new(String::with_capacity(19));
    for (i, c) in raw.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        code.push(c);
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_has_at_least_20_bits() {
        let alphabet = captcha::IMAGE_ALPHABET;
        let bits = (alphabet.len() as f64).log2() * 6.0;
        assert!(bits >= 20.0, "{bits}");
        let code = new_code(6);
        assert_eq!(code.len(), 6);
        assert!(code.chars().all(|c| alphabet.contains(c)));
    }

    #[test]
    fn hashes_depend_on_key_and_purpose() {
        let a = Keyring::ephemeral();
        let b = Keyring::ephemeral();
        let h = a.hash(Purpose::VerificationCode, "ABC123");
        assert!(a.matches(Purpose::VerificationCode, "ABC123", &h));
        assert!(!a.matches(Purpose::ChallengeAnswer, "ABC123", &h));
        assert!(!b.matches(Purpose::VerificationCode, "ABC123", &h));
        assert!(!a.matches(Purpose::VerificationCode, "ABC124", &h));
    }

    #[test]
    fn key_file_is_created_once_and_reused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("k.key");
        let first = Keyring::load_or_create(&path).expect("create");
        let again = Keyring::load_or_create(&path).expect("load");
        let h = first.hash(Purpose::ResetToken, "t");
        assert!(again.matches(Purpose::ResetToken, "t", &h));
    }
}
