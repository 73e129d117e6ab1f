//! The `price_tables` table: versions of the LLM price table. The bundled table is stored
//! on first start, `breakeven pricing import` adds versions, and one version is active (the
//! default for plans). A stored version is never modified.
//!
//! An import writes the version, reads it back exactly as [`load`] reads it, and commits
//! only if that succeeds, in one transaction: a table that cannot be read back is never
//! stored. A version with flagged rows (listed at $0, a 1000× jump, an implausible price
//! for a new model) becomes active only with the operator's consent
//! ([`Activate::EvenIfFlagged`]). A version stored before these checks that no longer reads
//! is [`PriceError::Unreadable`], never a server failure.

use api::catalogs::PriceTableVersion;
use pricing::litellm::{self, ImportIssue, IssueKind};
use pricing::{PriceTable, TableSource};
use sha2::{Digest, Sha256};
use sqlx::{SqliteExecutor, SqlitePool};

use super::error::{db, read_json, write_json, StoreError};
use crate::clock::now_unix;

/// The `app_meta` key holding the active version's id.
const ACTIVE_KEY: &str = "active_price_table";

/// Why a price-table operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum PriceError {
    /// The file to import is not a usable price table, or its version is taken.
    #[error("{0}")]
    Invalid(String),
    /// No stored version has this id.
    #[error("no price table version {0}")]
    NotFound(i64),
    /// The version is stored but its rows do not read back as a usable table (stored by a
    /// version of Breakeven before prices were bounded, or altered since): the id and why.
    #[error("price table #{id} is stored but cannot be read ({reason}); make another version active (`breakeven pricing activate ID`) or import the file again")]
    Unreadable {
        /// The version's id.
        id: i64,
        /// What is wrong with it, for people (the row and field at fault where known).
        reason: String,
    },
    /// Activation refused: the version has flagged rows and the operator did not accept
    /// them. Each flagged row with its flag.
    #[error("{}", flagged_message(.0))]
    Flagged(Vec<ImportIssue>),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A stored version as read back, with what its import left out or flagged.
#[derive(Debug, Clone)]
pub struct StoredTable {
    /// Its id.
    pub id: i64,
    /// The rows and their source.
    pub table: PriceTable,
    /// What the import left out or flagged.
    pub issues: Vec<ImportIssue>,
}

/// The refusal of [`PriceError::Flagged`]: every flagged row with its flag, and how to
/// override.
fn flagged_message(flagged: &[ImportIssue]) -> String {
    let rows: Vec<String> = flagged
        .iter()
        .map(|i| format!("  {}: {} ({})", i.model, i.kind.words(), i.message))
        .collect();
    format!(
        "not activated: {} flagged row(s) need a check:\n{}\ncheck these prices; to activate anyway, pass --accept-flagged",
        flagged.len(),
        rows.join("\n")
    )
}

/// Whether an import makes the new version active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activate {
    /// Store it only (`breakeven pricing activate ID` later).
    No,
    /// Make it active, unless a row is flagged: then nothing is stored
    /// ([`PriceError::Flagged`]).
    Yes,
    /// Make it active even with flagged rows (`--accept-flagged`); plans priced from a
    /// flagged row still warn.
    EvenIfFlagged,
}

/// What an import did, for the CLI to print.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The new version's id.
    pub id: i64,
    /// "name version".
    pub label: String,
    /// Rows stored.
    pub model_count: usize,
    /// Rows left out or flagged, price jumps against the active version included.
    pub issues: Vec<ImportIssue>,
    /// Whether it became the active version.
    pub activated: bool,
}

async fn insert<'e>(
    executor: impl SqliteExecutor<'e>,
    table: &PriceTable,
    issues: &[ImportIssue],
) -> Result<i64, StoreError> {
    let body = write_json(table, "a price table")?;
    let issues = write_json(&issues, "import issues")?;
    let count = i64::try_from(table.models.len()).unwrap_or(i64::MAX);
    let now = now_unix();
    let s = &table.source;
    sqlx::query_scalar!(
        r#"INSERT INTO price_tables (name, version, sha256, as_of, imported_at_unix, model_count, body, issues)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id AS "id!: i64""#,
        s.name,
        s.version,
        s.sha256,
        s.as_of,
        now,
        count,
        body,
        issues
    )
    .fetch_one(executor)
    .await
    .map_err(db(format!("cannot store price table {}", s.label())))
}

/// Stores the bundled table on first start and makes it active if nothing is.
pub async fn ensure_bundled(pool: &SqlitePool) -> Result<(), StoreError> {
    let bundled = pricing::bundled_table();
    let s = &bundled.source;
    let existing = sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM price_tables WHERE name = ?1 AND version = ?2"#,
        s.name,
        s.version
    )
    .fetch_optional(pool)
    .await
    .map_err(db("cannot look for the bundled price table"))?;
    let id = match existing {
        Some(id) => id,
        None => insert(pool, bundled, &[]).await?,
    };
    let id_text = id.to_string();
    sqlx::query!(
        "INSERT OR IGNORE INTO app_meta (key, value) VALUES (?1, ?2)",
        ACTIVE_KEY,
        id_text
    )
    .execute(pool)
    .await
    .map_err(db("cannot make the bundled price table active"))?;
    Ok(())
}

