//! The self-hosted fleet of cost model v2 (docs/cost-model.md §2): replicas per hour slot,
//! whole instances, a reserved base with on-demand and spot burst, cold starts, owned
//! GPUs, and the people who run it.
//!
//! Counts (replicas, instances) are whole numbers held in `f64`, exact below 2^53.

use crate::cost::ceil_tolerant;
use crate::week::{Slot, Traffic};

/// How the fleet follows the traffic (`slm.scaling`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scaling {
    /// Sized for the week's busiest hour and running in every hour (v1).
    AlwaysOn,
    /// Sized hour by hour; may scale to zero when `min_replicas` is 0.
    Hourly,
}

/// How many instances are reserved (`slm.reserved_instances`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReservedBase {
    /// The b in 0..=peak with the lowest monthly GPU bill, the smallest on a tie.
    Optimal,
    /// A whole number of instances, billed every hour whether used or not.
    Fixed(f64),
}

/// What a GPU-hour costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GpuCost {
    /// Rented GPUs: a reserved base and a burst on demand and on spot.
    Rented(Rented),
    /// Bought GPUs: the week's peak instances are owned; capital plus energy.
    Owned(Owned),
}

/// Rented GPU prices (USD per GPU-hour).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rented {
    /// p: the on-demand price (or the spot price when the whole fleet runs on spot, v1).
    pub usd_per_gpu_hour: f64,
    /// d: a reserved GPU costs (1−d)·p, 0 ≤ d ≤ 0.99.
    pub reserved_discount: f64,
    /// σ: the share of burst GPU-hours on spot, 0 to 1.
    pub spot_share: f64,
    /// p_spot·(1 + o): a spot GPU-hour with its overhead (checkpoints, retries); only read
    /// when σ > 0.
    pub spot_usd_per_gpu_hour: f64,
    /// The reserved base.
    pub reserved: ReservedBase,
    /// Seconds an instance is billed before it serves, each time it starts.
    pub cold_start_s: f64,
}

impl Rented {
    /// p_burst = σ·p_spot·(1+o) + (1−σ)·p.
    pub fn burst_usd_per_gpu_hour(&self) -> f64 {
        self.spot_share * self.spot_usd_per_gpu_hour
            + (1.0 - self.spot_share) * self.usd_per_gpu_hour
    }

    /// (1−d)·p.
    pub fn reserved_usd_per_gpu_hour(&self) -> f64 {
        (1.0 - self.reserved_discount) * self.usd_per_gpu_hour
    }
}

/// Owned GPUs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Owned {
    /// Purchase / amortisation months: capital per owned GPU a month.
    pub capital_usd_per_gpu_month: f64,
    /// Watts a serving GPU draws, its share of the server included.
    pub power_watts: f64,
    /// Watts an owned GPU draws while no replica runs on it.
    pub idle_power_watts: f64,
    /// USD per kWh at the wall times PUE, per 1000: USD per watt-hour of GPU draw.
    pub usd_per_watt_hour: f64,
}

/// A validated v2 fleet: everything but the traffic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FleetModel {
    /// t = τ·I·(1−κ_s)/P + τ·O/D: seconds one request holds a replica.
    pub seconds_per_request: f64,
    /// u: share of a replica's capacity planned for use, 0 < u ≤ 1.
    pub target_utilization: f64,
    /// m: whole replicas always running (0 only with hourly scaling).
    pub min_replicas: f64,
    /// Whole replicas on top of the need, for redundancy.
    pub spare_replicas: f64,
    /// Always on or hourly.
    pub scaling: Scaling,
    /// N: GPUs one replica needs.
    pub gpus_per_replica: f64,
    /// G: GPUs in one rentable instance (N ≤ G, or N a multiple of G).
    pub gpus_per_instance: f64,
    /// The price of the GPUs.
    pub gpu: GpuCost,
    /// Operations staff: FTE × yearly cost / 12.
    pub ops_usd_per_month: f64,
    /// F: tooling and other costs that do not scale with traffic.
    pub fixed_usd_per_month: f64,
}

