//! Return on investment of an option against the LLM-API baseline (docs/cost-model.md §5).

use serde::{Deserialize, Serialize};

use crate::cost::{api_usd_per_request, hybrid_cost, slm_cost};
use crate::scenario::Scenario;

/// One month of the cash-flow table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CashFlowMonth {
    /// 1-based month.
    pub month: u32,
    /// R_t = R·(1+g)^(t−1).
    pub requests: f64,
    /// R_t·c: what the API would cost this month.
    pub api_usd: f64,
    /// What the option costs this month: S(R_t) self-hosted, Hy(R_t, s) hybrid (the fleet
    /// re-sized for this month's volume).
    pub option_usd: f64,
    /// api_usd − option_usd.
    pub savings_usd: f64,
    /// Σ savings up to this month, less the one-time cost.
    pub cumulative_net_usd: f64,
}

/// One option's return against the LLM API over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Roi {
    /// X: paid once in month 0, undiscounted (`slm.one_time_usd`).
    pub one_time_usd: f64,
    /// First month whose cumulative savings, less the one-time cost, are >= 0.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub payback_month: Option<u32>,
    /// −one_time + Σ savings_t/(1+r_m)^t, r_m = (1+r)^(1/12) − 1.
    pub npv_usd: f64,
    /// Σ savings_t − one_time over the horizon.
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

/// For t = 1 … T: R_t = R·(1+g)^(t−1), savings_t = R_t·c − option(R_t);
/// cumulative_t = Σ savings − X; payback = the first t with cumulative_t ≥ 0;
/// NPV = −X + Σ savings_t/(1+r_m)^t with r_m = (1+r)^(1/12) − 1.
pub fn roi(s: &Scenario, option: Alternative) -> Roi {
    let one_time = s.slm.one_time_usd;
    let monthly_rate = (1.0 + s.finance.discount_rate_annual).powf(1.0 / 12.0) - 1.0;
    let per_request = api_usd_per_request(&s.llm.prices, &s.workload);
    let share = s.routing.effective_slm_share();
    let mut cumulative = -one_time;
    let mut npv = -one_time;
    let mut payback = None;
    let mut months = Vec::with_capacity(s.finance.horizon_months as usize);
    for t in 1..=s.finance.horizon_months {
        let requests =
            s.workload.requests_per_month * (1.0 + s.workload.monthly_growth).powi(t as i32 - 1);
        let api = requests * per_request;
        let cost = match option {
            Alternative::SelfHosted => slm_cost(s, requests).monthly_usd,
            Alternative::Hybrid => hybrid_cost(s, requests, share).monthly_usd,
        };
        let savings = api - cost;
        cumulative += savings;
        npv += savings / (1.0 + monthly_rate).powi(t as i32);
        if payback.is_none() && cumulative >= 0.0 {
            payback = Some(t);
        }
        months.push(CashFlowMonth {
            month: t,
            requests,
            api_usd: api,
            option_usd: cost,
            savings_usd: savings,
            cumulative_net_usd: cumulative,
        });
    }
    Roi {
        one_time_usd: one_time,
        payback_month: payback,
        npv_usd: npv,
        cumulative_savings_usd: cumulative,
        months,
    }
}
