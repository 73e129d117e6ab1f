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
use pgstore::prices::{NewVersion, VersionRow};
use pricing::litellm::{self, ImportIssue, IssueKind};
use pricing::{PriceTable, TableSource};
use sha2::{Digest, Sha256};
use sqlx::SqliteExecutor;

use super::error::{db, read_json, write_json, StoreError};
use super::Db;
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

/// A version's columns, its rows and issues as JSON.
struct Encoded {
    body: String,
    issues: String,
    model_count: i64,
    now: i64,
}

impl Encoded {
    fn of(table: &PriceTable, issues: &[ImportIssue]) -> Result<Self, StoreError> {
        Ok(Self {
            body: write_json(table, "a price table")?,
            issues: write_json(&issues, "import issues")?,
            model_count: i64::try_from(table.models.len()).unwrap_or(i64::MAX),
            now: now_unix(),
        })
    }

    fn row<'a>(&'a self, s: &'a TableSource) -> NewVersion<'a> {
        NewVersion {
            name: &s.name,
            version: &s.version,
            sha256: &s.sha256,
            as_of: &s.as_of,
            imported_at_unix: self.now,
            model_count: self.model_count,
            body: &self.body,
            issues: &self.issues,
        }
    }
}

async fn insert_sqlite<'e>(
    executor: impl SqliteExecutor<'e>,
    version: NewVersion<'_>,
) -> Result<i64, sqlx::Error> {
    let v = version;
    sqlx::query_scalar!(
        r#"INSERT INTO price_tables (name, version, sha256, as_of, imported_at_unix, model_count, body, issues)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id AS "id!: i64""#,
        v.name,
        v.version,
        v.sha256,
        v.as_of,
        v.imported_at_unix,
        v.model_count,
        v.body,
        v.issues
    )
    .fetch_one(executor)
    .await
}

async fn find_sqlite<'e>(
    executor: impl SqliteExecutor<'e>,
    name: &str,
    version: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM price_tables WHERE name = ?1 AND version = ?2"#,
        name,
        version
    )
    .fetch_optional(executor)
    .await
}

/// Stores the bundled table on first start and makes it active if nothing is. Instances
/// starting together on one PostgreSQL store it once: the loser of the insert finds the
/// winner's row.
pub async fn ensure_bundled(database: &Db) -> Result<(), StoreError> {
    let bundled = pricing::bundled_table();
    let s = &bundled.source;
    let encoded = Encoded::of(bundled, &[])?;
    let looked = || db("cannot look for the bundled price table");
    let stored = || db(format!("cannot store price table {}", s.label()));
    let id = match database {
        Db::Sqlite(pool) => match find_sqlite(pool, &s.name, &s.version)
            .await
            .map_err(looked())?
        {
            Some(id) => id,
            None => insert_sqlite(pool, encoded.row(s))
                .await
                .map_err(stored())?,
        },
        // Looked for first, so that a start does not spend an id of the sequence on an
        // insert that conflicts (ids stay 1, 2, … as on SQLite).
        Db::Postgres(pool) => match pgstore::prices::find(pool, &s.name, &s.version)
            .await
            .map_err(looked())?
        {
            Some(id) => id,
            None => pgstore::prices::insert_or_find(pool, encoded.row(s))
                .await
                .map_err(stored())?,
        },
    };
    let id_text = id.to_string();
    match database {
        Db::Sqlite(pool) => sqlx::query!(
            "INSERT OR IGNORE INTO app_meta (key, value) VALUES (?1, ?2)",
            ACTIVE_KEY,
            id_text
        )
        .execute(pool)
        .await
        .map(drop),
        Db::Postgres(pool) => pgstore::meta::set_if_absent(pool, ACTIVE_KEY, &id_text).await,
    }
    .map_err(db("cannot make the bundled price table active"))?;
    Ok(())
}

/// The active version's id.
pub async fn active_id(database: &Db) -> Result<i64, StoreError> {
    let value = match database {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!("SELECT value FROM app_meta WHERE key = ?1", ACTIVE_KEY)
                .fetch_optional(pool)
                .await
        }
        Db::Postgres(pool) => pgstore::meta::get(pool, ACTIVE_KEY).await,
    }
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
pub async fn set_active(database: &Db, id: i64, accept_flagged: bool) -> Result<(), PriceError> {
    let stored = load(database, id).await?;
    let flagged = flagged(&stored.issues);
    if !accept_flagged && !flagged.is_empty() {
        return Err(PriceError::Flagged(flagged));
    }
    let id_text = id.to_string();
    match database {
        Db::Sqlite(pool) => make_active_sqlite(pool, &id_text).await,
        Db::Postgres(pool) => pgstore::meta::set(pool, ACTIVE_KEY, &id_text).await,
    }
    .map_err(db("cannot change the active price table"))?;
    Ok(())
}

async fn make_active_sqlite<'e>(
    executor: impl SqliteExecutor<'e>,
    id_text: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT OR REPLACE INTO app_meta (key, value) VALUES (?1, ?2)",
        ACTIVE_KEY,
        id_text
    )
    .execute(executor)
    .await
    .map(drop)
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
pub async fn load(database: &Db, id: i64) -> Result<StoredTable, PriceError> {
    let stored = match database {
        Db::Sqlite(pool) => body_sqlite(pool, id).await,
        Db::Postgres(pool) => pgstore::prices::body(pool, id).await,
    };
    decode(id, stored)
}

async fn body_sqlite<'e>(
    executor: impl SqliteExecutor<'e>,
    id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row = sqlx::query!("SELECT body, issues FROM price_tables WHERE id = ?1", id)
        .fetch_optional(executor)
        .await?;
    Ok(row.map(|r| (r.body, r.issues)))
}

