//! The preset catalog's types and look-ups; the entries themselves are in `catalog.rs`.
//!
//! Every preset says which seed article(s) its figures come from (`seed`, `quote`,
//! `from_seed`) and which numbers are assumptions (`assumptions`). Text between straight
//! double quotes in `quote` and `from_seed` is verbatim from a cited seed; the crate's
//! tests check that against the seed files.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::catalog::PRESETS;
use crate::Workload;

/// Routing mode name, as `tco`'s `routing.mode` spells it: a router sends a share of the
/// requests to the SLM and the rest to the LLM.
pub const ROUTER: &str = "router";
/// Routing mode name, as `tco`'s `routing.mode` spells it: every request tries the SLM
/// first and some escalate to the LLM.
pub const CASCADE: &str = "cascade";

/// Latency targets a self-hosted deployment must meet at its busiest hour.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LatencySlo {
    /// Time to first token, milliseconds (> 0).
    pub ttft_ms: f64,
    /// Time per output token after the first, milliseconds (> 0).
    pub tpot_ms: f64,
}

/// Catalog text: borrowed from the compiled-in catalog, owned when read back from JSON
/// (the app reads the presets the server lists).
pub type Text = Cow<'static, str>;

/// Catalog text from a literal, in a `const` context.
pub(crate) const fn text(s: &'static str) -> Text {
    Cow::Borrowed(s)
}

/// A starting point for the hybrid (SLM + LLM) option, in `tco`'s routing terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SuggestedRouting {
    /// `"router"`: a router sends `slm_share` of requests to the SLM and the rest to the LLM.
    /// `"cascade"`: every request tries the SLM first; `slm_share` is then 1.0 by definition
    /// (leave `routing.slm_share` out when building a `tco` scenario: it rejects one).
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub mode: Text,
    /// Share of requests that enter the SLM path, 0..=1.
    pub slm_share: f64,
    /// Share of SLM-path requests that are sent on to the LLM as well, 0..=1.
    pub escalation_rate: f64,
}

/// A named, documented workload with its daily load shape, latency targets and routing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Preset {
    /// Stable key in kebab case ("customer-support"): what links and saved scenarios store,
    /// and what [`preset`] looks up. Never changes once published.
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub id: Text,
    /// What the preset is called on screen ("Customer-support assistant").
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub name: Text,
    /// Complete workload; `peak_to_average` is derived from `load_shape`, never typed.
    pub workload: Workload,
    /// Relative request rate per hour of day (UTC), mean 1.0, every hour > 0.
    pub load_shape: [f64; 24],
    /// Relative traffic of each day, Monday to Sunday, over `load_shape` (tco's
    /// `workload.weekly_shape`): `[1, 1, 1, 1, 1, 0, 0]` for office tools used on weekdays,
    /// all 1 for a service used every day. None where neither the seeds nor the use case
    /// say which days traffic comes. Always an assumption, named in `assumptions`.
    /// `workload.peak_to_average` stays the 24-hour shape's; with this shape the week's
    /// peak over its mean is that times [`crate::weekly_peak_factor`].
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub weekly_shape: Option<[f64; 7]>,
    /// Latency targets a self-hosted deployment must meet for this workload; where the seeds
    /// give none, `assumptions` says how they were chosen.
    pub slo: LatencySlo,
    /// Where the hybrid option starts for this workload; a user may move it.
    pub suggested_routing: SuggestedRouting,
    /// The seed file name(s) cited, comma-separated, e.g. `"003_6f6ef078e56ced45.txt"`.
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub seed: Text,
    /// One short passage copied verbatim from a cited seed: the preset's key figure.
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub quote: Text,
    /// What the seeds say, with the figures; "double-quoted" passages are verbatim.
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub from_seed: Text,
    /// Which numbers are not from the seeds, and why they are plausible.
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub assumptions: Text,
}

impl Preset {
    /// The cited seed file names, split from `seed` in the order cited.
    pub fn seeds(&self) -> impl Iterator<Item = &str> + '_ {
        self.seed
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

/// All presets, in display order: customer-support, ticket-classification,
/// invoice-extraction, document-summarisation, code-completion, content-moderation, rag-qa.
pub fn presets() -> &'static [Preset] {
    &PRESETS
}

/// The preset with this id (exact match); None for an id the catalog does not have.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}
