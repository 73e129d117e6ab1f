//! One fleet of the Fleet schedule sheet (all traffic, or the hybrid's SLM share) as the
//! engine sizes and bills it in month 1, with the figures the sheet's formulas compute on
//! the way (each slot's load, the GPU bill of every candidate reserved base), so every
//! formula cell carries the value LibreOffice and Excel compute for it.

use tco::cost::{ceil_tolerant, fleet_model};
use tco::fleet::{FleetBill, FleetModel, GpuCost, ReservedBase, Scaling};
use tco::scenario::Fleet;
use tco::week::Traffic;

/// The relative margin within which a reserved base counts as the cheapest: the engine
/// keeps a candidate only when it is cheaper by more than 1e-12; the sheet adds its own
/// rounding, so it calls bills within 1e-9 of the lowest a tie and takes the smallest base.
pub(crate) const TIE: f64 = 1e-9;

pub(crate) struct Block {
    /// Requests a month this fleet serves.
    pub volume: f64,
    /// The engine's bill: the schedule, the base, every part of the cost.
    pub bill: FleetBill,
    /// Each slot's load in replicas before rounding up: λ_j·t/u.
    pub load: Vec<f64>,
    /// ⌈load⌉ (tolerant), 0 without traffic.
    pub need: Vec<f64>,
    /// Burst instances started in each slot: max(0, burst_j − burst_{j−1}), cyclic.
    pub starts: Vec<f64>,
    /// Rented: the GPU bill with each slot's instance count as the reserved base.
    pub candidate_usd: Vec<f64>,
    /// Rented: the GPU bill with nothing reserved.
    pub unreserved_usd: f64,
    /// Rented: the lowest of those bills.
    pub lowest_usd: f64,
    /// Rented: the smallest base whose bill is within `TIE` of the lowest.
    pub cheapest_base: f64,
}

impl Block {
    /// The fleet serving `volume` requests a month; `on` is false for a hybrid that sends
    /// the SLM nothing, which deploys no fleet (every figure 0).
    pub(crate) fn new(s: &tco::Scenario, f: &Fleet, volume: f64, on: bool) -> Block {
        let traffic = s.traffic();
        let mut model = fleet_model(s, f, 1.0);
        if !on {
            model.scaling = Scaling::Hourly;
            model.min_replicas = 0.0;
            model.spare_replicas = 0.0;
            model.ops_usd_per_month = 0.0;
            model.fixed_usd_per_month = 0.0;
            if let GpuCost::Rented(r) = &mut model.gpu {
                r.reserved = ReservedBase::Fixed(0.0);
            }
        }
        let volume = if on { volume } else { 0.0 };
        let bill = model.bill(&traffic, volume);
        let load: Vec<f64> = traffic
            .slots()
            .iter()
            .map(|slot| {
                volume * slot.rate_per_monthly_request * model.seconds_per_request
                    / model.target_utilization
            })
            .collect();
        let need = load
            .iter()
            .map(|l| if *l > 0.0 { ceil_tolerant(*l) } else { 0.0 })
            .collect();
        let burst: Vec<f64> = bill.schedule.iter().map(|h| h.burst).collect();
        let starts = burst
            .iter()
            .enumerate()
            .map(|(j, b)| {
                let previous = if j == 0 {
                    burst.last()
                } else {
                    burst.get(j - 1)
                };
                (b - previous.copied().unwrap_or(0.0)).max(0.0)
            })
            .collect();
        let mut block = Block {
            volume,
            bill,
            load,
            need,
            starts,
            candidate_usd: Vec::new(),
            unreserved_usd: 0.0,
            lowest_usd: 0.0,
            cheapest_base: 0.0,
        };
        if matches!(model.gpu, GpuCost::Rented(_)) {
            block.candidates(&model, &traffic);
        }
        block
    }

    /// The GPU bill at every candidate base, the lowest, and the smallest base at it.
    fn candidates(&mut self, model: &FleetModel, traffic: &Traffic) {
        let with_base = |b: f64| {
            let mut m = *model;
            if let GpuCost::Rented(r) = &mut m.gpu {
                r.reserved = ReservedBase::Fixed(b);
            }
            m.bill(traffic, self.volume).breakdown.gpu_usd()
        };
        let mut known: Vec<(f64, f64)> = Vec::new();
        self.candidate_usd = self
            .bill
            .schedule
            .iter()
            .map(|h| {
                if let Some((_, usd)) = known.iter().find(|(b, _)| *b == h.instances) {
                    return *usd;
                }
                let usd = with_base(h.instances);
                known.push((h.instances, usd));
                usd
            })
            .collect();
        self.unreserved_usd = with_base(0.0);
        self.lowest_usd = self
            .candidate_usd
            .iter()
            .copied()
            .fold(self.unreserved_usd, f64::min);
        let threshold = self.threshold();
        self.cheapest_base = if self.unreserved_usd <= threshold {
            0.0
        } else {
            self.bill
                .schedule
                .iter()
                .zip(&self.candidate_usd)
                .filter(|(_, usd)| **usd <= threshold)
                .map(|(h, _)| h.instances)
                .fold(f64::INFINITY, f64::min)
        };
    }

    /// The highest bill that still counts as the lowest.
    pub(crate) fn threshold(&self) -> f64 {
        self.lowest_usd + TIE * self.lowest_usd.abs()
    }
}
