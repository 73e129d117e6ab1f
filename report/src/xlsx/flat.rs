//! v1's one-block fleet (no load shape) as formulas at any volume, for the cells that
//! re-size it month by month (the cash flow) or share by share (the routing curve): the
//! load in replicas, the replicas (the tolerant ceiling, the minimum, the spare), whole
//! instances, the reserved base, and the GPU bill at a month's prices.
//!
//! With one block the optimal base is all-or-nothing: every instance is reserved when the
//! reserved GPU-hour is cheaper than the burst one (beyond float noise), none otherwise,
//! which is what `FleetModel::optimal_base` picks among its two candidates.

use super::cells::{ceil_tolerant, Ctx};

pub(crate) struct FlatFleet<'a, 'b> {
    pub ctx: &'a Ctx<'b>,
    pub rented: bool,
}

impl FlatFleet<'_, '_> {
    fn n(&self, key: &str) -> String {
        self.ctx.n(key)
    }

    /// λ·t/u at `volume` requests a month: the load in replicas before rounding up.
    pub(crate) fn load(&self, volume: &str) -> String {
        format!(
            "={volume}*{}*{}/{}",
            self.n("peak_rate_per_request"),
            self.n("gpu_seconds_per_request"),
            self.n("target_utilization")
        )
    }

    /// max(m, ⌈load⌉) + spare; with `deployed` (a share), 0 when it is 0.
    pub(crate) fn replicas(&self, load: &str, deployed: Option<&str>) -> String {
        let running = format!(
            "MAX({},IF({load}>0,{},0))+{}",
            self.n("min_replicas"),
            ceil_tolerant(load),
            self.n("spare_replicas")
        );
        match deployed {
            Some(share) => format!("=IF({share}>0,{running},0)"),
            None => format!("={running}"),
        }
    }

    /// ⌈n/⌊G/N⌋⌉ when a replica fits an instance, else n·N/G.
    pub(crate) fn instances(&self, replicas: &str) -> String {
        let (g, n) = (self.n("gpus_per_instance"), self.n("gpus_per_replica"));
        format!("=IF({n}<={g},ROUNDUP({replicas}/INT({g}/{n}),0),{replicas}*{n}/{g})")
    }

    /// The typed base, or all instances when reserving is cheaper, else none; owned: all.
    /// With `deployed` (a share), none when it is 0: no fleet, nothing reserved.
    pub(crate) fn reserved(&self, instances: &str, deployed: Option<&str>) -> String {
        if !self.rented {
            return format!("={instances}");
        }
        let ri = self.n("reserved_instances");
        let base = format!(
            "IF(ISNUMBER({ri}),{ri},IF({}<{}*(1-1E-9),{instances},0))",
            self.n("reserved_usd_per_gpu_hour"),
            self.n("burst_usd_per_gpu_hour")
        );
        match deployed {
            Some(share) => format!("=IF({share}>0,{base},0)"),
            None => format!("={base}"),
        }
    }

    /// The GPU bill: reserved and burst GPU-hours at month `month`'s prices (a cell with the
    /// month's number; None: month 1), or owned capital and energy.
    pub(crate) fn gpu_bill(&self, instances: &str, reserved: &str, month: Option<&str>) -> String {
        let (g, h) = (self.n("gpus_per_instance"), self.n("hours_per_month"));
        if !self.rented {
            return format!(
                "={instances}*{g}*({}+{}*{}*{h})",
                self.n("owned_capital_usd_per_gpu_month"),
                self.n("owned_usd_per_watt_hour"),
                self.n("owned_power_watts")
            );
        }
        let trend = month.map_or_else(String::new, |t| {
            format!("*(1+{})^(({t}-1)/12)", self.n("slm_price_change_annual"))
        });
        format!(
            "=({reserved}*{}*{h}+MAX(0,{instances}-{reserved})*{}*{h})*{g}{trend}",
            self.n("reserved_usd_per_gpu_hour"),
            self.n("burst_usd_per_gpu_hour")
        )
    }
}
