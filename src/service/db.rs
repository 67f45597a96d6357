//! SQLite storage: accounts, security-code challenges and reset sessions.
//! Only keyed hashes of tokens, codes and answers are stored; passwords only as Argon2id.

use rusqlite::{CachedStatement, Connection, OptionalExtension, params};
use rusqlite_migration::{M, Migrations};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

use super::budget::Budget;
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
    // Wrong codes are counted per set of details (login name, date of birth, email), not
    // per account, so details matching no account are counted, delayed and answered
    // exactly like an account's; the old per-account daily count goes.
    M::up(
        "ALTER TABLE reset_sessions ADD COLUMN budget_key BLOB NOT NULL DEFAULT x'';
    CREATE TABLE failure_budgets (
        key BLOB PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_failure_at INTEGER NOT NULL,
        delayed_until INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX failure_budgets_age ON failure_budgets(last_failure_at);
    CREATE INDEX sessions_open_by_account ON reset_sessions(account_id) WHERE closed_reason IS NULL;
    ALTER TABLE accounts DROP COLUMN failures_since;
    ALTER TABLE accounts DROP COLUMN failures;",
    ),
    // Enrolled school PCs (`jupas-reset-server workstations …`): the one-time enrolment
    // code and the credential it became, each only as a keyed hash. A used code's hash is
    // wiped; a revoked workstation keeps its row (and its id) for the log.
    M::up(
        "CREATE TABLE workstations (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        code_hash BLOB UNIQUE,
        code_expires_at INTEGER NOT NULL,
        credential_hash BLOB UNIQUE,
        enrolled_at INTEGER,
        revoked_at INTEGER
    );",
    ),
];

const ACCOUNT_BY_LOGIN: &str = "SELECT id, login_name, date_of_birth, email, password_hash
     FROM accounts WHERE login_name = ?1";
const ACCOUNT_BY_ID: &str = "SELECT id, login_name, date_of_birth, email, password_hash
     FROM accounts WHERE id = ?1";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

pub struct Db {
    conn: Connection,
    /// How often each statement ran: shows that two paths do the same database work.
    runs: RefCell<HashMap<&'static str, u64>>,
}

#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub(crate) id: i64,
    pub(crate) login_name: String,
    pub(crate) date_of_birth: String,
    pub(crate) email: String,
    pub(crate) password_hash: String,
}

/// A workstation as `workstations list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkstationRow {
    pub id: i64,
    pub name: String,
    pub created_at: Millis,
    /// When its enrolment code stops working (meaningless once enrolled).
    pub code_expires_at: Millis,
    pub enrolled_at: Option<Millis>,
    pub revoked_at: Option<Millis>,
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
    /// Keyed hash of the details the session was started with: its failure budget.
    pub(crate) budget_key: Vec<u8>,
}

