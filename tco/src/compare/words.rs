//! The verdict of a comparison in plain words: the cheapest at each scenario's volume and
//! its saving against each other, where the cheapest changes with volume, and what each
//! throughput rests on. Money and counts go through `format`, as everywhere.

use super::{Comparison, Evidence, Standing, Stretch, MAX_LISTED_CHANGES};
use crate::format::{count, usd};
use crate::quality::Choice;

/// "“A”", "“A” and “B”", "“A”, “B” and “C”".
fn list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
    join_and(&quoted)
}

fn names(c: &Comparison, which: &[usize]) -> Vec<String> {
    which
        .iter()
        .filter_map(|&i| c.names.get(i).cloned())
        .collect()
}

fn option(choice: Choice, hosted_slm: bool) -> &'static str {
    match choice {
        Choice::Api => "on the LLM API",
        Choice::SelfHosted if hosted_slm => "on the SLM API",
        Choice::SelfHosted => "self-hosted",
        Choice::Hybrid => "as a hybrid",
    }
}

/// Where a standing is: "At 2,000,000 requests/month" when every scenario has that
/// volume, else "At “A”'s volume (2,000,000 requests/month)".
fn place(c: &Comparison, s: &Standing) -> String {
    let volume = format!("{} requests/month", count(s.requests_per_month));
    if c.standings.len() == 1 {
        return format!("At {volume}");
    }
    match s.volume_of.as_slice() {
        [one] => format!("At {}'s volume ({volume})", list(&names(c, &[*one]))),
        several => format!("At the volume of {} ({volume})", list(&names(c, several))),
    }
}

fn standing(c: &Comparison, s: &Standing, hosted_slm: &impl Fn(usize) -> bool) -> String {
    let place = place(c, s);
    let priced: Vec<usize> = (0..s.costs.len())
        .filter(|&i| s.costs[i].is_some())
        .collect();
    let unpriced: Vec<usize> = (0..s.costs.len())
        .filter(|&i| s.costs[i].is_none())
        .collect();
    let Some((choice, low)) = s.cheapest.first().and_then(|&i| s.costs[i]) else {
        return format!("{place}, no scenario has an option that meets its quality floor.");
    };
    let mut out = if priced.len() == 1 {
        format!(
            "{place}, only {} has an option that meets its quality floor: {}/month ({}).",
            list(&names(c, &priced)),
            usd(low),
            option(choice, hosted_slm(priced[0]))
        )
    } else if s.cheapest.len() == priced.len() {
        let who = if priced.len() > 2 {
            format!("all {} scenarios", priced.len())
        } else {
            list(&names(c, &priced))
        };
        format!("{place}, {who} cost the same: {}/month.", usd(low))
    } else {
        let how = match s.cheapest.as_slice() {
            [one] => format!(" ({})", option(choice, hosted_slm(*one))),
            _ => String::new(),
        };
        let verb = if s.cheapest.len() == 1 { "is" } else { "are" };
        let savings: Vec<String> = priced
            .iter()
            .filter(|i| !s.cheapest.contains(i))
            .filter_map(|&i| {
                let (_, cost) = s.costs[i]?;
                Some(format!(
                    "{}/month against {}",
                    usd(cost - low),
                    list(&names(c, &[i]))
                ))
            })
            .collect();
        format!(
            "{place}, {} {verb} the cheapest at {}/month{how}, saving {}.",
            list(&names(c, &s.cheapest)),
            usd(low),
            join_and(&savings)
        )
    };
    if !unpriced.is_empty() {
        out.push_str(&format!(
            " None of the options of {} meets its quality floor there.",
            list(&names(c, &unpriced))
        ));
    }
    out
}