/// The fleet in one slot of the week.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SlotFleet {
    /// n_j: replicas running.
    pub replicas: f64,
    /// Instances rented (or powered, when owned).
    pub instances: f64,
    /// Of those, reserved (or owned) instances.
    pub reserved: f64,
    /// Of those, burst instances: max(0, instances − reserved).
    pub burst: f64,
}

/// Every part of a fleet's monthly bill (USD a month).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Breakdown {
    /// b·G·(1−d)·p·730.
    pub reserved_usd: f64,
    /// Burst GPU-hours × (1−σ)·p.
    pub on_demand_usd: f64,
    /// Burst GPU-hours × σ·p_spot·(1+o).
    pub spot_usd: f64,
    /// Instance starts × cold-start hours × G × p_burst.
    pub cold_start_usd: f64,
    /// Owned GPUs × purchase / amortisation months.
    pub owned_capital_usd: f64,
    /// Energy of owned GPUs, serving and idle.
    pub owned_energy_usd: f64,
    /// Operations staff.
    pub ops_usd: f64,
    /// F.
    pub fixed_usd: f64,
}

impl Breakdown {
    /// The GPU bill: every part but ops and F.
    pub fn gpu_usd(&self) -> f64 {
        self.reserved_usd
            + self.on_demand_usd
            + self.spot_usd
            + self.cold_start_usd
            + self.owned_capital_usd
            + self.owned_energy_usd
    }

    /// S: the whole monthly bill.
    pub fn total_usd(&self) -> f64 {
        self.gpu_usd() + self.ops_usd + self.fixed_usd
    }
}

/// A fleet sized and priced for one monthly volume.
#[derive(Debug, Clone, PartialEq)]
pub struct FleetBill {
    /// One entry per slot: 168 with a load shape, 1 without.
    pub schedule: Vec<SlotFleet>,
    /// The most replicas running in any slot.
    pub peak_replicas: f64,
    /// The most instances in any slot.
    pub peak_instances: f64,
    /// b: reserved (or owned) instances.
    pub reserved_instances: f64,
    /// Σ_j n_j·hours_j.
    pub replica_hours_per_month: f64,
    /// GPU-hours billed: reserved GPUs every hour plus the burst.
    pub gpu_hours_per_month: f64,
    /// Instances started a month (burst instances coming up), for cold starts.
    pub instance_starts_per_month: f64,
    /// The bill by part.
    pub breakdown: Breakdown,
    /// S(R).
    pub monthly_usd: f64,
}

impl FleetModel {
    /// Replicas one instance holds (⌊G/N⌋), or None when a replica spans instances.
    fn replicas_per_instance(&self) -> Option<f64> {
        (self.gpus_per_replica <= self.gpus_per_instance)
            .then(|| (self.gpus_per_instance / self.gpus_per_replica).floor())
    }

    /// Instances for n replicas: ⌈n/⌊G/N⌋⌉ when N ≤ G, else n·N/G.
    pub fn instances_for(&self, replicas: f64) -> f64 {
        match self.replicas_per_instance() {
            Some(per) => (replicas / per).ceil(),
            None => replicas * self.gpus_per_replica / self.gpus_per_instance,
        }
    }

    /// need_j = ⌈λ_j·t/u⌉ (tolerant; 0 when λ_j = 0).
    fn need(&self, slot: &Slot, requests_per_month: f64) -> f64 {
        let load = requests_per_month * slot.rate_per_monthly_request * self.seconds_per_request
            / self.target_utilization;
        if load > 0.0 {
            ceil_tolerant(load)
        } else {
            0.0
        }
    }