/// Version `id` read back from its body and issues columns, as [`load`] reads it (an
/// import reads back its own write inside its transaction the same way).
fn decode(
    id: i64,
    stored: Result<Option<(String, String)>, sqlx::Error>,
) -> Result<StoredTable, PriceError> {
    let (body, issues) = stored
        .map_err(db(format!("cannot read price table {id}")))?
        .ok_or(PriceError::NotFound(id))?;
    let unreadable = |reason: String| PriceError::Unreadable { id, reason };
    let table: PriceTable = read_json(&body, || format!("price table {id}")).map_err(|e| {
        tracing::warn!(error = ?e, "stored price table {id} does not parse");
        unreadable("its rows do not parse as a price table".into())
    })?;
    // A body stored before prices were bounded can parse and still hold 1e305 USD/Mtok.
    table.check().map_err(|e| unreadable(e.to_string()))?;
    let issues =
        read_json(&issues, || format!("import issues of price table {id}")).map_err(|e| {
            tracing::warn!(error = ?e, "stored import issues of price table {id} do not parse");
            unreadable("its import issues do not parse".into())
        })?;
    Ok(StoredTable { id, table, issues })
}

/// Version `id`'s source as its columns hold it, without reading its rows: what health
/// reports of an active version that does not read back.
pub async fn source(database: &Db, id: i64) -> Result<TableSource, PriceError> {
    let version = list(database)
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
pub async fn list(database: &Db) -> Result<Vec<PriceTableVersion>, StoreError> {
    let active = active_id(database).await.ok();
    let rows = match database {
        Db::Sqlite(pool) => {
            sqlx::query_as!(
                VersionRow,
                r#"SELECT id AS "id!: i64", name, version, sha256, as_of, imported_at_unix, model_count, issues
                   FROM price_tables ORDER BY id"#
            )
            .fetch_all(pool)
            .await
        }
        Db::Postgres(pool) => pgstore::prices::list(pool).await,
    }
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
    database: &Db,
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
    let previous = match load(database, active_id(database).await?).await {
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
    let encoded = Encoded::of(&table, &issues)?;
    let row = encoded.row(&table.source);
    let activated = activate != Activate::No;
    let written = Written {
        table: &table,
        issues: &issues,
        row,
    };
    let id = match database {
        Db::Sqlite(pool) => {
            let mut tx = pool.begin().await.map_err(begin_failed())?;
            let found = find_sqlite(&mut *tx, name, &version).await;
            written.refuse_duplicate(found)?;
            let id = insert_sqlite(&mut *tx, row)
                .await
                .map_err(written.store_failed())?;
            written.check_read_back(id, body_sqlite(&mut *tx, id).await)?;
            if activated {
                make_active_sqlite(&mut *tx, &id.to_string())
                    .await
                    .map_err(db("cannot change the active price table"))?;
            }
            tx.commit().await.map_err(commit_failed())?;
            id
        }
        Db::Postgres(pool) => {
            let mut tx = pool.begin().await.map_err(begin_failed())?;
            let found = pgstore::prices::find(&mut *tx, name, &version).await;
            written.refuse_duplicate(found)?;
            let id = pgstore::prices::insert(&mut *tx, row)
                .await
                .map_err(written.store_failed())?;
            written.check_read_back(id, pgstore::prices::body(&mut *tx, id).await)?;
            if activated {
                pgstore::meta::set(&mut *tx, ACTIVE_KEY, &id.to_string())
                    .await
                    .map_err(db("cannot change the active price table"))?;
            }
            tx.commit().await.map_err(commit_failed())?;
            id
        }
    };
    Ok(ImportReport {
        id,
        label: table.source.label(),
        model_count: table.models.len(),
        issues,
        activated,
    })
}

fn begin_failed() -> impl FnOnce(sqlx::Error) -> StoreError {
    db("cannot begin the price-table import")
}

fn commit_failed() -> impl FnOnce(sqlx::Error) -> StoreError {
    db("cannot commit the price-table import")
}

/// What an import writes inside its transaction, and the checks it makes there, the same
/// on both back ends.
struct Written<'a> {
    table: &'a PriceTable,
    issues: &'a [ImportIssue],
    row: NewVersion<'a>,
}

impl Written<'_> {
    /// A version label already stored under the name is refused.
    fn refuse_duplicate(&self, found: Result<Option<i64>, sqlx::Error>) -> Result<(), PriceError> {
        let (name, version) = (self.row.name, self.row.version);
        match found.map_err(db("cannot look for an existing version"))? {
            Some(id) => Err(PriceError::Invalid(format!(
                "version {version:?} of {name:?} is already stored as #{id}; choose another --version"
            ))),
            None => Ok(()),
        }
    }

    fn store_failed(&self) -> impl FnOnce(sqlx::Error) -> StoreError {
        db(format!(
            "cannot store price table {}",
            self.table.source.label()
        ))
    }

    /// The version read back as every later reader will; an error leaves the transaction
    /// uncommitted, so nothing is stored.
    fn check_read_back(
        &self,
        id: i64,
        stored: Result<Option<(String, String)>, sqlx::Error>,
    ) -> Result<(), PriceError> {
        let unreadable = |reason: String| {
            PriceError::Invalid(format!(
                "the table would not read back as stored ({reason}); nothing was stored"
            ))
        };
        match decode(id, stored) {
            Ok(back) if back.table == *self.table && back.issues == self.issues => Ok(()),
            Ok(_) => Err(unreadable("it reads back different".into())),
            Err(PriceError::Unreadable { reason, .. }) => Err(unreadable(reason)),
            Err(e) => Err(e),
        }
    }
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
