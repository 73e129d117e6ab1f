//! Option (c) of the replay: the self-hosted fleet sized and billed hour by hour over the
//! trace's real span, with cost model v2's fleet rules (docs/cost-model.md §3 and "Replay of
//! a trace"). The sizing and the prices are tco's (`FleetModel::hourly_replicas`,
//! `instances_for`, `Rented`, `Owned`); what is new is that the hours are the trace's own,
//! one after another, rather than a repeating typical week.

use serde::{Deserialize, Serialize};
use tco::cost::ceil_tolerant;
use tco::fleet::{Breakdown, FleetModel, GpuCost, Owned, Period, ReservedBase, Scaling};

use crate::analysis::UnixHour;

use tco::week::HOURS_PER_MONTH;

/// What a replica needs to serve one hour: the hour's requests and token totals (the
/// interactive ones of that hour plus the batch ones spread evenly over the span).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct HourLoad {
    /// Requests served in the hour.
    pub requests: f64,
    /// GPU-seconds they hold a replica: τ·(input − cached·[prefix caching])/P + τ·output/D.
    pub gpu_seconds: f64,
}

/// The fleet hour by hour, one value per hour of the span, columns rather than rows (a
/// year of hours is 8,760 of each).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct FleetHours {
    /// Start of the first hour, Unix seconds (UTC); hour k starts at start_unix + 3600·k.
    pub start_unix: i64,
    /// Requests the fleet served in each hour: the hour's interactive requests plus the
    /// span's batch requests spread evenly (× the SLM share for the hybrid).
    pub requests: Vec<f64>,
    /// Replicas running in each hour.
    pub replicas: Vec<f64>,
    /// Instances rented (or powered, when owned) in each hour.
    pub instances: Vec<f64>,
    /// Burst instances in each hour: max(0, instances − reserved base); 0 when owned.
    pub burst: Vec<f64>,
    /// The hour's share of the bill, USD: its reserved, burst and cold-start GPU cost (owned:
    /// its energy and 1/730 of a month's capital), plus ops and F at 1/730 of a month.
    /// Σ = the fleet's total over the period.
    pub usd: Vec<f64>,
}

/// The self-hosted fleet replayed over the trace's hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct FleetReplay {
    /// Always on (sized for the span's busiest hour, in every hour) or hourly.
    pub scaling: tco::input::Scaling,
    /// b: reserved instances (owned: the owned instances, the span's peak).
    pub reserved_instances: f64,
    /// The base is the optimal one over the span (lowest bill, smallest on a tie) rather
    /// than the scenario's fixed `slm.reserved_instances`; false when owned.
    pub reserved_optimal: bool,
    /// The most replicas in any hour.
    pub peak_replicas: f64,
    /// The most instances in any hour.
    pub peak_instances: f64,
    /// Σ replicas over the hours.
    pub replica_hours: f64,
    /// GPU-hours billed: rented, b·G every hour plus the burst; owned, the serving ones.
    pub gpu_hours: f64,
    /// Burst instances started over the span: Σ_h max(0, i_h − max(i_{h−1}, b)), the first
    /// hour counting as already running.
    pub instance_starts: f64,
    /// The bill over the whole span by part, USD (not a month: see `usd_per_month`).
    pub breakdown: Breakdown,
    /// Σ of the breakdown, USD over the span.
    pub usd: f64,
    /// usd ÷ months.
    pub usd_per_month: f64,
    /// The fleet hour by hour, for the chart.
    pub hours: FleetHours,
}

impl FleetReplay {
    /// The fleet in one phrase, the same on the page and in the CLI: "peak 3 replicas on 3
    /// instances, 1 reserved (the cheapest base over the period), 2 instance starts,
    /// 9 GPU-hours".
    pub fn in_words(&self) -> String {
        use tco::format::{count, counted};
        format!(
            "peak {} on {}, {} reserved{}, {}, {} GPU-hours",
            counted(self.peak_replicas, "replica", "replicas"),
            counted(self.peak_instances, "instance", "instances"),
            count(self.reserved_instances),
            if self.reserved_optimal {
                " (the cheapest base over the period)"
            } else {
                ""
            },
            counted(self.instance_starts, "instance start", "instance starts"),
            count(self.gpu_hours),
        )
    }
}

