//! Every query of Breakeven's PostgreSQL back end (`serve --db postgres://…`), the twin of
//! the SQLite queries in `server/src/store`, which stays the one interface handlers use:
//! each of its functions calls the query of the back end it was opened on. A function here
//! does one statement, or one transaction where the SQLite side does one, and deals only in
//! plain values and the row structs below; encoding, decoding and the errors people see are
//! the server's, the same for both back ends.
//!
//! Why a crate of its own: sqlx 0.8 checks the `query!` macros of a crate against one
//! database, so the PostgreSQL queries live apart from the SQLite ones and are checked
//! against a live PostgreSQL by `scripts/sqlx-prepare.sh`, their metadata committed in
//! `.sqlx/` beside the SQLite queries'. That metadata is named by the query's text alone: a
//! query here must never be byte for byte one of the server's (the build then finds the
//! other database's metadata and fails), hence the odd `ORDER BY` or line break.
//!
//! Invariants: every status change of a job is one conditional UPDATE (`… WHERE status =
//! the expected one`), as on SQLite; a job is claimed by exactly one instance with `FOR
//! UPDATE SKIP LOCKED`; writes that check a scenario's edit token take the scenario's row
//! lock first, so concurrent saves from any number of instances get consecutive revisions.

pub mod agent_tokens;
pub mod benchmarks;
pub mod evals;
pub mod meta;
pub mod prices;
pub mod profiles;
pub mod scenarios;

pub use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