/// The active version's id.
pub async fn active_id(pool: &SqlitePool) -> Result<i64, StoreError> {
    let value = sqlx::query_scalar!("SELECT value FROM app_meta WHERE key = ?1", ACTIVE_KEY)
        .fetch_optional(pool)
        .await
        .map_err(db("cannot read the active price table"))?
        .ok_or_else(|| {
            StoreError::Inconsistent(
                "no active price table (the database was not opened with store::open)".into(),
            )
        })?;
    value.parse().map_err(|_| {
        StoreError::Inconsistent(format!("active price table id {value:?} is not a number"))
    })
}

/// Makes a stored version the active one. A version that does not read back is refused
/// ([`PriceError::Unreadable`]), and one with flagged rows too ([`PriceError::Flagged`])
/// unless `accept_flagged`.
pub async fn set_active(
    pool: &SqlitePool,
    id: i64,
    accept_flagged: bool,
) -> Result<(), PriceError> {
    let stored = load(pool, id).await?;
    let flagged = flagged(&stored.issues);
    if !accept_flagged && !flagged.is_empty() {
        return Err(PriceError::Flagged(flagged));
    }
    make_active(pool, id).await?;
    Ok(())
}

async fn make_active<'e>(executor: impl SqliteExecutor<'e>, id: i64) -> Result<(), StoreError> {
    let id_text = id.to_string();
    sqlx::query!(
        "INSERT OR REPLACE INTO app_meta (key, value) VALUES (?1, ?2)",
        ACTIVE_KEY,
        id_text
    )
    .execute(executor)
    .await
    .map_err(db("cannot change the active price table"))?;
    Ok(())
}

/// The issues that are flags on kept rows ([`IssueKind::is_flag`]).
fn flagged(issues: &[ImportIssue]) -> Vec<ImportIssue> {
    issues
        .iter()
        .filter(|i| i.kind.is_flag())
        .cloned()
        .collect()
}

/// Version `id` with its rows and import issues.
pub async fn load(pool: &SqlitePool, id: i64) -> Result<StoredTable, PriceError> {
    read(pool, id).await
}

/// Reads version `id` as [`load`] does, through any connection (an import reads back its
/// own write inside its transaction).
async fn read<'e>(executor: impl SqliteExecutor<'e>, id: i64) -> Result<StoredTable, PriceError> {
    let row = sqlx::query!("SELECT body, issues FROM price_tables WHERE id = ?1", id)
        .fetch_optional(executor)
        .await
        .map_err(db(format!("cannot read price table {id}")))?
        .ok_or(PriceError::NotFound(id))?;
    let unreadable = |reason: String| PriceError::Unreadable { id, reason };
    let table: PriceTable = read_json(&row.body, || format!("price table {id}")).map_err(|e| {
        tracing::warn!(error = ?e, "stored price table {id} does not parse");
        unreadable("its rows do not parse as a price table".into())
    })?;
    // A body stored before prices were bounded can parse and still hold 1e305 USD/Mtok.
    table.check().map_err(|e| unreadable(e.to_string()))?;
    let issues =
        read_json(&row.issues, || format!("import issues of price table {id}")).map_err(|e| {
            tracing::warn!(error = ?e, "stored import issues of price table {id} do not parse");
            unreadable("its import issues do not parse".into())
        })?;
    Ok(StoredTable { id, table, issues })
}

/// Version `id`'s source as its columns hold it, without reading its rows: what health
/// reports of an active version that does not read back.
pub async fn source(pool: &SqlitePool, id: i64) -> Result<TableSource, PriceError> {
    let version = list(pool)
        .await?
        .into_iter()
        .find(|v| v.id == id)
        .ok_or(PriceError::NotFound(id))?;
    Ok(TableSource {
        name: version.name,
        version: version.version,
        sha256: version.sha256,
        as_of: version.as_of,
    })
}

/// Every stored version, oldest first, the active one marked.
pub async fn list(pool: &SqlitePool) -> Result<Vec<PriceTableVersion>, StoreError> {
    let active = active_id(pool).await.ok();
    let rows = sqlx::query!(
        r#"SELECT id AS "id!: i64", name, version, sha256, as_of, imported_at_unix, model_count, issues
           FROM price_tables ORDER BY id"#
    )
    .fetch_all(pool)
    .await
    .map_err(db("cannot list the price tables"))?;
    rows.into_iter()
        .map(|r| {
            // Counted without reading each issue, so a version whose issues no longer read
            // is still listed (its rows are refused when loaded, naming it).
            let issue_count = serde_json::from_str::<Vec<serde_json::Value>>(&r.issues)
                .map_or(0, |issues| issues.len());
            Ok(PriceTableVersion {
                issue_count,
                active: Some(r.id) == active,
                id: r.id,
                name: r.name,
                version: r.version,
                sha256: r.sha256,
                as_of: r.as_of,
                imported_at_unix: r.imported_at_unix,
                model_count: r.model_count,
            })
        })
        .collect()
}