/// Replays `model`'s fleet over `loads` (one per consecutive hour from `first_hour`).
pub(crate) fn replay_fleet(
    model: &FleetModel,
    first_hour: UnixHour,
    loads: &[HourLoad],
) -> FleetReplay {
    let u = model.target_utilization;
    let needs: Vec<f64> = loads
        .iter()
        .map(|h| {
            let load = h.gpu_seconds / (3600.0 * u);
            if load > 0.0 {
                ceil_tolerant(load)
            } else {
                0.0
            }
        })
        .collect();
    let replicas: Vec<f64> = match model.scaling {
        Scaling::AlwaysOn => {
            let peak_need = needs.iter().copied().fold(0.0, f64::max);
            let n = model.min_replicas.max(peak_need) + model.spare_replicas;
            vec![n; needs.len()]
        }
        Scaling::Hourly => needs.iter().map(|n| model.hourly_replicas(*n)).collect(),
    };
    let instances: Vec<f64> = replicas.iter().map(|n| model.instances_for(*n)).collect();
    let hours = loads.len() as f64;
    let months = hours / HOURS_PER_MONTH;
    let g = model.gpus_per_instance;
    let peak = instances.iter().copied().fold(0.0, f64::max);
    let people_per_hour = (model.ops_usd_per_month + model.fixed_usd_per_month) / HOURS_PER_MONTH;
    let people = |b: Breakdown| Breakdown {
        ops_usd: model.ops_usd_per_month * months,
        fixed_usd: model.fixed_usd_per_month * months,
        ..b
    };
    let (b, optimal, breakdown, starts, burst, usd, gpu_hours) = match model.gpu {
        GpuCost::Rented(r) => {
            // The span's hours one after another: each an hour, the reserved base paid for
            // all of them, the first counting as already running.
            let period = Period {
                hours_per_slot: 1.0,
                reserved_hours: hours,
                cyclic: false,
                starts_factor: 1.0,
            };
            let (b, optimal) = match r.reserved {
                ReservedBase::Fixed(b) => (b, false),
                ReservedBase::Optimal => (r.optimal_base(g, &instances, &period), true),
            };
            let bill = r.bill(g, &instances, b, &period);
            let burst: Vec<f64> = instances.iter().map(|i| (i - b).max(0.0)).collect();
            let reserved_hour = b * g * r.reserved_usd_per_gpu_hour();
            let cold = r.cold_start_s / 3600.0 * g * r.burst_usd_per_gpu_hour();
            let burst_rate = g * r.burst_usd_per_gpu_hour();
            let usd: Vec<f64> = instances
                .iter()
                .enumerate()
                .map(|(h, i)| {
                    let started = h
                        .checked_sub(1)
                        .and_then(|p| instances.get(p))
                        .map_or(0.0, |p| (i - p.max(b)).max(0.0));
                    reserved_hour + (i - b).max(0.0) * burst_rate + started * cold + people_per_hour
                })
                .collect();
            let gpu_hours = (b * hours + bill.burst_instance_hours) * g;
            (
                b,
                optimal,
                people(bill.breakdown),
                bill.starts,
                burst,
                usd,
                gpu_hours,
            )
        }
        GpuCost::Owned(o) => {
            let breakdown = owned_bill(&o, g, &instances, peak, months);
            let capital_hour = peak * g * o.capital_usd_per_gpu_month / HOURS_PER_MONTH;
            let usd = instances
                .iter()
                .map(|i| capital_hour + o.energy_usd(g, *i, peak - i) + people_per_hour)
                .collect();
            let gpu_hours = instances.iter().sum::<f64>() * g;
            (
                peak,
                false,
                people(breakdown),
                0.0,
                vec![0.0; instances.len()],
                usd,
                gpu_hours,
            )
        }
    };
    let total = breakdown.total_usd();
    FleetReplay {
        scaling: match model.scaling {
            Scaling::AlwaysOn => tco::input::Scaling::AlwaysOn,
            Scaling::Hourly => tco::input::Scaling::Hourly,
        },
        reserved_instances: b,
        reserved_optimal: optimal,
        peak_replicas: replicas.iter().copied().fold(0.0, f64::max),
        peak_instances: peak,
        replica_hours: replicas.iter().sum(),
        gpu_hours,
        instance_starts: starts,
        breakdown,
        usd: total,
        usd_per_month: if months > 0.0 { total / months } else { 0.0 },
        hours: FleetHours {
            start_unix: first_hour.saturating_mul(3600),
            requests: loads.iter().map(|h| h.requests).collect(),
            replicas,
            instances,
            burst,
            usd,
        },
    }
}

/// Owned: the span's peak X is owned for the months it lasts; energy for the instances
/// serving in each hour and the owned ones idle.
fn owned_bill(o: &Owned, g: f64, instances: &[f64], peak: f64, months: f64) -> Breakdown {
    let serving: f64 = instances.iter().sum();
    let idle: f64 = instances.iter().map(|i| peak - i).sum();
    Breakdown {
        owned_capital_usd: peak * g * o.capital_usd_per_gpu_month * months,
        owned_energy_usd: o.energy_usd(g, serving, idle),
        ..Breakdown::default()
    }
}
