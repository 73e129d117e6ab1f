//! The self-hosted fleet of cost model v2 (docs/cost-model.md §3): replicas per hour slot,
//! whole instances, a reserved base with on-demand and spot burst, cold starts, owned
//! GPUs, and the people who run it.
//!
//! Counts (replicas, instances) are whole numbers held in `f64`, exact below 2^53.

use crate::cost::ceil_tolerant;
use crate::week::Traffic;

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

/// Most slots a traffic has: the week's hours.
const MAX_SLOTS: usize = crate::week::HOURS_PER_WEEK;

/// The traffic's slots as the fleet code reads them, computed once and reused for every
/// volume (a plan bills the fleet hundreds of times, a Monte Carlo millions).
#[derive(Debug, Clone, PartialEq)]
pub struct Slots {
    /// λ_j per monthly request (requests/s) in each slot: 168 with a shape, 1 without.
    pub rates: Vec<f64>,
    /// Hours a month each slot lasts: 730/168 in a week, H for the v1 block.
    pub hours_per_slot: f64,
    /// Hours a month the fleet exists: 730 with a week, H without.
    pub month_hours: f64,
    /// The slots are a repeating week (hour 0 follows hour 167): instances start.
    pub cyclic: bool,
    /// The largest rate.
    pub peak_rate: f64,
}

impl Slots {
    /// The slots of a traffic.
    pub fn of(traffic: &Traffic) -> Self {
        let slots = traffic.slots();
        let mut rates: Vec<f64> = slots.iter().map(|s| s.rate_per_monthly_request).collect();
        rates.truncate(MAX_SLOTS);
        Self {
            peak_rate: rates.iter().copied().fold(0.0, f64::max),
            rates,
            hours_per_slot: slots.first().map_or(0.0, |s| s.hours_per_month),
            month_hours: traffic.hours_per_month(),
            cyclic: traffic.is_week(),
        }
    }
}

/// A fleet's bill at one volume, without the hour-by-hour schedule: what the curves, the
/// ROI and the Monte Carlo need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FleetCost {
    /// The bill by part.
    pub breakdown: Breakdown,
    /// The most instances in any slot.
    pub peak_instances: f64,
    /// b: reserved (or owned) instances.
    pub reserved_instances: f64,
    /// Instances started a month.
    pub instance_starts_per_month: f64,
}

