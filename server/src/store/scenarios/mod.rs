//! The `scenarios` and `scenario_revisions` tables. A scenario's id is 128 random bits and
//! its edit token 256, both from the operating system's CSPRNG; only the token's sha256 is
//! stored, and a token is checked by comparing hashes inside the writing transaction, so a
//! wrong token and the write it guards can never interleave. Every write is one transaction.

mod read;
mod rows;
mod write;

pub use read::{authorize, get, load, revisions};
pub use rows::{Created, Forked, NewRevision, Revision, ScenarioError, ScenarioRow};
pub use write::{add_revision, create, delete, fork};
