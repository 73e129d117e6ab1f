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

    /// The GPU bill of `instances` (one count per slot, instances of `g` GPUs) over
    /// `period` with b reserved instances: reserved = b·G·(1−d)·p·reserved hours; burst =
    /// Σ_j (i_j − b)⁺·hours per slot·G at (1−σ)·p on demand and σ·p_spot·(1+o) on spot;
    /// cold starts = starts × c_s/3600 × G × p_burst, the starts Σ_j (i_j − max(i_{j−1},
    /// b))⁺ (the first slot following the last when cyclic) × the period's starts factor.
    /// Ops and F are not in it (0).
    pub fn bill(&self, g: f64, instances: &[f64], b: f64, period: &Period) -> RentedBill {
        let burst_instance_hours =
            instances.iter().map(|i| (i - b).max(0.0)).sum::<f64>() * period.hours_per_slot;
        let starts = instance_starts(instances, b, period.cyclic) * period.starts_factor;
        let burst_gpu_hours = burst_instance_hours * g;
        RentedBill {
            breakdown: Breakdown {
                reserved_usd: b * g * self.reserved_usd_per_gpu_hour() * period.reserved_hours,
                on_demand_usd: burst_gpu_hours * (1.0 - self.spot_share) * self.usd_per_gpu_hour,
                spot_usd: burst_gpu_hours * self.spot_share * self.spot_usd_per_gpu_hour,
                cold_start_usd: starts * self.cold_start_s / 3600.0
                    * g
                    * self.burst_usd_per_gpu_hour(),
                ..Breakdown::default()
            },
            burst_instance_hours,
            starts,
        }
    }

    /// The reserved base with the lowest GPU bill ([`Rented::bill`]) for `instances` over
    /// `period`. The bill is linear in b between the distinct instance counts, so its
    /// minimum over 0..=peak is at 0 or at one of them; candidates are tried in ascending
    /// order and only a strictly lower bill (beyond 1e-12 relative, float noise) replaces
    /// the best, so ties go to the smallest b.
    ///
    /// Each candidate's bill comes from sorted sums rather than a pass over the slots:
    /// burst(b) = Σ_{i > b} (i − b), and the starts, Σ over rising slot pairs p → c of
    /// (c − max(p, b))⁺, split into pairs with p ≥ b (c − p each) and pairs with
    /// p < b < c (c − b each), both read off suffix sums: O(n log n) for n slots. Up to a
    /// week's 168 slots the buffers are on the stack (a plan prices the fleet millions of
    /// times); a longer slice (a replayed trace's hours) takes them from the heap.
    pub fn optimal_base(&self, g: f64, instances: &[f64], period: &Period) -> f64 {
        let n = instances.len();
        if n <= MAX_SLOTS {
            let mut values = [0.0; 6 * (MAX_SLOTS + 1)];
            let mut pairs = [(0.0, 0.0); MAX_SLOTS];
            self.optimal_base_in(g, instances, period, &mut values, &mut pairs[..n])
        } else {
            let mut values = vec![0.0; 6 * (n + 1)];
            let mut pairs = vec![(0.0, 0.0); n];
            self.optimal_base_in(g, instances, period, &mut values, &mut pairs)
        }
    }

    /// [`Rented::optimal_base`] with its buffers: `values` at least 6·(n + 1) long,
    /// `by_p` n long.
    fn optimal_base_in(
        &self,
        g: f64,
        instances: &[f64],
        period: &Period,
        values: &mut [f64],
        by_p: &mut [(f64, f64)],
    ) -> f64 {
        let count = instances.len();
        let (sorted, rest) = values.split_at_mut(count);
        let (above, rest) = rest.split_at_mut(count + 1);
        let (by_c, rest) = rest.split_at_mut(count);
        let (rise, rest) = rest.split_at_mut(count + 1);
        let (tops_by_p, rest) = rest.split_at_mut(count + 1);
        let tops_by_c = &mut rest[..count + 1];
        sorted.copy_from_slice(instances);
        sorted.sort_unstable_by(f64::total_cmp);
        above[count] = 0.0;
        for i in (0..count).rev() {
            above[i] = above[i + 1] + sorted[i];
        }
        // Rising pairs (previous slot p, this slot c), wrapping round when cyclic.
        let mut pairs = 0;
        let mut previous = if period.cyclic {
            instances.last().copied().unwrap_or(0.0)
        } else {
            instances.first().copied().unwrap_or(0.0)
        };
        for c in instances {
            if *c > previous {
                by_p[pairs] = (previous, *c);
                by_c[pairs] = *c;
                pairs += 1;
            }
            previous = *c;
        }
        let by_p = &mut by_p[..pairs];
        let by_c = &mut by_c[..pairs];
        by_p.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        by_c.sort_unstable_by(f64::total_cmp);
        // Suffix sums from index i: Σ(c − p), Σc over pairs by p; Σc over pairs by c.
        rise[pairs] = 0.0;
        tops_by_p[pairs] = 0.0;
        tops_by_c[pairs] = 0.0;
        for i in (0..pairs).rev() {
            rise[i] = rise[i + 1] + (by_p[i].1 - by_p[i].0);
            tops_by_p[i] = tops_by_p[i + 1] + by_p[i].1;
            tops_by_c[i] = tops_by_c[i + 1] + by_c[i];
        }
        let hours = period.hours_per_slot;
        let burst_rate = (1.0 - self.spot_share) * self.usd_per_gpu_hour
            + self.spot_share * self.spot_usd_per_gpu_hour;
        let cold =
            period.starts_factor * self.cold_start_s / 3600.0 * g * self.burst_usd_per_gpu_hour();
        let sorted = &*sorted;
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
            b * g * self.reserved_usd_per_gpu_hour() * period.reserved_hours
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
}

