//! Two to four scenarios in one verdict (docs/cost-model.md §13): what each costs at each
//! scenario's volume and which is cheapest, where the cheapest changes with volume, and
//! whether each throughput is measured, typed or projected. The compare page, the
//! comparison PDF and the comparison workbook all show [`Comparison::sentence`], so the
//! three say the same thing in the same words.
//!
//! A scenario's cost at a volume is the month-1 cost of the option it would recommend
//! there: its cheapest option that meets its own quality floor (`quality::recommended`),
//! so at its own volume it is the figure its results headline.

mod words;

use serde::{Deserialize, Serialize};

use crate::cost::Pricing;
use crate::quality::{feasible, recommended, Choice};
use crate::scenario::{SlmServing, Throughput, ThroughputBasis};
use crate::{PlanResult, Scenario};

/// Two costs closer than this share of the larger are the same cost (float noise, not a
/// saving anyone could bank).
const SAME: f64 = 1e-9;
/// Log-spaced steps of the volume range the curves and the changes of the cheapest are
/// computed on.
pub const STEPS: u32 = 200;
/// Halvings of a step (in log volume) to find where the cheapest changes: 2⁻⁴⁰ of a step
/// is far below one request.
const BISECTIONS: u32 = 40;
/// More changes than this across the range are a sawtooth of fleet steps, summarised
/// rather than listed.
pub const MAX_LISTED_CHANGES: usize = 3;

/// One scenario of a comparison: what it is called, its validated form and its plan.
#[derive(Debug, Clone, Copy)]
pub struct Compared<'a> {
    /// The name people know it by (the saved scenario's title).
    pub name: &'a str,
    /// The validated scenario (priced again at the other scenarios' volumes).
    pub scenario: &'a Scenario,
    /// Its plan at its own volume.
    pub result: &'a PlanResult,
}

/// Where a scenario's self-hosted throughput comes from, as a badge: the planner's
/// `slm.throughput.basis` ([`ThroughputBasis`]) in three words people compare by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A stored benchmark measured it (candle or a serving endpoint).
    Measured,
    /// Projected onto the GPU from a benchmark or a spec sheet: not measured.
    Projected,
    /// Typed in the scenario: an estimate.
    Typed,
    /// Named in words only (scenario v1's `throughput_source`): nothing can be checked.
    Described,
}

impl Evidence {
    /// The badge of a throughput; None when there is none (the SLM is a hosted API).
    pub fn of(throughput: Option<&Throughput>) -> Option<Self> {
        throughput.map(|t| match t.basis {
            ThroughputBasis::Benchmark | ThroughputBasis::Endpoint => Evidence::Measured,
            ThroughputBasis::Projected => Evidence::Projected,
            ThroughputBasis::Typed => Evidence::Typed,
            ThroughputBasis::Described => Evidence::Described,
        })
    }

    /// The badge's word: "measured", "projected", "typed", "described".
    pub fn word(self) -> &'static str {
        match self {
            Evidence::Measured => "measured",
            Evidence::Projected => "projected",
            Evidence::Typed => "typed",
            Evidence::Described => "described",
        }
    }

    /// What the word means for the figures, for a badge's hover and the verdict.
    pub fn meaning(self) -> &'static str {
        match self {
            Evidence::Measured => "measured by a stored benchmark",
            Evidence::Projected => "projected from a measurement or a spec sheet, not measured",
            Evidence::Typed => "typed in the scenario: an estimate, not measured",
            Evidence::Described => "described in words only: it cannot be checked",
        }
    }
}

/// The badge of a scenario's throughput: None when its SLM is a hosted API, which has no
/// throughput to measure.
pub fn evidence(s: &Scenario) -> Option<Evidence> {
    match s.slm.serving {
        SlmServing::SelfHosted(_) => Evidence::of(s.slm.throughput.as_ref()),
        SlmServing::Api(_) => None,
    }
}

/// The comparison at one volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    /// The volume, requests a month: one or more of the scenarios' own.
    pub requests_per_month: f64,
    /// The scenarios (indices) whose own volume this is.
    pub volume_of: Vec<usize>,
    /// Each scenario's cost and the option it would pick there; None when none of its
    /// options meets its quality floor.
    pub costs: Vec<Option<(Choice, f64)>>,
    /// The cheapest scenarios (more than one when they cost the same).
    pub cheapest: Vec<usize>,
}

/// A stretch of volume over which the same scenarios are cheapest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stretch {
    /// Where it starts (the range's start for the first).
    pub from: f64,
    /// Where the next starts (the range's end for the last).
    pub to: f64,
    /// The cheapest there (more than one when they cost the same).
    pub cheapest: Vec<usize>,
}

/// One scenario's cost against volume, for the chart that draws them all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostCurve {
    /// The scenario's name.
    pub name: String,
    /// Its own volume, marked on its curve.
    pub requests_per_month: f64,
    /// (requests a month, USD a month) on the shared range; volumes where none of its
    /// options meets its quality floor are left out.
    pub points: Vec<(f64, f64)>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The scenarios' names, in the order given.
    pub names: Vec<String>,
    /// Each scenario's throughput badge (None: a hosted SLM, no throughput).
    pub evidence: Vec<Option<Evidence>>,
    /// One standing per distinct volume, smallest first.
    pub standings: Vec<Standing>,
    /// The volume range the curves and stretches cover: a decade below the smallest of the
    /// volumes and break-evens to a decade above the largest.
    pub range: (f64, f64),
    /// The cheapest across `range`, stretch by stretch.
    pub stretches: Vec<Stretch>,
    /// Each scenario's cost curve over `range`.
    pub curves: Vec<CostCurve>,
    /// The verdict in plain words, the same on every surface.
    pub sentence: String,
}