/// Imports a LiteLLM-format file's text as a new version (labelled by the first 12 hex
/// digits of its sha256 unless `version` is given), flagging prices that moved 1000× or
/// more from the active version, new models priced implausibly high, and $0 rows; the flags
/// are written onto their rows. `as_of` must be a calendar date (YYYY-MM-DD).
///
/// With [`Activate::Yes`] and a flagged row, nothing is stored ([`PriceError::Flagged`]).
/// Otherwise the version is written, read back as [`load`] reads it, made active if asked,
/// and committed in one transaction: a table that would not read back is never stored.
pub async fn import(
    pool: &SqlitePool,
    text: &str,
    name: &str,
    version: Option<&str>,
    as_of: &str,
    activate: Activate,
) -> Result<ImportReport, PriceError> {
    if !pricing::is_calendar_date(as_of) {
        return Err(PriceError::Invalid(format!(
            "as-of date {as_of:?} is not a calendar date (YYYY-MM-DD)"
        )));
    }
    let parsed = litellm::parse(text).map_err(|e| PriceError::Invalid(e.to_string()))?;
    let sha256 = format!("{:x}", Sha256::digest(text.as_bytes()));
    // Without a version label, the file's own fingerprint names it.
    let version = version.map_or_else(|| sha256[..12].to_string(), str::to_string);
    let source = TableSource {
        name: name.to_string(),
        version: version.clone(),
        sha256,
        as_of: as_of.to_string(),
    };
    let mut table = litellm::table(&parsed, source);
    // An active version that no longer reads gives nothing to compare with: every model is
    // then new, and held to the plausibility bounds.
    let previous = match load(pool, active_id(pool).await?).await {
        Ok(previous) => previous.table,
        Err(PriceError::Unreadable { .. } | PriceError::NotFound(_)) => PriceTable {
            source: table.source.clone(),
            models: Vec::new(),
        },
        Err(e) => return Err(e),
    };
    let mut issues = parsed.issues;
    issues.extend(litellm::price_jumps(&previous, &table));
    issues.extend(litellm::implausible_prices(&previous, &table));
    litellm::flag_rows(&mut table, &issues);
    let flagged = flagged(&issues);
    if activate == Activate::Yes && !flagged.is_empty() {
        return Err(PriceError::Flagged(flagged));
    }
    let mut tx = pool
        .begin()
        .await
        .map_err(db("cannot begin the price-table import"))?;
    let duplicate = sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM price_tables WHERE name = ?1 AND version = ?2"#,
        name,
        version
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(db("cannot look for an existing version"))?;
    if let Some(id) = duplicate {
        return Err(PriceError::Invalid(format!(
            "version {version:?} of {name:?} is already stored as #{id}; choose another --version"
        )));
    }
    let id = insert(&mut *tx, &table, &issues).await?;
    // Read back as every later reader will; dropping the transaction un-writes it.
    let unreadable = |reason: String| {
        PriceError::Invalid(format!(
            "the table would not read back as stored ({reason}); nothing was stored"
        ))
    };
    match read(&mut *tx, id).await {
        Ok(back) if back.table == table && back.issues == issues => {}
        Ok(_) => return Err(unreadable("it reads back different".into())),
        Err(PriceError::Unreadable { reason, .. }) => return Err(unreadable(reason)),
        Err(e) => return Err(e),
    }
    let activated = activate != Activate::No;
    if activated {
        make_active(&mut *tx, id).await?;
    }
    tx.commit()
        .await
        .map_err(db("cannot commit the price-table import"))?;
    Ok(ImportReport {
        id,
        label: table.source.label(),
        model_count: table.models.len(),
        issues,
        activated,
    })
}

/// One line per kind of issue, for people.
pub fn summarize(issues: &[ImportIssue]) -> Vec<String> {
    let count = |k: IssueKind| issues.iter().filter(|i| i.kind == k).count();
    let mut lines = Vec::new();
    let invalid = format!(
        "left out: negative, non-finite, or above {} USD/Mtok once converted",
        litellm::MAX_USD_PER_MTOK
    );
    for (kind, what) in [
        (
            IssueKind::NoPrice,
            "left out: no input or output price (never priced at $0)",
        ),
        (IssueKind::InvalidPrice, invalid.as_str()),
        (IssueKind::Malformed, "left out: malformed entry"),
        (
            IssueKind::ZeroPrice,
            "kept, flagged: listed at $0: check they are really free",
        ),
        (
            IssueKind::PriceJump,
            "kept, flagged: price moved 1000x or more from the active version: check for a unit slip",
        ),
        (
            IssueKind::ImplausiblePrice,
            "kept, flagged: a new model, or a price listed for the first time, above the plausible bound of its token class: check for a unit slip",
        ),
    ] {
        let n = count(kind);
        if n > 0 {
            lines.push(format!("{n} {what}"));
        }
    }
    lines
}