    /// Replicas in each slot: always on, max(m, max_k need_k) + spare everywhere; hourly,
    /// max(m, need_j) plus spare where that is > 0.
    pub fn replicas(&self, traffic: &Traffic, requests_per_month: f64) -> Vec<f64> {
        let slots = traffic.slots();
        let needs: Vec<f64> = slots
            .iter()
            .map(|s| self.need(s, requests_per_month))
            .collect();
        match self.scaling {
            Scaling::AlwaysOn => {
                let peak = needs.iter().copied().fold(0.0, f64::max);
                vec![self.min_replicas.max(peak) + self.spare_replicas; needs.len()]
            }
            Scaling::Hourly => needs
                .iter()
                .map(|need| {
                    let n = self.min_replicas.max(*need);
                    if n > 0.0 {
                        n + self.spare_replicas
                    } else {
                        0.0
                    }
                })
                .collect(),
        }
    }

    /// S(R) and how it is made up.
    pub fn bill(&self, traffic: &Traffic, requests_per_month: f64) -> FleetBill {
        let slots = traffic.slots();
        let replicas = self.replicas(traffic, requests_per_month);
        let instances: Vec<f64> = replicas.iter().map(|n| self.instances_for(*n)).collect();
        let peak_instances = instances.iter().copied().fold(0.0, f64::max);
        let (reserved, breakdown, starts) = match self.gpu {
            GpuCost::Rented(r) => {
                let b = match r.reserved {
                    ReservedBase::Fixed(b) => b,
                    ReservedBase::Optimal => self.optimal_base(&r, traffic, &slots, &instances),
                };
                let (breakdown, starts) = self.rented_cost(&r, traffic, &slots, &instances, b);
                (b, breakdown, starts)
            }
            GpuCost::Owned(o) => (
                peak_instances,
                self.owned_cost(&o, &slots, &instances, peak_instances),
                0.0,
            ),
        };
        let schedule: Vec<SlotFleet> = replicas
            .iter()
            .zip(&instances)
            .map(|(n, i)| SlotFleet {
                replicas: *n,
                instances: *i,
                reserved: reserved.min(*i),
                burst: (i - reserved).max(0.0),
            })
            .collect();
        let replica_hours = weighted_sum(&slots, &replicas);
        let burst: Vec<f64> = schedule.iter().map(|s| s.burst).collect();
        let gpu_hours = match self.gpu {
            GpuCost::Rented(_) => {
                (reserved * traffic.hours_per_month() + weighted_sum(&slots, &burst))
                    * self.gpus_per_instance
            }
            GpuCost::Owned(_) => weighted_sum(&slots, &instances) * self.gpus_per_instance,
        };
        FleetBill {
            peak_replicas: replicas.iter().copied().fold(0.0, f64::max),
            peak_instances,
            reserved_instances: reserved,
            replica_hours_per_month: replica_hours,
            gpu_hours_per_month: gpu_hours,
            instance_starts_per_month: starts,
            monthly_usd: breakdown.total_usd(),
            breakdown,
            schedule,
        }
    }

    /// The monthly bill with b reserved instances, and the instances started a month.
    fn rented_cost(
        &self,
        r: &Rented,
        traffic: &Traffic,
        slots: &[Slot],
        instances: &[f64],
        b: f64,
    ) -> (Breakdown, f64) {
        let g = self.gpus_per_instance;
        let burst_instance_hours: f64 = weighted_sum_with(slots, instances, |i| (i - b).max(0.0));
        let starts = if traffic.is_week() {
            instance_starts_per_week(instances, b) * crate::week::WEEKS_PER_MONTH
        } else {
            0.0
        };
        let burst_gpu_hours = burst_instance_hours * g;
        let breakdown = Breakdown {
            reserved_usd: b * g * r.reserved_usd_per_gpu_hour() * traffic.hours_per_month(),
            on_demand_usd: burst_gpu_hours * (1.0 - r.spot_share) * r.usd_per_gpu_hour,
            spot_usd: burst_gpu_hours * r.spot_share * r.spot_usd_per_gpu_hour,
            cold_start_usd: starts * r.cold_start_s / 3600.0 * g * r.burst_usd_per_gpu_hour(),
            owned_capital_usd: 0.0,
            owned_energy_usd: 0.0,
            ops_usd: self.ops_usd_per_month,
            fixed_usd: self.fixed_usd_per_month,
        };
        (breakdown, starts)
    }