/// "a", "a and b", "a, b and c".
fn join_and(parts: &[String]) -> String {
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// "“A” is the cheapest", "“A” and “B” cost the same" (all of them), "“A” and “C” are
/// the cheapest (the same cost)".
fn who(c: &Comparison, s: &Stretch) -> String {
    match s.cheapest.len() {
        0 => "no scenario meets its quality floor".to_string(),
        1 => format!("{} is the cheapest", list(&names(c, &s.cheapest))),
        n if n == c.names.len() && n > 2 => format!("all {n} cost the same"),
        n if n == c.names.len() => format!("{} cost the same", list(&names(c, &s.cheapest))),
        _ => format!(
            "{} are the cheapest (the same cost)",
            list(&names(c, &s.cheapest))
        ),
    }
}

/// Every scenario cheapest somewhere, in the order given.
fn changing(stretches: &[Stretch]) -> Vec<usize> {
    let mut out: Vec<usize> = stretches.iter().flat_map(|s| s.cheapest.clone()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// How the cheapest changes across the range, or that it does not.
fn by_volume(c: &Comparison) -> Option<String> {
    let (lo, hi) = (count(c.range.0), count(c.range.1));
    match c.stretches.as_slice() {
        [] => None,
        [only] if only.cheapest.is_empty() => None,
        [only] if only.cheapest.len() > 1 => Some(format!(
            "{} cost the same from {lo} to {hi} requests/month.",
            list(&names(c, &only.cheapest))
        )),
        [only] => Some(format!(
            "{} stays the cheapest from {lo} to {hi} requests/month.",
            list(&names(c, &only.cheapest))
        )),
        many if many.len() - 1 > MAX_LISTED_CHANGES => Some(format!(
            "The cheapest changes back and forth between {} as fleets add instances, from {lo} to {hi} requests/month; the chart shows where.",
            list(&names(c, &changing(many)))
        )),
        many => {
            let last = many.len() - 1;
            let parts: Vec<String> = many
                .iter()
                .enumerate()
                .map(|(i, s)| match i {
                    0 => format!("below {} requests/month {}", count(s.to), who(c, s)),
                    i if i == last => format!("from {} up {}", count(s.from), who(c, s)),
                    _ => format!("from {} to {} {}", count(s.from), count(s.to), who(c, s)),
                })
                .collect();
            Some(format!(
                "By volume: {} (checked from {lo} to {hi} requests/month).",
                parts.join("; ")
            ))
        }
    }
}

/// "“B”'s throughput is measured; “A”'s is typed, an estimate."
fn evidence(c: &Comparison) -> Option<String> {
    let phrase = |e: Evidence| match e {
        Evidence::Measured => "measured",
        Evidence::Projected => "projected, not measured",
        Evidence::Typed => "typed, an estimate",
        Evidence::Described => "described in words only",
    };
    let clauses: Vec<String> = [
        Evidence::Measured,
        Evidence::Projected,
        Evidence::Described,
        Evidence::Typed,
    ]
    .into_iter()
    .filter_map(|e| {
        let whose: Vec<String> = (0..c.evidence.len())
            .filter(|&i| c.evidence[i] == Some(e))
            .filter_map(|i| c.names.get(i).map(|n| format!("“{n}”'s")))
            .collect();
        match whose.len() {
            0 => None,
            n if n == c.names.len() && n > 2 => Some(("Every scenario's".to_string(), phrase(e))),
            _ => Some((join_and(&whose), phrase(e))),
        }
    })
    .enumerate()
    .map(|(i, (whose, what))| {
        if i == 0 {
            format!("{whose} throughput is {what}")
        } else {
            format!("{whose} is {what}")
        }
    })
    .collect();
    (!clauses.is_empty()).then(|| format!("{}.", clauses.join("; ")))
}

/// The verdict: one sentence per distinct volume, then the changes with volume, then the
/// throughputs' evidence. `hosted_slm(i)`: scenario `i` serves its SLM from an API.
pub(super) fn sentence(c: &Comparison, hosted_slm: impl Fn(usize) -> bool) -> String {
    if c.names.len() < 2 {
        return "Choose at least two scenarios to compare.".to_string();
    }
    let mut parts: Vec<String> = c
        .standings
        .iter()
        .map(|s| standing(c, s, &hosted_slm))
        .collect();
    parts.extend(by_volume(c));
    parts.extend(evidence(c));
    parts.join(" ")
}
