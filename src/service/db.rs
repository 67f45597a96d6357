//! SQLite storage: accounts, security-code challenges and reset sessions.
//! Only keyed hashes of tokens, codes and answers are stored; passwords only as Argon2id.

use rusqlite::{Connection, OptionalExtension, params};
use rusqlite_migration::{M, Migrations};
use std::path::Path;

use super::clock::Millis;
use jupas_reset_api::wire::SessionEnd;

const MIGRATIONS: &[M<'static>] = &[
    M::up(
        "CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        login_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        date_of_birth TEXT NOT NULL,
        email TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        password_changed_at INTEGER,
        failures_since INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE challenges (
        id TEXT PRIMARY KEY,
        answer_hash BLOB NOT NULL,
        expires_at INTEGER NOT NULL
    );
    CREATE TABLE reset_sessions (
        id INTEGER PRIMARY KEY,
        token_hash BLOB NOT NULL UNIQUE,
        account_id INTEGER REFERENCES accounts(id),
        expires_at INTEGER NOT NULL,
        code_hash BLOB NOT NULL,
        code_expires_at INTEGER NOT NULL,
        code_sent_at INTEGER NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        regenerations INTEGER NOT NULL DEFAULT 0,
        closed_reason TEXT
    );
    CREATE INDEX challenges_expiry ON challenges(expires_at);
    CREATE INDEX sessions_expiry ON reset_sessions(expires_at);",
    ),
    // Sessions the student extended (WCAG 2.2.1), counted against a cap.
    M::up("ALTER TABLE reset_sessions ADD COLUMN extensions INTEGER NOT NULL DEFAULT 0;"),
];

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

pub struct Db {
    conn: Connection,
}

#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub(crate) id: i64,
    pub(crate) login_name: String,
    pub(crate) date_of_birth: String,
    pub(crate) email: String,
    pub(crate) password_hash: String,
    pub(crate) failures_since: Millis,
    pub(crate) failures: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub(crate) id: i64,
    pub(crate) account_id: Option<i64>,
    pub(crate) expires_at: Millis,
    pub(crate) code_hash: Vec<u8>,
    pub(crate) code_expires_at: Millis,
    pub(crate) code_sent_at: Millis,
    pub(crate) regenerations: u32,
    pub(crate) extensions: u32,
    pub(crate) closed: Option<SessionEnd>,
}

pub(crate) struct NewSession<'a> {
    pub(crate) token_hash: &'a [u8],
    pub(crate) account_id: Option<i64>,
    pub(crate) expires_at: Millis,
    pub(crate) code_hash: &'a [u8],
    pub(crate) code_expires_at: Millis,
    pub(crate) now: Millis,
}

impl Db {
    /// Opens (or creates) the database and brings its schema up to date.
    /// `None` gives a private database that vanishes with the process (practice mode).
    pub(crate) fn open(path: Option<&Path>) -> Result<Db, DbError> {
        let mut conn = match path {
            Some(path) => Connection::open(path)?,
            None => Connection::open_in_memory()?,
        };
        // WAL + synchronous=FULL: a committed password change survives kill -9 and power loss.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Migrations::from_slice(MIGRATIONS).to_latest(&mut conn)?;
        Ok(Db { conn })
    }

    /// Adds the account unless one with that login name exists: loading the accounts
    /// file again never duplicates an account or undoes a password change.
    pub(crate) fn insert_account_if_absent(
        &self,
        login_name: &str,
        date_of_birth: &str,
        email: &str,
        password_hash: &str,
    ) -> Result<bool, DbError> {
        let inserted = self.conn.execute(
            "INSERT INTO accounts (login_name, date_of_birth, email, password_hash)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT(login_name) DO NOTHING",
            params![login_name, date_of_birth, email, password_hash],
        )?;
        Ok(inserted == 1)
    }

    pub(crate) fn account_exists(&self, login_name: &str) -> Result<bool, DbError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM accounts WHERE login_name = ?1",
                [login_name],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    pub(crate) fn account_by_login(&self, login_name: &str) -> Result<Option<Account>, DbError> {
        self.account_where("login_name = ?1", login_name)
    }

    pub(crate) fn account_by_id(&self, id: i64) -> Result<Option<Account>, DbError> {
        self.account_where("id = ?1", id)
    }

    fn account_where(
        &self,
        condition: &str,
        value: impl rusqlite::ToSql,
    ) -> Result<Option<Account>, DbError> {
        let sql = format!(
            "SELECT id, login_name, date_of_birth, email, password_hash, failures_since, failures
             FROM accounts WHERE {condition}"
        );
        Ok(self
            .conn
            .query_row(&sql, [value], |row| {
                Ok(Account {
                    id: row.get(0)?,
                    login_name: row.get(1)?,
                    date_of_birth: row.get(2)?,
                    email: row.get(3)?,
                    password_hash: row.get(4)?,
                    failures_since: row.get(5)?,
                    failures: row.get(6)?,
                })
            })
            .optional()?)
    }

    pub fn insert_challenge(
        &self,
        id: &str,
        answer_hash: &[u8],
        expires_at: Millis,
    ) -> Result<(), DbError> {
        self.conn.execute(
            "INSERT INTO challenges (id, answer_hash, expires_at) VALUES (?1, ?2, ?3)",
            params![id, answer_hash, expires_at],
        )?;
        Ok(())
    }

