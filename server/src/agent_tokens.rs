//! Agent tokens: what lets a GPU host (`breakeven bench --post URL`) report a benchmark
//! result to this server. A token is 256 random bits in hex, shown once when created; only
//! its sha256 is stored, so the database never holds a usable token.

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The caller's input: (field, reason).
    #[error("{0}: {1}")]
    Invalid(&'static str, String),
    #[error("name: no agent token named {0:?} (see `breakeven agent-token list`)")]
    NotFound(String),
    #[error(transparent)]
    Db(#[from] anyhow::Error),
}

#[derive(Debug, Clone, Serialize)]
pub struct TokenInfo {
    pub name: String,
    pub created_unix: i64,
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
pub async fn create(pool: &SqlitePool, name: &str) -> Result<String, TokenError> {
    check_name(name)?;
    let token = format!(
        "{:032x}{:032x}",
        rand::random::<u128>(),
        rand::random::<u128>()
    );
    let hash = sha256_hex(&token);
    let now = crate::db::now_unix();
    let inserted = sqlx::query!(
        "INSERT OR IGNORE INTO agent_tokens (name, token_sha256, created_unix) VALUES (?1, ?2, ?3)",
        name,
        hash,
        now
    )
    .execute(pool)
    .await
    .map_err(anyhow::Error::from)?
    .rows_affected();
    if inserted == 0 {
        return Err(TokenError::Invalid(
            "name",
            format!("an agent token named {name:?} already exists (revoked names stay taken)"),
        ));
    }
    Ok(token)
}

pub async fn list(pool: &SqlitePool) -> anyhow::Result<Vec<TokenInfo>> {
    let rows = sqlx::query!(
        r#"SELECT name, created_unix, revoked AS "revoked: bool" FROM agent_tokens ORDER BY id"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TokenInfo {
            name: r.name,
            created_unix: r.created_unix,
            revoked: r.revoked,
        })
        .collect())
}

pub async fn revoke(pool: &SqlitePool, name: &str) -> Result<(), TokenError> {
    let changed = sqlx::query!("UPDATE agent_tokens SET revoked = 1 WHERE name = ?1", name)
        .execute(pool)
        .await
        .map_err(anyhow::Error::from)?
        .rows_affected();
    if changed == 0 {
        return Err(TokenError::NotFound(name.to_string()));
    }
    Ok(())
}

/// The name of the live (not revoked) token `token`, or None.
pub async fn verify(pool: &SqlitePool, token: &str) -> anyhow::Result<Option<String>> {
    let hash = sha256_hex(token.trim());
    Ok(sqlx::query_scalar!(
        "SELECT name FROM agent_tokens WHERE token_sha256 = ?1 AND revoked = 0",
        hash
    )
    .fetch_optional(pool)
    .await?)
}
