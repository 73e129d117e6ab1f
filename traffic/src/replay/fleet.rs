//! Option (c) of the replay: the self-hosted fleet sized and billed hour by hour over the
//! trace's real span, with cost model v2's fleet rules (docs/cost-model.md §3 and "Replay of
//! a trace"). The sizing and the prices are tco's (`FleetModel::hourly_replicas`,
//! `instances_for`, `Rented`, `Owned`); what is new is that the hours are the trace's own,
//! one after another, rather than a repeating typical week.

use serde::{Deserialize, Serialize};
use tco::cost::ceil_tolerant;
use tco::fleet::{Breakdown, FleetModel, GpuCost, Owned, Rented, ReservedBase, Scaling};

use crate::analysis::UnixHour;

/// Hours in the engine's month.
const HOURS_PER_MONTH: f64 = tco::week::HOURS_PER_MONTH;

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
            let (b, optimal) = match r.reserved {
                ReservedBase::Fixed(b) => (b, false),
                ReservedBase::Optimal => (optimal_base(&r, g, &instances), true),
            };
            let bill = rented_bill(&r, g, &instances, b);
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

/// A rented fleet's GPU bill over the span with b reserved instances.
struct RentedBill {
    breakdown: Breakdown,
    burst_instance_hours: f64,
    starts: f64,
}