    /// Removes the challenge and returns it: a challenge can be answered once, right or wrong.
    pub(crate) fn take_challenge(&self, id: &str) -> Result<Option<(Vec<u8>, Millis)>, DbError> {
        Ok(self
            .conn
            .query_row(
                "DELETE FROM challenges WHERE id = ?1 RETURNING answer_hash, expires_at",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?)
    }

    pub(crate) fn insert_session(&self, new: &NewSession<'_>) -> Result<(), DbError> {
        self.conn.execute(
            "INSERT INTO reset_sessions
               (token_hash, account_id, expires_at, code_hash, code_expires_at, code_sent_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                new.token_hash,
                new.account_id,
                new.expires_at,
                new.code_hash,
                new.code_expires_at,
                new.now
            ],
        )?;
        Ok(())
    }

    pub(crate) fn session_by_token(&self, token_hash: &[u8]) -> Result<Option<Session>, DbError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, account_id, expires_at, code_hash, code_expires_at, code_sent_at,
                        regenerations, closed_reason, extensions
                 FROM reset_sessions WHERE token_hash = ?1",
                [token_hash],
                |row| {
                    let closed: Option<String> = row.get(7)?;
                    Ok(Session {
                        id: row.get(0)?,
                        account_id: row.get(1)?,
                        expires_at: row.get(2)?,
                        code_hash: row.get(3)?,
                        code_expires_at: row.get(4)?,
                        code_sent_at: row.get(5)?,
                        regenerations: row.get(6)?,
                        extensions: row.get(8)?,
                        closed: closed.as_deref().and_then(SessionEnd::parse),
                    })
                },
            )
            .optional()?)
    }

    /// Moves the session's end to `expires_at` and counts the extension.
    pub(crate) fn extend_session(
        &self,
        session_id: i64,
        expires_at: Millis,
    ) -> Result<(), DbError> {
        self.conn.execute(
            "UPDATE reset_sessions SET expires_at = ?2, extensions = extensions + 1 WHERE id = ?1",
            params![session_id, expires_at],
        )?;
        Ok(())
    }

    pub(crate) fn replace_code(
        &self,
        session_id: i64,
        code_hash: &[u8],
        code_expires_at: Millis,
        now: Millis,
    ) -> Result<(), DbError> {
        self.conn.execute(
            "UPDATE reset_sessions
             SET code_hash = ?2, code_expires_at = ?3, code_sent_at = ?4,
                 regenerations = regenerations + 1
             WHERE id = ?1",
            params![session_id, code_hash, code_expires_at, now],
        )?;
        Ok(())
    }

    /// Counts a wrong code against the session and its account; returns the session's count.
    pub(crate) fn record_failure(
        &self,
        session: &Session,
        now: Millis,
        day_ms: Millis,
    ) -> Result<u32, DbError> {
        let tx = self.conn.unchecked_transaction()?;
        let failures: u32 = tx.query_row(
            "UPDATE reset_sessions SET failures = failures + 1 WHERE id = ?1 RETURNING failures",
            [session.id],
            |row| row.get(0),
        )?;
        if let Some(account_id) = session.account_id {
            // A rolling day: the count starts again a day after its first failure.
            tx.execute(
                "UPDATE accounts SET
                   failures = CASE WHEN ?2 - failures_since > ?3 THEN 1 ELSE failures + 1 END,
                   failures_since = CASE WHEN ?2 - failures_since > ?3 THEN ?2 ELSE failures_since END
                 WHERE id = ?1",
                params![account_id, now, day_ms],
            )?;
        }
        tx.commit()?;
        Ok(failures)
    }

    pub(crate) fn close_session(&self, session_id: i64, reason: SessionEnd) -> Result<(), DbError> {
        // The code dies with the session: its hash is wiped, not just flagged.
        self.conn.execute(
            "UPDATE reset_sessions SET closed_reason = ?2, code_hash = zeroblob(32)
             WHERE id = ?1 AND closed_reason IS NULL",
            params![session_id, reason.as_str()],
        )?;
        Ok(())
    }

    /// Changes the password and closes the session in one transaction, provided the
    /// session is still open with the same code (a concurrent request may have won).
    pub(crate) fn complete_reset(
        &self,
        session_id: i64,
        code_hash: &[u8],
        account_id: i64,
        password_hash: &str,
        now: Millis,
    ) -> Result<bool, DbError> {
        let tx = self.conn.unchecked_transaction()?;
        let closed = tx.execute(
            "UPDATE reset_sessions SET closed_reason = ?3, code_hash = zeroblob(32)
             WHERE id = ?1 AND closed_reason IS NULL AND code_hash = ?2",
            params![session_id, code_hash, SessionEnd::Completed.as_str()],
        )?;
        if closed != 1 {
            return Ok(false);
        }
        tx.execute(
            "UPDATE accounts SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1",
            params![account_id, password_hash, now],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Drops dead challenges and long-finished sessions so the tables stay small.
    pub(crate) fn purge(&self, now: Millis, keep_closed_ms: Millis) -> Result<(), DbError> {
        self.conn
            .execute("DELETE FROM challenges WHERE expires_at < ?1", [now])?;
        self.conn.execute(
            "DELETE FROM reset_sessions WHERE expires_at < ?1",
            [now - keep_closed_ms],
        )?;
        Ok(())
    }
}
