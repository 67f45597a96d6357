//! Loads the accounts the service knows (practice ones, or an operator's file) from TOML:
//! `[[account]]` tables with `login_name`, `date_of_birth` (YYYY-MM-DD), `email` and the
//! initial `password` (hashed on load).

use serde::Deserialize;
use std::path::Path;

use super::db::Db;
use super::passwords;
use jupas_reset_api::validate;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountsFile {
    #[serde(default)]
    account: Vec<AccountEntry>,
}

/// One `[[account]]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountEntry {
    login_name: String,
    date_of_birth: String,
    email: String,
    password: zeroize::Zeroizing<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error("cannot read accounts file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("accounts file {path} is not valid TOML: {source}")]
    Parse {
        path: String,
        source: Box<toml::de::Error>,
    },
    #[error("accounts file: account {index} ({login}): {field} is not valid")]
    Invalid {
        index: usize,
        login: String,
        field: &'static str,
    },
    #[error("accounts file: {0}")]
    Store(String),
}

/// How many accounts were added (those already present are left exactly as they are).
pub(crate) fn load(path: &Path, db: &Db) -> Result<usize, AccountsError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| AccountsError::Read {
        path: shown.clone(),
        source,
    })?;
    let file = parse(&shown, &text)?;
    load_accounts(&file.account, db)
}

/// Parses an accounts file's text and checks every account, storing and hashing nothing:
/// how many accounts it holds.
pub fn check(path: &str, text: &str) -> Result<usize, AccountsError> {
    Ok(parse(path, text)?.account.len())
}

fn parse(path: &str, text: &str) -> Result<AccountsFile, AccountsError> {
    let file: AccountsFile = toml::from_str(text).map_err(|source| AccountsError::Parse {
        path: path.to_owned(),
        source: Box::new(source),
    })?;
    validate_accounts(&file.account)?;
    Ok(file)
}

/// Every account checked before any is hashed (slow) or stored: a bad one stops the load.
fn validate_accounts(accounts: &[AccountEntry]) -> Result<(), AccountsError> {
    let today = validate::today_utc();
    for (index, account) in accounts.iter().enumerate() {
        let invalid = |field| AccountsError::Invalid {
            index: index + 1,
            login: account.login_name.clone(),
            field,
        };
        validate::login_name(&account.login_name).map_err(|_| invalid("login_name"))?;
        validate::date_of_birth(&account.date_of_birth, today)
            .map_err(|_| invalid("date_of_birth"))?;
        validate::email(&account.email).map_err(|_| invalid("email"))?;
        if account.password.is_empty() {
            return Err(invalid("password"));
        }
    }
    Ok(())
}

fn load_accounts(accounts: &[AccountEntry], db: &Db) -> Result<usize, AccountsError> {
    let mut added = 0;
    for account in accounts {
        let exists = db
            .account_exists(account.login_name.trim())
            .map_err(|e| AccountsError::Store(e.to_string()))?;
        if exists {
            continue;
        }
        let hash =
            passwords::hash(&account.password).map_err(|e| AccountsError::Store(e.to_string()))?;
        if db
            .insert_account_if_absent(
                account.login_name.trim(),
                account.date_of_birth.trim(),
                account.email.trim(),
                &hash,
            )
            .map_err(|e| AccountsError::Store(e.to_string()))?
        {
            added += 1;
        }
    }
    Ok(added)
}

/// The practice accounts shipped with the app (`resources/practice-accounts.toml`).
const PRACTICE_ACCOUNTS: &str = include_str!("../../resources/practice-accounts.toml");

pub(crate) fn load_practice(db: &Db) -> Result<usize, AccountsError> {
    let file = parse("resources/practice-accounts.toml", PRACTICE_ACCOUNTS)?;
    load_accounts(&file.account, db)
}
