//! Preset shapes for the 24-hour load-shape editor. Each is a workload preset's own load
//! shape (`profiles`, where the pattern and its seed are documented), so no figure is
//! invented here; the flat day is the neutral shape (every hour alike).
//!
//! A preset is written with its busiest hour as 100 and the others rounded to whole
//! numbers: readable in the text box, and the shape is relative, so only the rounding moves
//! the peak-to-average (by well under 1 %; the workload picker still fills the exact
//! shape).

/// A shape button: its id suffix, what it says, and the workload preset whose load shape it
/// is (None: flat).
pub struct ShapePreset {
    pub id: &'static str,
    pub words: &'static str,
    pub from: Option<&'static str>,
}

/// The buttons, in the order shown.
pub const SHAPE_PRESETS: [ShapePreset; 6] = [
    ShapePreset {
        id: "flat",
        words: "Flat",
        from: None,
    },
    ShapePreset {
        id: "business-hours",
        words: "Business hours",
        from: Some("customer-support"),
    },
    ShapePreset {
        id: "business-hours-soft",
        words: "Business hours, softened",
        from: Some("ticket-classification"),
    },
    ShapePreset {
        id: "two-peaks",
        words: "Working day, two peaks",
        from: Some("code-completion"),
    },
    ShapePreset {
        id: "evening-peak",
        words: "Evening peak (global consumer)",
        from: Some("content-moderation"),
    },
    ShapePreset {
        id: "around-the-clock",
        words: "Around the clock (batch queue)",
        from: Some("invoice-extraction"),
    },
];

impl ShapePreset {
    /// The shape's text as the form holds it, or None when its workload preset is gone.
    pub fn text(&self) -> Option<String> {
        match self.from {
            None => Some(["1"; 24].join(", ")),
            Some(id) => profiles::preset(id).map(|p| as_percent_of_peak(&p.load_shape)),
        }
    }

    /// Where the shape comes from, on hover: the workload preset's name.
    pub fn source(&self) -> String {
        match self.from.and_then(profiles::preset) {
            Some(p) => format!("The load shape of the \"{}\" workload preset", p.name),
            None => "Every hour of the day alike".to_string(),
        }
    }
}

/// A shape with its largest value as 100 and each value rounded to a whole number (a value
/// above 0 stays at least 1, so an hour with traffic keeps some).
pub fn as_percent_of_peak(shape: &[f64]) -> String {
    let top = shape
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    shape
        .iter()
        .map(|&v| {
            if top > 0.0 && v.is_finite() && v > 0.0 {
                format!("{}", (v / top * 100.0).round().max(1.0))
            } else {
                "0".to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peak_to_average(text: &str) -> f64 {
        let v: Vec<f64> = text.split(", ").map(|t| t.parse().unwrap()).collect();
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().copied().fold(0.0, f64::max) / mean
    }

    #[test]
    fn every_preset_is_a_workload_presets_shape_within_rounding() {
        for p in &SHAPE_PRESETS {
            let text = p.text().unwrap_or_else(|| panic!("{} has no shape", p.id));
            assert_eq!(text.split(", ").count(), 24, "{}", p.id);
            let want = p.from.map_or(1.0, |id| {
                profiles::preset(id).unwrap().workload.peak_to_average
            });
            let got = peak_to_average(&text);
            assert!((got / want - 1.0).abs() < 0.01, "{}: {got} vs {want}", p.id);
        }
        // Customer support's raw rates peak at 24 with nights at 1: 1/24 of the peak is 4 %.
        let business = SHAPE_PRESETS[1].text().unwrap();
        assert!(
            business.starts_with("4, 4, 4, 4, 4, 8, 13, 25, 50, 83, 100"),
            "{business}"
        );
    }

    #[test]
    fn percent_of_peak_keeps_zero_hours_and_small_ones() {
        assert_eq!(as_percent_of_peak(&[0.0, 0.001, 2.0, 1.0]), "0, 1, 100, 50");
        assert_eq!(as_percent_of_peak(&[0.0, 0.0]), "0, 0");
    }
}
