//! Every JSON endpoint: its method, its path and the types of its body and its answer, in one
//! table. The app calls the server through these (so it asks each URL for the type the server
//! answers it with), and the server's tests hold its OpenAPI document to the same table (each
//! method and path documented, answering with the schema of the same type), so the two sides
//! cannot pair a URL with different types.
//!
//! Not here: the file downloads (exports), the Server-Sent Events stream and the OpenAPI
//! document itself, which are not JSON answers of a contract type.

use crate::bench::{
    AgentReport, BenchCatalog, BenchRequest, Benchmark, BenchmarkList, Queued, ResultStored,
};
use crate::catalogs::{GpuOffers, Health, LlmPrices, PriceTableVersion, ProfileCreated, Profiles};
use crate::quality::{EvalJob, EvalList, EvalQueued, EvalRequest};
use crate::scenarios::{
    RevisionSummary, ScenarioCreated, ScenarioForked, ScenarioSaved, ScenarioView, ScenarioWrite,
};
use crate::traffic::{AnalyseReply, RawLog};
use crate::{Placement, PlanResult, ScenarioInput};

/// An HTTP method the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Reads.
    Get,
    /// Creates or acts.
    Post,
    /// Saves a new revision.
    Put,
    /// Deletes.
    Delete,
}

impl Method {
    /// Lower case, as OpenAPI spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Delete => "delete",
        }
    }
}

/// One JSON endpoint.
pub trait Endpoint {
    /// Its method.
    const METHOD: Method;
    /// Its path, with `{id}` where the path names a scenario or a benchmark.
    const PATH: &'static str;
    /// What the request carries (`()`: no body).
    type Body;
    /// What a success answers with (`()`: no body, 204).
    type Reply;

    /// The path with `{id}` filled in.
    fn path_for(id: &dyn std::fmt::Display) -> String {
        Self::PATH.replace("{id}", &id.to_string())
    }
}

/// One row of [`all`]: what the server's tests compare with its OpenAPI document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    /// The method.
    pub method: Method,
    /// The path template.
    pub path: &'static str,
    /// The answer's Rust type (`std::any::type_name`).
    pub reply: &'static str,
    /// The body's Rust type.
    pub body: &'static str,
}

macro_rules! endpoints {
    ($( $(#[$doc:meta])* $name:ident: $method:ident $path:literal, $body:ty => $reply:ty; )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy)]
            pub struct $name;

            impl Endpoint for $name {
                const METHOD: Method = Method::$method;
                const PATH: &'static str = $path;
                type Body = $body;
                type Reply = $reply;
            }
        )*

        /// Every JSON endpoint, in the order of the table.
        pub fn all() -> Vec<Info> {
            vec![$(Info {
                method: Method::$method,
                path: $path,
                reply: std::any::type_name::<$reply>(),
                body: std::any::type_name::<$body>(),
            }),*]
        }
    };
}

endpoints! {
    /// Plans a scenario (JSON, or TOML with `Content-Type: application/toml`).
    PlanScenario: Post "/api/v1/plan", ScenarioInput => PlanResult;
    /// Where to run the scenario's self-hosted model: every GPU offer, cheapest first.
    PlanPlacements: Post "/api/v1/plan/placements", ScenarioInput => Vec<Placement>;
    /// Version, active price table and database state.
    GetHealth: Get "/api/v1/health", () => Health;
    /// A page of a price-table version's rows (`?price_table=ID&q=&model=&limit=&cursor=`,
    /// [`crate::catalogs::PriceQuery`]; the active version by default).
    GetLlmPrices: Get "/api/v1/pricing/llm", () => LlmPrices;
    /// Every stored price-table version.
    ListPriceVersions: Get "/api/v1/pricing/llm/versions", () => Vec<PriceTableVersion>;
    /// The bundled GPU offers.
    GetGpuPrices: Get "/api/v1/pricing/gpus", () => GpuOffers;
    /// The presets and the saved profiles.
    ListProfiles: Get "/api/v1/profiles", () => Profiles;
    /// Saves a workload profile.
    SaveProfile: Post "/api/v1/profiles", profiles::SavedProfile => ProfileCreated;
    /// The newest benchmarks.
    ListBenchmarks: Get "/api/v1/benchmarks", () => BenchmarkList;
    /// Queues a benchmark.
    SubmitBenchmark: Post "/api/v1/benchmarks", BenchRequest => Queued;
    /// What can be benchmarked here.
    GetBenchCatalog: Get "/api/v1/benchmarks/catalog", () => BenchCatalog;
    /// A result measured on a GPU host (agent token).
    ReportBenchResult: Post "/api/v1/benchmarks/results", AgentReport => ResultStored;
    /// One benchmark with its result.
    GetBenchmark: Get "/api/v1/benchmarks/{id}", () => Benchmark;
    /// Cancels a queued or running benchmark.
    CancelBenchmark: Post "/api/v1/benchmarks/{id}/cancel", () => Queued;
    /// The newest quality evals.
    ListEvals: Get "/api/v1/evals", () => EvalList;
    /// Queues a quality eval.
    SubmitEval: Post "/api/v1/evals", EvalRequest => EvalQueued;
    /// One eval with its progress or result.
    GetEval: Get "/api/v1/evals/{id}", () => EvalJob;
    /// Cancels a queued or running eval.
    CancelEval: Post "/api/v1/evals/{id}/cancel", () => EvalQueued;
    /// Saves a new scenario.
    CreateScenario: Post "/api/v1/scenarios", ScenarioWrite => ScenarioCreated;
    /// A revision with its figures recomputed (`?revision=N`, `?price_table=M`).
    GetScenario: Get "/api/v1/scenarios/{id}", () => ScenarioView;
    /// Saves a new revision (edit token).
    SaveScenario: Put "/api/v1/scenarios/{id}", ScenarioWrite => ScenarioSaved;
    /// Deletes a scenario (edit token).
    DeleteScenario: Delete "/api/v1/scenarios/{id}", () => ();
    /// Every revision, newest first.
    ListRevisions: Get "/api/v1/scenarios/{id}/revisions", () => Vec<RevisionSummary>;
    /// Copies a revision into a new scenario (`?revision=N`).
    ForkScenario: Post "/api/v1/scenarios/{id}/fork", () => ScenarioForked;
    /// Analyses a usage log sent as it is (`?format=&tz=&mapping=&scenario=`,
    /// [`crate::traffic::AnalyseQuery`]): the import report, the workload, the replay.
    AnalyseTraffic: Post "/api/v1/traffic/analyse", RawLog => AnalyseReply;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_per_method_and_fill_their_id() {
        let all = all();
        for (i, a) in all.iter().enumerate() {
            assert!(a.path.starts_with(crate::PREFIX), "{}", a.path);
            assert!(
                all[i + 1..]
                    .iter()
                    .all(|b| (b.method, b.path) != (a.method, a.path)),
                "{:?} {}",
                a.method,
                a.path
            );
        }
        assert_eq!(GetScenario::path_for(&"ab"), "/api/v1/scenarios/ab");
        assert_eq!(CancelBenchmark::path_for(&7), "/api/v1/benchmarks/7/cancel");
        assert!(all.iter().any(|e| e.reply.ends_with("ScenarioView")));
    }
}
