//! The verdict a comparison report opens with: `tco::compare` over the exported
//! scenarios, named as the compare page names them, so the PDF, the workbook and the page
//! say the same sentence.

use tco::compare::{compare, Compared, Comparison};

use crate::ReportScenario;

/// The comparison of `scenarios`, in the order given.
pub(crate) fn comparison<'a>(
    scenarios: impl IntoIterator<Item = &'a ReportScenario>,
) -> Comparison {
    let compared: Vec<Compared> = scenarios
        .into_iter()
        .map(|r| Compared {
            name: &r.scenario.name,
            scenario: &r.scenario,
            result: &r.result,
        })
        .collect();
    compare(&compared)
}
