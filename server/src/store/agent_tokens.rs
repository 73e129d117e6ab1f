//! The `agent_tokens` table: what lets a GPU host (`breakeven bench --post URL`) report a
//! benchmark result to this server. A token is 256 random bits in hex, shown once when
//! created; only its sha256 is stored, so the database never holds a usable token.

use super::error::{db, StoreError};
use super::Db;
use crate::clock::now_unix;
use sha2::{Digest, Sha256};

/// Why a token could not be created or revoked.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The caller's input: (field, reason).
    #[error("{0}: {1}")]
    Invalid(&'static str, String),
    /// No token has this name.
    #[error("name: no agent token named {0:?} (see `breakeven agent-token list`)")]
    NotFound(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A token as `breakeven agent-token list` shows it (never the token itself).
#[derive(Debug, Clone)]
pub struct TokenInfo {
    /// Whose it is; results it reports are labelled `agent:NAME`.
    pub name: String,
    /// When it was created.
    pub created_unix: i64,
    /// Revoked tokens are refused; their results stay.
    pub revoked: bool,
}

fn sha256_hex(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// Names are what results are labelled with (`agent:NAME`): short and plain.
pub fn check_name(name: &str) -> Result<(), TokenError> {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if name.is_empty() || name.len() > 64 || !name.chars().all(plain) {
        return Err(TokenError::Invalid(
            "name",
            format!("{name:?} must be 1 to 64 letters, digits, '-', '_' or '.'"),
        ));
    }
    Ok(())
}

/// Creates a token for `name` and returns it; it cannot be read back later.
pub async fn create(database: &Db, name: &str) -> Result<String, TokenError> {
    check_name(name)?;
    let token = format!(
        "{:032x}{:032x}",
        rand::random::<u128>(),
        rand::random::<u128>()
    );
    let hash = sha256_hex(&token);
    let now = now_unix();
    let inserted = match database {
        Db::Sqlite(pool) => sqlx::query!(
            "INSERT OR IGNORE INTO agent_tokens (name, token_sha256, created_unix) VALUES (?1, ?2, ?3)",
            name,
            hash,
            now
        )
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1),
        Db::Postgres(pool) => pgstore::agent_tokens::insert(pool, name, &hash, now).await,
    }
    .map_err(db("cannot store the agent token"))?;
    if !inserted {
        return Err(TokenError::Invalid(
            "name",
            format!("an agent token named {name:?} already exists (revoked names stay taken)"),
        ));
    }
    Ok(token)
}

/// Every token's name, creation time and state, oldest first.
pub async fn list(database: &Db) -> Result<Vec<TokenInfo>, StoreError> {
    let rows = match database {
        Db::Sqlite(pool) => sqlx::query_as!(
            pgstore::agent_tokens::TokenRow,
            r#"SELECT name, created_unix, revoked AS "revoked: bool" FROM agent_tokens ORDER BY id"#
        )
        .fetch_all(pool)
        .await,
        Db::Postgres(pool) => pgstore::agent_tokens::list(pool).await,
    }
    .map_err(db("cannot list the agent tokens"))?;
    Ok(rows
        .into_iter()
        .map(|r| TokenInfo {
            name: r.name,
            created_unix: r.created_unix,
            revoked: r.revoked,
        })
        .collect())
}

/// Revokes `name`'s token: its results stay, new ones are refused.
pub async fn revoke(database: &Db, name: &str) -> Result<(), TokenError> {
    let changed = match database {
        Db::Sqlite(pool) => {
            sqlx::query!("UPDATE agent_tokens SET revoked = 1 WHERE name = ?1", name)
                .execute(pool)
                .await
                .map(|done| done.rows_affected() > 0)
        }
        Db::Postgres(pool) => pgstore::agent_tokens::revoke(pool, name).await,
    }
    .map_err(db("cannot revoke the agent token"))?;
    if !changed {
        return Err(TokenError::NotFound(name.to_string()));
    }
    Ok(())
}

/// The name of the live (not revoked) token `token`, or None.
pub async fn verify(database: &Db, token: &str) -> Result<Option<String>, StoreError> {
    let hash = sha256_hex(token.trim());
    match database {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!(
                "SELECT name FROM agent_tokens WHERE token_sha256 = ?1 AND revoked = 0",
                hash
            )
            .fetch_optional(pool)
            .await
        }
        Db::Postgres(pool) => pgstore::agent_tokens::verify(pool, &hash).await,
    }
    .map_err(db("cannot check the agent token"))
}
