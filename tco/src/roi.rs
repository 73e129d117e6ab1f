//! Return on investment of an option against the LLM-API baseline, in cash terms
//! (docs/cost-model.md §6).

use serde::{Deserialize, Serialize};

use crate::cost::Pricing;
use crate::fleet::FleetCost;
use crate::scenario::{FleetGpu, Scenario, SlmServing};

/// One month of the cash-flow table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CashFlowMonth {
    /// 1-based month.
    pub month: u32,
    /// R_t = R·(1+g)^(t−1).
    pub requests: f64,
    /// R_t·a·(1+a_llm)^((t−1)/12): what the API would cost this month.
    pub api_usd: f64,
    /// What the option costs this month, straight-line (owned GPUs' capital spread over
    /// their amortisation): S(R_t) self-hosted, Hy(R_t, s) hybrid, with month t's prices.
    pub option_usd: f64,
    /// Owned GPUs bought for this month beyond those already owned, paid at its start
    /// (discounted as month t−1); month 1's are in `Roi::capex_month0_usd`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub capex_usd: f64,
    /// Owned GPUs sold at the horizon's end (last month only).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub resale_usd: f64,
    /// api_usd − the option's cash cost this month: its running cost (no capital), the
    /// GPUs bought, less any resale.
    pub savings_usd: f64,
    /// Σ savings up to this month, less the one-time cost and month 0's GPUs.
    pub cumulative_net_usd: f64,
}

/// One option's return against the LLM API over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Roi {
    /// X: paid once in month 0, undiscounted (`slm.one_time_usd`).
    pub one_time_usd: f64,
    /// Owned GPUs bought in month 0 for month 1, undiscounted; 0 when rented.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub capex_month0_usd: f64,
    /// First month whose cumulative savings, less the one-time cost, are >= 0.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub payback_month: Option<u32>,
    /// −X − capex₀ + Σ_t [(api_t − running_t + resale_t)/(1+r_m)^t − capex_t/(1+r_m)^(t−1)],
    /// r_m = (1+r)^(1/12) − 1.
    pub npv_usd: f64,
    /// Σ savings_t − X − capex₀ over the horizon.
    pub cumulative_savings_usd: f64,
    /// Months 1 to T, in order.
    pub months: Vec<CashFlowMonth>,
}

/// Which option to hold against the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alternative {
    /// The SLM serving every request: option(R) = S(R).
    SelfHosted,
    /// The hybrid at the scenario's share: option(R) = Hy(R, s).
    Hybrid,
}

/// Owned GPUs' purchase price and resale share, when the fleet is owned.
fn owned_terms(s: &Scenario) -> Option<(f64, f64)> {
    match &s.slm.serving {
        SlmServing::SelfHosted(f) => match f.gpu {
            FleetGpu::Owned {
                inputs,
                resale_share,
                ..
            } => Some((inputs.purchase_usd, resale_share)),
            FleetGpu::Rented { .. } => None,
        },
        SlmServing::Api(_) => None,
    }
}

/// GPUs the option's fleet holds this month and the straight-line capital in its cost.
fn owned_gpus_and_capital(fleet: Option<&FleetCost>, gpus_per_instance: f64) -> (f64, f64) {
    fleet.map_or((0.0, 0.0), |cost| {
        (
            cost.peak_instances * gpus_per_instance,
            cost.breakdown.owned_capital_usd,
        )
    })
}

/// For t = 1 … T: R_t = R·(1+g)^(t−1); api_t = R_t·a·(1+a_llm)^((t−1)/12);
/// option_t = S(R_t) or Hy(R_t, s) at month t's prices.
///
/// Rented: savings_t = api_t − option_t. Owned: the GPUs are paid when bought — month 1's
/// in month 0, more in month t when the month's peak exceeds those owned (never sold back
/// before the horizon), `resale_share` of every purchase back in month T — so the month's
/// cash cost is option_t less its straight-line capital, plus the GPUs bought, less resale.
/// cumulative_t = Σ savings − X − capex₀; payback = the first t with cumulative_t ≥ 0;
/// NPV = −X − capex₀ + Σ ((api_t − running_t + resale_t)/(1+r_m)^t − capex_t/(1+r_m)^(t−1)).
pub fn roi(s: &Scenario, option: Alternative) -> Roi {
    roi_priced(&Pricing::new(s), option)
}

/// `roi` for a scenario already prepared for pricing.
pub fn roi_priced(pricing: &Pricing, option: Alternative) -> Roi {
    let s = pricing.scenario();
    let one_time = s.slm.one_time_usd;
    let monthly_rate = (1.0 + s.finance.discount_rate_annual).powf(1.0 / 12.0) - 1.0;
    let share = s.routing.effective_slm_share();
    let owned = owned_terms(s);
    let gpus_per_instance = match &s.slm.serving {
        SlmServing::SelfHosted(f) => f.gpus_per_instance,
        SlmServing::Api(_) => 0.0,
    };
    let horizon = s.finance.horizon_months;
    let mut owned_gpus = 0.0;
    let mut capex_month0 = 0.0;
    let mut cumulative = -one_time;
    let mut npv = -one_time;
    let mut payback = None;
    let mut months = Vec::with_capacity(horizon as usize);
    for t in 1..=horizon {
        let requests =
            s.workload.requests_per_month * (1.0 + s.workload.monthly_growth).powi(t as i32 - 1);
        let api = pricing.api_usd(requests, t);
        let (cost, fleet) = match option {
            Alternative::SelfHosted => pricing.slm_usd(requests, t),
            Alternative::Hybrid => pricing.hybrid_usd(requests, share, t),
        };
        let (mut capex, mut resale, mut capital) = (0.0, 0.0, 0.0);
        if let Some((purchase, resale_share)) = owned {
            let (needed, straight_line) = owned_gpus_and_capital(fleet.as_ref(), gpus_per_instance);
            capital = straight_line;
            let bought = (needed - owned_gpus).max(0.0) * purchase;
            owned_gpus = f64::max(owned_gpus, needed);
            if t == 1 {
                capex_month0 = bought;
                cumulative -= bought;
                npv -= bought;
            } else {
                capex = bought;
            }
            if t == horizon {
                resale = resale_share * purchase * owned_gpus;
            }
        }
        let running = cost - capital;
        let savings = api - running - capex + resale;
        cumulative += savings;
        npv += (api - running + resale) / (1.0 + monthly_rate).powi(t as i32)
            - capex / (1.0 + monthly_rate).powi(t as i32 - 1);
        if payback.is_none() && cumulative >= 0.0 {
            payback = Some(t);
        }
        months.push(CashFlowMonth {
            month: t,
            requests,
            api_usd: api,
            option_usd: cost,
            capex_usd: capex,
            resale_usd: resale,
            savings_usd: savings,
            cumulative_net_usd: cumulative,
        });
    }
    Roi {
        one_time_usd: one_time,
        capex_month0_usd: capex_month0,
        payback_month: payback,
        npv_usd: npv,
        cumulative_savings_usd: cumulative,
        months,
    }
}