/// What a schedule of instance counts stands for, for [`Rented::bill`] and
/// [`Rented::optimal_base`]: a week's slots in a month, or a replayed trace's hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Period {
    /// Hours each count lasts: 730/168 for a week's slot in a month, 1 for a replayed hour.
    pub hours_per_slot: f64,
    /// Hours the reserved base is paid for: 730 for a month, the span's hours for a replay.
    pub reserved_hours: f64,
    /// The counts repeat (the first slot follows the last): a week.
    pub cyclic: bool,
    /// Times the counts' instance starts occur in the bill: weeks a month for a week, 1 for
    /// a replay, 0 where starts are not counted (the v1 block).
    pub starts_factor: f64,
}

/// A rented fleet's GPU bill ([`Rented::bill`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RentedBill {
    /// Reserved, on-demand, spot and cold-start USD (the other parts 0).
    pub breakdown: Breakdown,
    /// Σ (i − b)⁺ × hours per slot.
    pub burst_instance_hours: f64,
    /// Instances started, × the starts factor.
    pub starts: f64,
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
                    ReservedBase::Optimal => {
                        r.optimal_base(self.gpus_per_instance, instances, &Self::period(slots))
                    }
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
        let bill = r.bill(self.gpus_per_instance, instances, b, &Self::period(slots));
        let breakdown = Breakdown {
            ops_usd: self.ops_usd_per_month,
            fixed_usd: self.fixed_usd_per_month,
            ..bill.breakdown
        };
        (breakdown, bill.starts)
    }

    /// A month of the traffic's slots: a week's starts × weeks a month, none in the v1
    /// block.
    fn period(slots: &Slots) -> Period {
        Period {
            hours_per_slot: slots.hours_per_slot,
            reserved_hours: slots.month_hours,
            cyclic: slots.cyclic,
            starts_factor: if slots.cyclic {
                crate::week::WEEKS_PER_MONTH
            } else {
                0.0
            },
        }
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
                        (above.iter().sum::<f64>(), instance_starts(above, 0.0, true))
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

/// Burst instances started over the slots: Σ_j max(0, burst_j − burst_{j−1}); when
/// `cyclic` (a week repeats) slot 0 follows the last, else the first slot counts as already
/// running.
fn instance_starts(instances: &[f64], base: f64, cyclic: bool) -> f64 {
    let burst = |i: f64| (i - base).max(0.0);
    let Some(before) = (if cyclic {
        instances.last()
    } else {
        instances.first()
    }) else {
        return 0.0;
    };
    let mut previous = burst(*before);
    let mut starts = 0.0;
    for i in instances {
        let now = burst(*i);
        starts += (now - previous).max(0.0);
        previous = now;
    }
    starts
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

    /// The sorted-sums optimum equals the brute force over every whole base, for a
    /// replay's hours (one after another) and a week's slots (cyclic), on the stack and,
    /// past 168 slots, on the heap.
    #[test]
    fn the_optimal_base_is_the_brute_force_minimum() {
        let long: Vec<f64> = (0..400).map(|h| f64::from((h * 7 + h / 5) % 6)).collect();
        let series: [&[f64]; 5] = [
            &[0.0, 3.0, 1.0, 4.0, 4.0, 0.0, 2.0, 5.0, 1.0],
            &[2.0; 10],
            &[0.0, 0.0, 7.0, 0.0, 7.0, 0.0],
            &[1.0, 2.0, 3.0, 2.0, 1.0, 2.0, 3.0],
            &long,
        ];
        for (cyclic, starts_factor) in [(false, 1.0), (true, crate::week::WEEKS_PER_MONTH)] {
            for d in [0.0, 0.2, 0.5, 0.9] {
                for cold in [0.0, 600.0, 3600.0] {
                    let r = rented(d, cold);
                    for s in series {
                        let period = Period {
                            hours_per_slot: if cyclic { 730.0 / 168.0 } else { 1.0 },
                            reserved_hours: if cyclic { 730.0 } else { s.len() as f64 },
                            cyclic,
                            starts_factor,
                        };
                        let total = |b: f64| r.bill(1.0, s, b, &period).breakdown.gpu_usd();
                        let best =
                            (0..=8)
                                .map(f64::from)
                                .fold((0.0, f64::INFINITY), |(bb, bc), b| {
                                    let c = total(b);
                                    if c < bc - 1e-12 * bc.abs() {
                                        (b, c)
                                    } else {
                                        (bb, bc)
                                    }
                                });
                        let found = r.optimal_base(1.0, s, &period);
                        assert!(
                            (total(found) - best.1).abs() <= 1e-9 * best.1.max(1.0),
                            "cyclic {cyclic} d {d} cold {cold} {s:?}: found b = {found} at \
                             {}, best b = {} at {}",
                            total(found),
                            best.0,
                            best.1
                        );
                    }
                }
            }
        }
    }

    /// Starts: a replay's first hour counts as running; a week's first slot follows its
    /// last.
    #[test]
    fn instances_start_when_the_burst_rises() {
        let counts = [3.0, 1.0, 2.0, 4.0];
        // Base 1: burst 2, 0, 1, 3: rises 0→1 and 1→3, 3 starts; cyclic adds 3→2: none.
        assert_eq!(instance_starts(&counts, 1.0, false), 3.0);
        assert_eq!(instance_starts(&counts, 1.0, true), 3.0);
        // Base 0: [1, 3] rises by 2; [3, 1] rises only when the week wraps round (1 → 3).
        assert_eq!(instance_starts(&[1.0, 3.0], 0.0, false), 2.0);
        assert_eq!(instance_starts(&[3.0, 1.0], 0.0, true), 2.0);
        assert_eq!(instance_starts(&[3.0, 1.0], 0.0, false), 0.0);
        assert_eq!(instance_starts(&[], 0.0, true), 0.0);
    }
}