impl Owned {
    /// USD of energy for `serving_hours` instance-hours serving at `power_watts` and
    /// `idle_hours` owned instance-hours idle at `idle_power_watts`, on instances of `g`
    /// GPUs: g·(serving·W + idle·W_idle)·USD per watt-hour (docs/cost-model.md §3).
    pub fn energy_usd(&self, g: f64, serving_hours: f64, idle_hours: f64) -> f64 {
        g * self.usd_per_watt_hour
            * (serving_hours * self.power_watts + idle_hours * self.idle_power_watts)
    }
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
            // One replica per instance (the common case) needs no division at all.
            Some(1.0) => replicas,
            Some(per) => whole_ceil(replicas / per),
            None => replicas * self.gpus_per_replica / self.gpus_per_instance,
        }
    }

    /// need = ⌈λ·t/u⌉ (tolerant; 0 when λ = 0) for a slot of rate `rate` per request.
    fn need(&self, rate: f64, requests_per_month: f64) -> f64 {
        let load = requests_per_month * rate * self.seconds_per_request / self.target_utilization;
        if load > 0.0 {
            ceil_tolerant(load)
        } else {
            0.0
        }
    }

    /// Hourly scaling's replicas for an hour that needs `need` replicas (a whole number):
    /// max(m, need) plus spare where that is > 0 (a fleet scaled to zero keeps no spare).
    /// The replay of a trace (`traffic::replay`) sizes each real hour with it.
    pub fn hourly_replicas(&self, need: f64) -> f64 {
        let n = self.min_replicas.max(need);
        if n > 0.0 {
            n + self.spare_replicas
        } else {
            0.0
        }
    }

    /// The same size every slot: always on (max(m, peak need) + spare), or a single slot.
    fn uniform_replicas(&self, slots: &Slots, requests_per_month: f64) -> Option<f64> {
        let peak = self.need(slots.peak_rate, requests_per_month);
        match self.scaling {
            Scaling::AlwaysOn => Some(self.min_replicas.max(peak) + self.spare_replicas),
            Scaling::Hourly if slots.rates.len() <= 1 => Some(self.hourly_replicas(peak)),
            Scaling::Hourly => None,
        }
    }

    /// Replicas in each slot: always on, max(m, max_k need_k) + spare everywhere; hourly,
    /// max(m, need_j) plus spare where that is > 0.
    pub fn replicas(&self, traffic: &Traffic, requests_per_month: f64) -> Vec<f64> {
        self.replicas_in(&Slots::of(traffic), requests_per_month)
    }

    fn replicas_in(&self, slots: &Slots, requests_per_month: f64) -> Vec<f64> {
        match self.uniform_replicas(slots, requests_per_month) {
            Some(n) => vec![n; slots.rates.len()],
            None => slots
                .rates
                .iter()
                .map(|rate| self.hourly_replicas(self.need(*rate, requests_per_month)))
                .collect(),
        }
    }

    /// S(R) and how it is made up, with the hour-by-hour schedule.
    pub fn bill(&self, traffic: &Traffic, requests_per_month: f64) -> FleetBill {
        self.bill_in(&Slots::of(traffic), requests_per_month)
    }

    /// `bill` over slots already prepared.
    pub fn bill_in(&self, slots: &Slots, requests_per_month: f64) -> FleetBill {
        let cost = self.cost(slots, requests_per_month);
        let replicas = self.replicas_in(slots, requests_per_month);
        let b = cost.reserved_instances;
        let schedule: Vec<SlotFleet> = replicas
            .iter()
            .map(|n| {
                let i = self.instances_for(*n);
                SlotFleet {
                    replicas: *n,
                    instances: i,
                    reserved: b.min(i),
                    burst: (i - b).max(0.0),
                }
            })
            .collect();
        let hours = slots.hours_per_slot;
        let replica_hours = replicas.iter().sum::<f64>() * hours;
        let g = self.gpus_per_instance;
        let gpu_hours = match self.gpu {
            GpuCost::Rented(_) => {
                (b * slots.month_hours + schedule.iter().map(|s| s.burst).sum::<f64>() * hours) * g
            }
            GpuCost::Owned(_) => schedule.iter().map(|s| s.instances).sum::<f64>() * hours * g,
        };
        FleetBill {
            peak_replicas: replicas.iter().copied().fold(0.0, f64::max),
            peak_instances: cost.peak_instances,
            reserved_instances: b,
            replica_hours_per_month: replica_hours,
            gpu_hours_per_month: gpu_hours,
            instance_starts_per_month: cost.instance_starts_per_month,
            monthly_usd: cost.breakdown.total_usd(),
            breakdown: cost.breakdown,
            schedule,
        }
    }

    /// S(R) by part, without the schedule and without allocating: always-on fleets (every
    /// slot alike) in constant time, hourly fleets in one pass per reserved-base candidate.
    pub fn cost(&self, slots: &Slots, requests_per_month: f64) -> FleetCost {
        if let Some(n) = self.uniform_replicas(slots, requests_per_month) {
            return self.uniform_cost(slots, self.instances_for(n));
        }
        let mut instances = [0.0; MAX_SLOTS];
        let count = slots.rates.len().min(MAX_SLOTS);
        // Neighbouring hours often share a rate (nights, weekends): reuse their count.
        let mut last = (f64::NAN, 0.0);
        for (slot, rate) in instances.iter_mut().zip(&slots.rates) {
            if *rate != last.0 {
                let n = self.hourly_replicas(self.need(*rate, requests_per_month));
                last = (*rate, self.instances_for(n));
            }
            *slot = last.1;
        }
        self.hourly_cost(slots, &instances[..count])
    }

    /// Every slot has `instances`: no instance ever starts, and the best base is all or
    /// nothing.
    fn uniform_cost(&self, slots: &Slots, instances: f64) -> FleetCost {
        let slot_hours = slots.rates.len() as f64 * slots.hours_per_slot;
        let g = self.gpus_per_instance;
        let people = |b: Breakdown| Breakdown {
            ops_usd: self.ops_usd_per_month,
            fixed_usd: self.fixed_usd_per_month,
            ..b
        };
        match self.gpu {
            GpuCost::Rented(r) => {
                let with_base = |b: f64| {
                    let burst_gpu_hours = (instances - b).max(0.0) * slot_hours * g;
                    Breakdown {
                        reserved_usd: b * g * r.reserved_usd_per_gpu_hour() * slots.month_hours,
                        on_demand_usd: burst_gpu_hours * (1.0 - r.spot_share) * r.usd_per_gpu_hour,
                        spot_usd: burst_gpu_hours * r.spot_share * r.spot_usd_per_gpu_hour,
                        ..Breakdown::default()
                    }
                };
                let b = match r.reserved {
                    ReservedBase::Fixed(b) => b,
                    ReservedBase::Optimal => {
                        let none = with_base(0.0).gpu_usd();
                        let all = with_base(instances).gpu_usd();
                        if all < none - 1e-12 * none.abs() {
                            instances
                        } else {
                            0.0
                        }
                    }
                };
                FleetCost {
                    breakdown: people(with_base(b)),
                    peak_instances: instances,
                    reserved_instances: b,
                    instance_starts_per_month: 0.0,
                }
            }
            GpuCost::Owned(o) => FleetCost {
                breakdown: people(Breakdown {
                    owned_capital_usd: instances * g * o.capital_usd_per_gpu_month,
                    owned_energy_usd: g
                        * o.usd_per_watt_hour
                        * (instances * slot_hours * o.power_watts),
                    ..Breakdown::default()
                }),
                peak_instances: instances,
                reserved_instances: instances,
                instance_starts_per_month: 0.0,
            },
        }
    }

    /// Instances that change hour by hour.
    fn hourly_cost(&self, slots: &Slots, instances: &[f64]) -> FleetCost {
        let peak = instances.iter().copied().fold(0.0, f64::max);
        match self.gpu {
            GpuCost::Rented(r) => {
                let b = match r.reserved {
                    ReservedBase::Fixed(b) => b,
                    ReservedBase::Optimal => self.optimal_base(&r, slots, instances),
                };
                let (breakdown, starts) = self.rented_cost(&r, slots, instances, b);
                FleetCost {
                    breakdown,
                    peak_instances: peak,
                    reserved_instances: b,
                    instance_starts_per_month: starts,
                }
            }
            GpuCost::Owned(o) => FleetCost {
                breakdown: self.owned_cost(&o, slots, instances, peak),
                peak_instances: peak,
                reserved_instances: peak,
                instance_starts_per_month: 0.0,
            },
        }
    }

    /// The monthly bill with b reserved instances, and the instances started a month.
    fn rented_cost(
        &self,
        r: &Rented,
        slots: &Slots,
        instances: &[f64],
        b: f64,
    ) -> (Breakdown, f64) {
        let g = self.gpus_per_instance;
        let burst_instance_hours =
            instances.iter().map(|i| (i - b).max(0.0)).sum::<f64>() * slots.hours_per_slot;
        let starts = if slots.cyclic {
            instance_starts_per_week(instances, b) * crate::week::WEEKS_PER_MONTH
        } else {
            0.0
        };
        let burst_gpu_hours = burst_instance_hours * g;
        let breakdown = Breakdown {
            reserved_usd: b * g * r.reserved_usd_per_gpu_hour() * slots.month_hours,
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
    ///
    /// Each candidate's bill comes from sorted sums rather than a pass over the week:
    /// burst(b) = Σ_{i > b} (i − b), and the starts, Σ over rising hour pairs p → c of
    /// (c − max(p, b))⁺, split into pairs with p ≥ b (c − p each) and pairs with
    /// p < b < c (c − b each), both read off suffix sums.
    fn optimal_base(&self, r: &Rented, slots: &Slots, instances: &[f64]) -> f64 {
        let count = instances.len().min(MAX_SLOTS);
        let mut sorted = [0.0; MAX_SLOTS];
        sorted[..count].copy_from_slice(&instances[..count]);
        let sorted = &mut sorted[..count];
        sorted.sort_unstable_by(f64::total_cmp);
        let mut above = [0.0; MAX_SLOTS + 1];
        for i in (0..count).rev() {
            above[i] = above[i + 1] + sorted[i];
        }
        // Rising pairs (previous hour p, this hour c), the week wrapping round.
        let mut by_p = [(0.0, 0.0); MAX_SLOTS];
        let mut by_c = [0.0; MAX_SLOTS];
        let mut pairs = 0;
        if slots.cyclic {
            let mut previous = instances.last().copied().unwrap_or(0.0);
            for c in &instances[..count] {
                if *c > previous {
                    by_p[pairs] = (previous, *c);
                    by_c[pairs] = *c;
                    pairs += 1;
                }
                previous = *c;
            }
        }
        let by_p = &mut by_p[..pairs];
        let by_c = &mut by_c[..pairs];
        by_p.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        by_c.sort_unstable_by(f64::total_cmp);
        // Suffix sums from index i: Σ(c − p), Σc over pairs by p; Σc over pairs by c.
        let mut rise = [0.0; MAX_SLOTS + 1];
        let mut tops_by_p = [0.0; MAX_SLOTS + 1];
        let mut tops_by_c = [0.0; MAX_SLOTS + 1];
        for i in (0..pairs).rev() {
            rise[i] = rise[i + 1] + (by_p[i].1 - by_p[i].0);
            tops_by_p[i] = tops_by_p[i + 1] + by_p[i].1;
            tops_by_c[i] = tops_by_c[i + 1] + by_c[i];
        }
        let g = self.gpus_per_instance;
        let hours = slots.hours_per_slot;
        let burst_rate =
            (1.0 - r.spot_share) * r.usd_per_gpu_hour + r.spot_share * r.spot_usd_per_gpu_hour;
        let cold =
            crate::week::WEEKS_PER_MONTH * r.cold_start_s / 3600.0 * g * r.burst_usd_per_gpu_hour();
        let bill = |b: f64| {
            let first_above = sorted.partition_point(|i| *i <= b);
            let burst = above[first_above] - b * (count - first_above) as f64;
            let starts = if pairs == 0 {
                0.0
            } else {
                let from_p = by_p.partition_point(|pair| pair.0 < b);
                let from_c = by_c.partition_point(|c| *c <= b);
                let crossing = (pairs - from_c) as f64 - (pairs - from_p) as f64;
                rise[from_p] + (tops_by_c[from_c] - tops_by_p[from_p]) - b * crossing
            };
            b * g * r.reserved_usd_per_gpu_hour() * slots.month_hours
                + burst * hours * g * burst_rate
                + starts * cold
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

    /// Owned: the peak instances are bought; capital on all of them, energy for serving
    /// and idle GPUs in every slot.
    fn owned_cost(&self, o: &Owned, slots: &Slots, instances: &[f64], peak: f64) -> Breakdown {
        let g = self.gpus_per_instance;
        let serving_hours = instances.iter().sum::<f64>() * slots.hours_per_slot;
        let idle_hours = instances.iter().map(|i| peak - i).sum::<f64>() * slots.hours_per_slot;
        Breakdown {
            owned_capital_usd: peak * g * o.capital_usd_per_gpu_month,
            owned_energy_usd: o.energy_usd(g, serving_hours, idle_hours),
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
        self.cost_bounds_in(&Slots::of(traffic))
    }

    /// `cost_bounds` over slots already prepared.
    pub fn cost_bounds_in(&self, slots: &Slots) -> Vec<CostBound> {
        let per_instance = |x: f64| match self.replicas_per_instance() {
            Some(per) => x / per,
            None => x * self.gpus_per_replica / self.gpus_per_instance,
        };
        let load = self.seconds_per_request / self.target_utilization;
        let k_of = |rate: f64| match self.scaling {
            Scaling::AlwaysOn => per_instance(slots.peak_rate * load),
            Scaling::Hourly => per_instance(rate * load),
        };
        let mut k = [0.0; MAX_SLOTS];
        let count = slots.rates.len().min(MAX_SLOTS);
        for (kj, rate) in k.iter_mut().zip(&slots.rates) {
            *kj = k_of(*rate);
        }
        let k = &k[..count];
        let extra_replicas = 1.0 + self.min_replicas + self.spare_replicas;
        let e = match self.replicas_per_instance() {
            Some(per) => extra_replicas / per + 1.0,
            None => extra_replicas * self.gpus_per_replica / self.gpus_per_instance,
        };
        let g = self.gpus_per_instance;
        let hours = slots.month_hours;
        let per_slot = slots.hours_per_slot;
        let people = self.ops_usd_per_month + self.fixed_usd_per_month;
        let cyclic = if slots.cyclic {
            crate::week::WEEKS_PER_MONTH
        } else {
            0.0
        };
        let n = count as f64;
        match self.gpu {
            GpuCost::Rented(r) => {
                let burst = r.burst_usd_per_gpu_hour();
                let cold_hours = r.cold_start_s / 3600.0;
                let uniform = self.scaling == Scaling::AlwaysOn || count <= 1;
                let line = |theta: f64, base: f64, slack: f64| {
                    // Every slot alike: no instance starts, and the sum is n copies.
                    let (above_sum, starts) = if uniform {
                        let above = k.first().map_or(0.0, |kj| (kj - theta).max(0.0));
                        (n * above, 0.0)
                    } else {
                        let mut above = [0.0; MAX_SLOTS];
                        for (a, kj) in above.iter_mut().zip(k) {
                            *a = (kj - theta).max(0.0);
                        }
                        let above = &above[..count];
                        (
                            above.iter().sum::<f64>(),
                            instance_starts_per_week(above, 0.0),
                        )
                    };
                    CostBound {
                        slope: g
                            * (theta * r.reserved_usd_per_gpu_hour() * hours
                                + burst * above_sum * per_slot
                                + burst * cold_hours * cyclic * starts),
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
                        let mut thetas = if uniform {
                            // One k for every slot: two lines, not 169.
                            k.first().map_or_else(Vec::new, |kj| vec![*kj])
                        } else {
                            k.to_vec()
                        };
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
                let slope_energy = k
                    .iter()
                    .map(|kj| kj * swing + k_max * o.idle_power_watts)
                    .sum::<f64>()
                    * per_slot;
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

/// ⌈x⌉ for x ≥ 0 by an integer cast where that is exact (below 2^52), libm's ceil
/// elsewhere: the fleet takes it for every hour of every volume it prices.
pub(crate) fn whole_ceil(x: f64) -> f64 {
    if (0.0..4_503_599_627_370_496.0).contains(&x) {
        let floor = x as u64 as f64;
        if floor == x {
            floor
        } else {
            floor + 1.0
        }
    } else {
        x.ceil()
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