    /// The reserved base with the lowest GPU bill. The bill is linear in b between the
    /// distinct instance counts of the schedule, so its minimum over 0..=peak is at 0 or
    /// at one of them; candidates are tried in ascending order and only a strictly lower
    /// bill (beyond 1e-12 relative, float noise) replaces the best, so ties go to the
    /// smallest b.
    pub fn optimal_base(
        &self,
        r: &Rented,
        traffic: &Traffic,
        slots: &[Slot],
        instances: &[f64],
    ) -> f64 {
        let mut candidates: Vec<f64> = instances.to_vec();
        candidates.push(0.0);
        candidates.sort_by(f64::total_cmp);
        candidates.dedup();
        let mut best: Option<(f64, f64)> = None;
        for b in candidates {
            let cost = self
                .rented_cost(r, traffic, slots, instances, b)
                .0
                .gpu_usd();
            match best {
                Some((_, lowest)) if cost >= lowest - 1e-12 * lowest.abs() => {}
                _ => best = Some((b, cost)),
            }
        }
        best.map_or(0.0, |(b, _)| b)
    }

    /// Owned: the peak instances are bought; capital on all of them, energy for serving
    /// and idle GPUs in every slot.
    fn owned_cost(&self, o: &Owned, slots: &[Slot], instances: &[f64], peak: f64) -> Breakdown {
        let g = self.gpus_per_instance;
        let serving_hours = weighted_sum(slots, instances);
        let idle_hours = weighted_sum_with(slots, instances, |i| peak - i);
        Breakdown {
            owned_capital_usd: peak * g * o.capital_usd_per_gpu_month,
            owned_energy_usd: g
                * o.usd_per_watt_hour
                * (serving_hours * o.power_watts + idle_hours * o.idle_power_watts),
            ops_usd: self.ops_usd_per_month,
            fixed_usd: self.fixed_usd_per_month,
            ..Breakdown::default()
        }
    }
}

/// A line above the fleet's cost: S(R) ≤ slope·R + intercept for every R ≥ 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CostBound {
    /// USD a month per request a month.
    pub slope: f64,
    /// USD a month.
    pub intercept: f64,
}