/// One scenario made ready to price at any volume.
struct Priced<'a> {
    pricing: Pricing<'a>,
    meets: [bool; 3],
    share: f64,
}

impl Priced<'_> {
    /// The option it would recommend at `r` and its month-1 cost.
    fn cost(&self, r: f64) -> Option<(Choice, f64)> {
        let costs = [
            self.pricing.api_usd(r, 1),
            self.pricing.slm_usd(r, 1).0,
            self.pricing.hybrid_usd(r, self.share, 1).0,
        ];
        let choice = recommended(costs, self.meets)?;
        let i = match choice {
            Choice::Api => 0,
            Choice::SelfHosted => 1,
            Choice::Hybrid => 2,
        };
        Some(costs[i])
            .filter(|c| c.is_finite())
            .map(|c| (choice, c))
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= SAME * a.abs().max(b.abs()).max(1.0)
}

/// The indices of the lowest costs (ties kept); empty when none has a cost.
fn cheapest(costs: &[Option<f64>]) -> Vec<usize> {
    let Some(low) = costs.iter().flatten().copied().reduce(f64::min) else {
        return Vec::new();
    };
    (0..costs.len())
        .filter(|&i| costs[i].is_some_and(|c| same(c, low)))
        .collect()
}

/// Compares the scenarios. Fewer than two give a comparison with nothing to choose
/// between, and a sentence that says so.
pub fn compare(scenarios: &[Compared]) -> Comparison {
    let priced: Vec<Priced> = scenarios
        .iter()
        .map(|c| Priced {
            pricing: Pricing::new(c.scenario),
            meets: feasible(c.scenario),
            share: c.scenario.routing.effective_slm_share(),
        })
        .collect();
    let at =
        |r: f64| -> Vec<Option<f64>> { priced.iter().map(|p| p.cost(r).map(|(_, c)| c)).collect() };
    let volume = |c: &Compared| c.scenario.workload.requests_per_month;

    let mut standings: Vec<Standing> = Vec::new();
    for (i, c) in scenarios.iter().enumerate() {
        let r = volume(c);
        match standings.iter_mut().find(|s| same(s.requests_per_month, r)) {
            Some(s) => s.volume_of.push(i),
            None => {
                let costs: Vec<Option<(Choice, f64)>> = priced.iter().map(|p| p.cost(r)).collect();
                let cheapest = cheapest(&costs.iter().map(|c| c.map(|c| c.1)).collect::<Vec<_>>());
                standings.push(Standing {
                    requests_per_month: r,
                    volume_of: vec![i],
                    costs,
                    cheapest,
                });
            }
        }
    }
    standings.sort_by(|a, b| a.requests_per_month.total_cmp(&b.requests_per_month));

    let anchors: Vec<f64> = scenarios
        .iter()
        .flat_map(|c| [Some(volume(c)), c.result.break_even.requests_per_month])
        .flatten()
        .filter(|v| v.is_finite() && *v > 0.0)
        .collect();
    let range = match (
        anchors.iter().copied().reduce(f64::min),
        anchors.iter().copied().reduce(f64::max),
    ) {
        (Some(lo), Some(hi)) => (lo / 10.0, hi * 10.0),
        _ => (1e3, 1e7),
    };
    let (a, b) = (range.0.log10(), range.1.log10());
    let grid: Vec<f64> = (0..=STEPS)
        .map(|i| 10f64.powf(a + (b - a) * f64::from(i) / f64::from(STEPS)))
        .collect();

    let curves = scenarios
        .iter()
        .zip(&priced)
        .map(|(c, p)| {
            let mut volumes: Vec<f64> = grid.clone();
            if volume(c).is_finite() && volume(c) > 0.0 {
                volumes.push(volume(c));
                volumes.sort_by(f64::total_cmp);
            }
            CostCurve {
                name: c.name.to_string(),
                requests_per_month: volume(c),
                points: volumes
                    .into_iter()
                    .filter_map(|r| p.cost(r).map(|(_, usd)| (r, usd)))
                    .collect(),
            }
        })
        .collect();

    let stretches = if scenarios.len() < 2 {
        Vec::new()
    } else {
        stretches(&grid, |r| cheapest(&at(r)))
    };
    let evidence: Vec<Option<Evidence>> = scenarios.iter().map(|c| evidence(c.scenario)).collect();
    let names: Vec<String> = scenarios.iter().map(|c| c.name.to_string()).collect();
    let mut out = Comparison {
        names,
        evidence,
        standings,
        range,
        stretches,
        curves,
        sentence: String::new(),
    };
    out.sentence = words::sentence(&out, |i| scenarios[i].result.self_hosted.is_hosted_api());
    out
}

/// The stretches of `grid` over which `leader` gives the same answer, each change found
/// by bisection (in log volume) between the grid points around it.
fn stretches(grid: &[f64], leader: impl Fn(f64) -> Vec<usize>) -> Vec<Stretch> {
    let (Some(&first), Some(&last)) = (grid.first(), grid.last()) else {
        return Vec::new();
    };
    let mut out = vec![Stretch {
        from: first,
        to: last,
        cheapest: leader(first),
    }];
    for pair in grid.windows(2) {
        let here = leader(pair[1]);
        let Some(current) = out.last_mut() else {
            break;
        };
        if here == current.cheapest {
            continue;
        }
        let (mut lo, mut hi) = (pair[0].ln(), pair[1].ln());
        for _ in 0..BISECTIONS {
            let mid = (lo + hi) / 2.0;
            if leader(mid.exp()) == current.cheapest {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let at = hi.exp();
        current.to = at;
        out.push(Stretch {
            from: at,
            to: last,
            cheapest: here,
        });
    }
    out
}