/// reserved = b·G·(1−d)·p·hours; burst = Σ_h (i_h − b)⁺·G at (1−σ)·p on demand and
/// σ·p_spot·(1+o) on spot; cold starts Σ_h (i_h − max(i_{h−1}, b))⁺ (h ≥ 1) × c_s/3600 ×
/// G × p_burst.
fn rented_bill(r: &Rented, g: f64, instances: &[f64], b: f64) -> RentedBill {
    let hours = instances.len() as f64;
    let burst_instance_hours: f64 = instances.iter().map(|i| (i - b).max(0.0)).sum();
    let starts: f64 = instances
        .windows(2)
        .map(|pair| (pair[1] - pair[0].max(b)).max(0.0))
        .sum();
    let burst_gpu_hours = burst_instance_hours * g;
    RentedBill {
        breakdown: Breakdown {
            reserved_usd: b * g * r.reserved_usd_per_gpu_hour() * hours,
            on_demand_usd: burst_gpu_hours * (1.0 - r.spot_share) * r.usd_per_gpu_hour,
            spot_usd: burst_gpu_hours * r.spot_share * r.spot_usd_per_gpu_hour,
            cold_start_usd: starts * r.cold_start_s / 3600.0 * g * r.burst_usd_per_gpu_hour(),
            ..Breakdown::default()
        },
        burst_instance_hours,
        starts,
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

/// The reserved base with the lowest GPU bill over the span, the smallest on a tie (a
/// candidate replaces the best only when cheaper by more than 1e-12 relative), as tco's
/// optimal base for the week. The bill is linear in b between the distinct instance counts,
/// so the candidates are 0 and those counts; each is priced from sorted sums in O(log n):
///
/// - burst(b) = Σ_{i > b} i − b·#{i > b}, from the sorted counts' suffix sums;
/// - starts(b) = Σ over rising hour pairs p → c (p < c, h ≥ 1) of (c − max(p, b))⁺:
///   pairs with p ≥ b add c − p, pairs with p < b < c add c − b, both read off suffix
///   sums of the pairs sorted by p and by c.
///
/// O(n log n) for n hours, however many distinct counts there are.
fn optimal_base(r: &Rented, g: f64, instances: &[f64]) -> f64 {
    let n = instances.len();
    let mut sorted = instances.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let mut above = vec![0.0; n + 1];
    for i in (0..n).rev() {
        above[i] = above[i + 1] + sorted[i];
    }
    let mut by_p: Vec<(f64, f64)> = instances
        .windows(2)
        .filter(|pair| pair[1] > pair[0])
        .map(|pair| (pair[0], pair[1]))
        .collect();
    let mut by_c: Vec<f64> = by_p.iter().map(|pair| pair.1).collect();
    by_p.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    by_c.sort_unstable_by(f64::total_cmp);
    let pairs = by_p.len();
    let mut rise = vec![0.0; pairs + 1];
    let mut tops_by_p = vec![0.0; pairs + 1];
    let mut tops_by_c = vec![0.0; pairs + 1];
    for i in (0..pairs).rev() {
        rise[i] = rise[i + 1] + (by_p[i].1 - by_p[i].0);
        tops_by_p[i] = tops_by_p[i + 1] + by_p[i].1;
        tops_by_c[i] = tops_by_c[i + 1] + by_c[i];
    }
    let hours = n as f64;
    let burst_rate =
        (1.0 - r.spot_share) * r.usd_per_gpu_hour + r.spot_share * r.spot_usd_per_gpu_hour;
    let cold = r.cold_start_s / 3600.0 * g * r.burst_usd_per_gpu_hour();
    let bill = |b: f64| {
        let first_above = sorted.partition_point(|i| *i <= b);
        let burst = above[first_above] - b * (n - first_above) as f64;
        let starts = if pairs == 0 {
            0.0
        } else {
            let from_p = by_p.partition_point(|pair| pair.0 < b);
            let from_c = by_c.partition_point(|c| *c <= b);
            let crossing = (pairs - from_c) as f64 - (pairs - from_p) as f64;
            rise[from_p] + (tops_by_c[from_c] - tops_by_p[from_p]) - b * crossing
        };
        b * g * r.reserved_usd_per_gpu_hour() * hours + burst * g * burst_rate + starts * cold
    };
    let mut best: Option<(f64, f64)> = None;
    let mut last = f64::NAN;
    for b in std::iter::once(0.0).chain(sorted.iter().copied()) {
        if b == last {
            continue;
        }
        last = b;
        let cost = bill(b);
        match best {
            Some((_, lowest)) if cost >= lowest - 1e-12 * lowest.abs() => {}
            _ => best = Some((b, cost)),
        }
    }
    best.map_or(0.0, |(b, _)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rented(d: f64, cold_start_s: f64) -> Rented {
        Rented {
            usd_per_gpu_hour: 2.0,
            reserved_discount: d,
            spot_share: 0.0,
            spot_usd_per_gpu_hour: 0.0,
            reserved: ReservedBase::Optimal,
            cold_start_s,
        }
    }

    /// The sorted-sums optimum equals the brute force over every whole base.
    #[test]
    fn the_optimal_base_is_the_brute_force_minimum() {
        let series: [&[f64]; 4] = [
            &[0.0, 3.0, 1.0, 4.0, 4.0, 0.0, 2.0, 5.0, 1.0],
            &[2.0; 10],
            &[0.0, 0.0, 7.0, 0.0, 7.0, 0.0],
            &[1.0, 2.0, 3.0, 2.0, 1.0, 2.0, 3.0],
        ];
        for d in [0.0, 0.2, 0.5, 0.9] {
            for cold in [0.0, 600.0, 3600.0] {
                let r = rented(d, cold);
                for s in series {
                    let total = |b: f64| rented_bill(&r, 1.0, s, b).breakdown.gpu_usd();
                    let best = (0..=8)
                        .map(f64::from)
                        .fold((0.0, f64::INFINITY), |(bb, bc), b| {
                            let c = total(b);
                            if c < bc - 1e-12 * bc.abs() {
                                (b, c)
                            } else {
                                (bb, bc)
                            }
                        });
                    let found = optimal_base(&r, 1.0, s);
                    assert!(
                        (total(found) - best.1).abs() <= 1e-9 * best.1.max(1.0),
                        "d {d} cold {cold} {s:?}: found b = {found} at {}, best b = {} at {}",
                        total(found),
                        best.0,
                        best.1
                    );
                }
            }
        }
    }
}