impl FleetModel {
    /// Lines above S whose slopes include S's asymptotic slope (the smallest of them).
    ///
    /// With k_j the instances per monthly request in slot j before any rounding (ν_j/⌊G/N⌋
    /// or ν_j·N/G, ν_j = rate_j·t/u, the week's largest ν for always-on) and
    /// E = (1 + m + spare)/⌊G/N⌋ + 1 (or (1 + m + spare)·N/G), every slot has
    /// k_j·R ≤ instances_j ≤ k_j·R + E. A reserved base b = ⌊θ·R⌋ for θ in {0} ∪ {k_j}
    /// then bounds the bill by a line (docs/cost-model.md §5); the optimal base is never
    /// dearer than any of these.
    pub fn cost_bounds(&self, traffic: &Traffic) -> Vec<CostBound> {
        let slots = traffic.slots();
        let nu: Vec<f64> = slots
            .iter()
            .map(|s| {
                s.rate_per_monthly_request * self.seconds_per_request / self.target_utilization
            })
            .collect();
        let nu_max = nu.iter().copied().fold(0.0, f64::max);
        let per_instance = |x: f64| match self.replicas_per_instance() {
            Some(per) => x / per,
            None => x * self.gpus_per_replica / self.gpus_per_instance,
        };
        let k: Vec<f64> = nu
            .iter()
            .map(|v| match self.scaling {
                Scaling::AlwaysOn => per_instance(nu_max),
                Scaling::Hourly => per_instance(*v),
            })
            .collect();
        let extra_replicas = 1.0 + self.min_replicas + self.spare_replicas;
        let e = match self.replicas_per_instance() {
            Some(per) => extra_replicas / per + 1.0,
            None => extra_replicas * self.gpus_per_replica / self.gpus_per_instance,
        };
        let g = self.gpus_per_instance;
        let hours = traffic.hours_per_month();
        let people = self.ops_usd_per_month + self.fixed_usd_per_month;
        let cyclic = if traffic.is_week() {
            crate::week::WEEKS_PER_MONTH
        } else {
            0.0
        };
        let n = slots.len() as f64;
        match self.gpu {
            GpuCost::Rented(r) => {
                let burst = r.burst_usd_per_gpu_hour();
                let cold_hours = r.cold_start_s / 3600.0;
                let line = |theta: f64, base: f64, slack: f64| {
                    let above: Vec<f64> = k.iter().map(|kj| (kj - theta).max(0.0)).collect();
                    CostBound {
                        slope: g
                            * (theta * r.reserved_usd_per_gpu_hour() * hours
                                + burst * weighted_sum(&slots, &above)
                                + burst
                                    * cold_hours
                                    * cyclic
                                    * instance_starts_per_week(&above, 0.0)),
                        intercept: g
                            * (base * r.reserved_usd_per_gpu_hour() * hours
                                + burst * hours * slack
                                + burst * cold_hours * cyclic * 2.0 * n * slack)
                            + people,
                    }
                };
                match r.reserved {
                    ReservedBase::Fixed(b) => vec![line(0.0, b, e + b)],
                    ReservedBase::Optimal => {
                        let mut thetas = k.clone();
                        thetas.push(0.0);
                        thetas.sort_by(f64::total_cmp);
                        thetas.dedup();
                        thetas
                            .iter()
                            .map(|theta| line(*theta, 0.0, e + 1.0))
                            .collect()
                    }
                }
            }
            GpuCost::Owned(o) => {
                let k_max = k.iter().copied().fold(0.0, f64::max);
                let unit = g * o.usd_per_watt_hour;
                let swing = o.power_watts - o.idle_power_watts;
                let slope_energy: f64 =
                    weighted_sum_with(&slots, &k, |kj| kj * swing + k_max * o.idle_power_watts);
                vec![CostBound {
                    slope: g * o.capital_usd_per_gpu_month * k_max + unit * slope_energy,
                    intercept: g * o.capital_usd_per_gpu_month * e
                        + unit * hours * e * (swing.max(0.0) + o.idle_power_watts)
                        + people,
                }]
            }
        }
    }
}

/// Σ_j hours_j·x_j. Slots of a week all last 730/168 h, so the whole numbers are summed
/// first and multiplied once: the result is exact whenever the count is.
fn weighted_sum(slots: &[Slot], values: &[f64]) -> f64 {
    weighted_sum_with(slots, values, |x| x)
}

fn weighted_sum_with(slots: &[Slot], values: &[f64], f: impl Fn(f64) -> f64) -> f64 {
    match slots {
        [] => 0.0,
        [first, ..]
            if slots
                .iter()
                .all(|s| s.hours_per_month == first.hours_per_month) =>
        {
            values.iter().map(|x| f(*x)).sum::<f64>() * first.hours_per_month
        }
        _ => slots
            .iter()
            .zip(values)
            .map(|(s, x)| s.hours_per_month * f(*x))
            .sum(),
    }
}

/// Burst instances started in one week: Σ_j max(0, burst_j − burst_{j−1}), cyclic (the
/// week repeats, so hour 0 follows hour 167).
fn instance_starts_per_week(instances: &[f64], base: f64) -> f64 {
    let burst = |i: f64| (i - base).max(0.0);
    let Some(last) = instances.last() else {
        return 0.0;
    };
    let mut previous = burst(*last);
    let mut starts = 0.0;
    for i in instances {
        let now = burst(*i);
        starts += (now - previous).max(0.0);
        previous = now;
    }
    starts
}