pub(crate) struct NewSession<'a> {
    pub(crate) token_hash: &'a [u8],
    pub(crate) account_id: Option<i64>,
    pub(crate) expires_at: Millis,
    pub(crate) code_hash: &'a [u8],
    pub(crate) code_expires_at: Millis,
    pub(crate) budget_key: &'a [u8],
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
        Ok(Db {
            conn,
            runs: RefCell::new(HashMap::new()),
        })
    }

    /// Every statement goes through here: prepared once, and counted.
    fn statement(&self, sql: &'static str) -> Result<CachedStatement<'_>, DbError> {
        *self.runs.borrow_mut().entry(sql).or_default() += 1;
        Ok(self.conn.prepare_cached(sql)?)
    }

    /// How many times each SQL statement has run since the database was opened.
    pub fn statement_runs(&self) -> HashMap<&'static str, u64> {
        self.runs.borrow().clone()
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
        let inserted = self
            .statement(
                "INSERT INTO accounts (login_name, date_of_birth, email, password_hash)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT(login_name) DO NOTHING",
            )?
            .execute(params![login_name, date_of_birth, email, password_hash])?;
        Ok(inserted == 1)
    }

    pub(crate) fn account_exists(&self, login_name: &str) -> Result<bool, DbError> {
        Ok(self
            .statement("SELECT 1 FROM accounts WHERE login_name = ?1")?
            .query_row([login_name], |_| Ok(()))
            .optional()?
            .is_some())
    }

    pub(crate) fn account_by_login(&self, login_name: &str) -> Result<Option<Account>, DbError> {
        self.account_where(ACCOUNT_BY_LOGIN, login_name)
    }

    /// `None` looks up id 0, which no account has: the same query either way.
    pub(crate) fn account_by_id(&self, id: Option<i64>) -> Result<Option<Account>, DbError> {
        self.account_where(ACCOUNT_BY_ID, id.unwrap_or(0))
    }

    fn account_where(
        &self,
        sql: &'static str,
        value: impl rusqlite::ToSql,
    ) -> Result<Option<Account>, DbError> {
        Ok(self
            .statement(sql)?
            .query_row([value], |row| {
                Ok(Account {
                    id: row.get(0)?,
                    login_name: row.get(1)?,
                    date_of_birth: row.get(2)?,
                    email: row.get(3)?,
                    password_hash: row.get(4)?,
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
        self.statement("INSERT INTO challenges (id, answer_hash, expires_at) VALUES (?1, ?2, ?3)")?
            .execute(params![id, answer_hash, expires_at])?;
        Ok(())
    }

    /// Removes the challenge and returns it: a challenge can be answered once, right or wrong.
    pub(crate) fn take_challenge(&self, id: &str) -> Result<Option<(Vec<u8>, Millis)>, DbError> {
        Ok(self
            .statement("DELETE FROM challenges WHERE id = ?1 RETURNING answer_hash, expires_at")?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    pub(crate) fn insert_session(&self, new: &NewSession<'_>) -> Result<(), DbError> {
        self.statement(
            "INSERT INTO reset_sessions
               (token_hash, account_id, expires_at, code_hash, code_expires_at, code_sent_at,
                budget_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            new.token_hash,
            new.account_id,
            new.expires_at,
            new.code_hash,
            new.code_expires_at,
            new.now,
            new.budget_key
        ])?;
        Ok(())
    }

    pub(crate) fn session_by_token(&self, token_hash: &[u8]) -> Result<Option<Session>, DbError> {
        Ok(self
            .statement(
                "SELECT id, account_id, expires_at, code_hash, code_expires_at, code_sent_at,
                        regenerations, closed_reason, extensions, budget_key
                 FROM reset_sessions WHERE token_hash = ?1",
            )?
            .query_row([token_hash], |row| {
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
                    budget_key: row.get(9)?,
                })
            })
            .optional()?)
    }

    /// Moves the session's end to `expires_at` and counts the extension.
    pub(crate) fn extend_session(
        &self,
        session_id: i64,
        expires_at: Millis,
    ) -> Result<(), DbError> {
        self.statement(
            "UPDATE reset_sessions SET expires_at = ?2, extensions = extensions + 1 WHERE id = ?1",
        )?
        .execute(params![session_id, expires_at])?;
        Ok(())
    }

    pub(crate) fn replace_code(
        &self,
        session_id: i64,
        code_hash: &[u8],
        code_expires_at: Millis,
        now: Millis,
    ) -> Result<(), DbError> {
        self.statement(
            "UPDATE reset_sessions
             SET code_hash = ?2, code_expires_at = ?3, code_sent_at = ?4,
                 regenerations = regenerations + 1
             WHERE id = ?1",
        )?
        .execute(params![session_id, code_hash, code_expires_at, now])?;
        Ok(())
    }

    /// The failure budget of a set of details (all zero when none was ever spent).
    pub(crate) fn budget(&self, key: &[u8]) -> Result<Budget, DbError> {
        Ok(self
            .statement(
                "SELECT failures, last_failure_at, delayed_until FROM failure_budgets WHERE key = ?1",
            )?
            .query_row([key], |row| {
                Ok(Budget {
                    failures: row.get(0)?,
                    last_failure_at: row.get(1)?,
                    delayed_until: row.get(2)?,
                })
            })
            .optional()?
            .unwrap_or_default())
    }

    /// Counts a wrong code against the session and stores the budget's new state, in one
    /// transaction; returns the session's count.
    pub(crate) fn record_failure(
        &self,
        session_id: i64,
        budget_key: &[u8],
        budget: &Budget,
    ) -> Result<u32, DbError> {
        let tx = self.conn.unchecked_transaction()?;
        let failures: u32 = self
            .statement(
                "UPDATE reset_sessions SET failures = failures + 1 WHERE id = ?1 RETURNING failures",
            )?
            .query_row([session_id], |row| row.get(0))?;
        self.statement(
            "INSERT INTO failure_budgets (key, failures, last_failure_at, delayed_until)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(key) DO UPDATE SET failures = excluded.failures,
               last_failure_at = excluded.last_failure_at, delayed_until = excluded.delayed_until",
        )?
        .execute(params![
            budget_key,
            budget.failures,
            budget.last_failure_at,
            budget.delayed_until
        ])?;
        tx.commit()?;
        Ok(failures)
    }

    pub(crate) fn close_session(&self, session_id: i64, reason: SessionEnd) -> Result<(), DbError> {
        // The code dies with the session: its hash is wiped, not just flagged.
        self.statement(
            "UPDATE reset_sessions SET closed_reason = ?2, code_hash = zeroblob(32)
             WHERE id = ?1 AND closed_reason IS NULL",
        )?
        .execute(params![session_id, reason.as_str()])?;
        Ok(())
    }

    /// Changes the password, closes the session and every other open session of the
    /// account (their codes must not change the password again), and clears the failure
    /// budget, in one transaction — provided the session is still open with the same code
    /// (a concurrent request may have won).
    pub(crate) fn complete_reset(
        &self,
        session: &Session,
        account_id: i64,
        password_hash: &str,
        now: Millis,
    ) -> Result<bool, DbError> {
        let tx = self.conn.unchecked_transaction()?;
        let closed = self
            .statement(
                "UPDATE reset_sessions SET closed_reason = ?3, code_hash = zeroblob(32)
             WHERE id = ?1 AND closed_reason IS NULL AND code_hash = ?2",
            )?
            .execute(params![
                session.id,
                session.code_hash,
                SessionEnd::Completed.as_str()
            ])?;
        if closed != 1 {
            return Ok(false);
        }
        self.statement(
            "UPDATE reset_sessions SET closed_reason = ?2, code_hash = zeroblob(32)
             WHERE account_id = ?1 AND closed_reason IS NULL",
        )?
        .execute(params![account_id, SessionEnd::Completed.as_str()])?;
        self.statement(
            "UPDATE accounts SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1",
        )?
        .execute(params![account_id, password_hash, now])?;
        self.statement("DELETE FROM failure_budgets WHERE key = ?1")?
            .execute([&session.budget_key])?;
        tx.commit()?;
        Ok(true)
    }

    pub(crate) fn insert_workstation(
        &self,
        name: &str,
        code_hash: &[u8],
        code_expires_at: Millis,
        now: Millis,
    ) -> Result<i64, DbError> {
        Ok(self
            .statement(
                "INSERT INTO workstations (name, created_at, code_hash, code_expires_at)
                 VALUES (?1, ?2, ?3, ?4) RETURNING id",
            )?
            .query_row(params![name, now, code_hash, code_expires_at], |row| {
                row.get(0)
            })?)
    }

    /// Spends an enrolment code: in one statement, so a code enrols one PC at most. `None`
    /// for a code that is unknown, used, expired or revoked.
    pub(crate) fn enrol_workstation(
        &self,
        code_hash: &[u8],
        credential_hash: &[u8],
        now: Millis,
    ) -> Result<Option<(i64, String)>, DbError> {
        Ok(self
            .statement(
                "UPDATE workstations SET code_hash = NULL, credential_hash = ?2, enrolled_at = ?3
                 WHERE code_hash = ?1 AND code_expires_at > ?3 AND revoked_at IS NULL
                 RETURNING id, name",
            )?
            .query_row(params![code_hash, credential_hash, now], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?)
    }

    /// The enrolled, unrevoked workstation a credential belongs to.
    pub(crate) fn workstation_by_credential(
        &self,
        credential_hash: &[u8],
    ) -> Result<Option<(i64, String)>, DbError> {
        Ok(self
            .statement(
                "SELECT id, name FROM workstations
                 WHERE credential_hash = ?1 AND revoked_at IS NULL",
            )?
            .query_row([credential_hash], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    pub(crate) fn workstations(&self) -> Result<Vec<WorkstationRow>, DbError> {
        let mut statement = self.statement(
            "SELECT id, name, created_at, code_expires_at, enrolled_at, revoked_at
             FROM workstations ORDER BY id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(WorkstationRow {
                id: row.get(0)?,
                name: row.get(1)?,
                created_at: row.get(2)?,
                code_expires_at: row.get(3)?,
                enrolled_at: row.get(4)?,
                revoked_at: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Revokes a workstation (its credential and any unused code stop working at once);
    /// false if there is no such workstation or it was already revoked.
    pub(crate) fn revoke_workstation(&self, id: i64, now: Millis) -> Result<bool, DbError> {
        let changed = self
            .statement(
                "UPDATE workstations SET revoked_at = ?2, code_hash = NULL
                 WHERE id = ?1 AND revoked_at IS NULL",
            )?
            .execute(params![id, now])?;
        Ok(changed == 1)
    }

    /// Drops dead challenges and long-finished sessions so the tables stay small.
    pub(crate) fn purge(&self, now: Millis, keep_ms: Millis) -> Result<(), DbError> {
        self.statement("DELETE FROM challenges WHERE expires_at < ?1")?
            .execute([now])?;
        self.statement("DELETE FROM reset_sessions WHERE expires_at < ?1")?
            .execute([now - keep_ms])?;
        // A budget a day past its last wrong code counts from zero again anyway.
        self.statement("DELETE FROM failure_budgets WHERE last_failure_at < ?1")?
            .execute([now - keep_ms])?;
        Ok(())
    }
}
