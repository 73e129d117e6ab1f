//! Runs the Python readers over the test's workbooks, once per test run: openpyxl for what
//! is stored, LibreOffice (one headless soffice for every workbook) for what it computes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use report::ReportScenario;
use serde_json::Value;
use tco::ScenarioInput;

use crate::scenarios::*;

/// The python with openpyxl and uno: Debian's (apt installs python3-uno there), unless
/// BREAKEVEN_PYTHON names another.
fn python() -> String {
    std::env::var("BREAKEVEN_PYTHON").unwrap_or_else(|_| {
        if Path::new("/usr/bin/python3").exists() {
            "/usr/bin/python3".into()
        } else {
            "python3".into()
        }
    })
}

pub fn require_tools() {
    let py = python();
    let ok = Command::new(&py)
        .args(["-c", "import openpyxl, uno"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "{py} with openpyxl and uno is missing (Debian python3-openpyxl, python3-uno): run scripts/setup.sh test");
    let soffice = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(soffice, "soffice (LibreOffice) is missing (Debian libreoffice-calc-nogui): run scripts/setup.sh test");
}

/// One workbook as the readers saw it.
pub struct Read {
    pub rs: Vec<ReportScenario>,
    /// openpyxl: sheet names, cells as stored, cached results, defined names.
    pub stored: Value,
    /// LibreOffice after calculateAll.
    pub calc: Value,
}

pub struct Fixture {
    pub books: HashMap<&'static str, Read>,
    _dir: tempfile::TempDir,
}

/// The folder of the Python readers, `read_formulas.py` and `recalc.py`: this module's own.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/exports/xlsx")
}

/// A workbook to write: its key, its scenarios, and named inputs LibreOffice changes first.
pub type Book = (&'static str, Vec<ScenarioInput>, Vec<(&'static str, f64)>);

pub fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        require_tools();
        let tmp = tempfile::tempdir().unwrap();
        let books: Vec<Book> = vec![
            ("default", vec![default_input()], vec![]),
            ("default_x2", vec![doubled(default_input())], vec![]),
            ("default_live", vec![default_input()], vec![("requests_per_month", 2e6)]),
            ("cascade", vec![cascade_input()], vec![]),
            ("cascade_live", vec![cascade_input()], vec![("requests_per_month", 2e6)]),
            ("cascade_curve", vec![measured_cascade_input()], vec![]),
            ("cascade_curve_live", vec![measured_cascade_input()], vec![("min_quality", 0.72)]),
            ("owned", vec![owned_input()], vec![]),
            ("owned_live", vec![owned_input()], vec![("requests_per_month", 6e6)]),
            ("compare", vec![default_input(), markup_input()], vec![]),
            ("edge", vec![edge_input()], vec![]),
            ("idle", vec![idle_input()], vec![]),
            ("markup", vec![markup_input()], vec![]),
            ("week", vec![week_input()], vec![]),
            ("week_steady", vec![week_steady_input()], vec![]),
            ("week_steady_live", vec![week_steady_input()], vec![("requests_per_month", 3e7)]),
            ("p5_spot", vec![p5_spot_input()], vec![]),
            ("measured", vec![measured_input()], vec![]),
            ("adjusted", vec![adjusted_input()], vec![]),
            ("adjusted_live", vec![adjusted_input()], vec![("requests_per_month", 2e6)]),
        ];
        let mut jobs = Vec::new();
        let mut files = Vec::new();
        let mut rs_of = HashMap::new();
        for (key, inputs, set) in &books {
            let rs: Vec<ReportScenario> = inputs.iter().cloned().map(compute).collect();
            let bytes = report::xlsx::render(&rs).expect("workbook");
            let file = tmp.path().join(format!("{key}.xlsx"));
            std::fs::write(&file, bytes).unwrap();
            let set: serde_json::Map<String, Value> = set.iter().map(|(k, v)| (k.to_string(), Value::from(*v))).collect();
            jobs.push(serde_json::json!({"file": file, "out": tmp.path().join(format!("{key}.calc.json")), "set": set}));
            files.push(file);
            rs_of.insert(*key, rs);
        }
        let stored_json = tmp.path().join("stored.json");
        let out = Command::new(python()).arg(dir().join("read_formulas.py")).arg(&stored_json).args(&files).output().unwrap();
        assert!(out.status.success(), "read_formulas.py failed: {}", String::from_utf8_lossy(&out.stderr));
        let jobs_json = tmp.path().join("jobs.json");
        let spec = serde_json::json!({"profile": tmp.path().join("lo-profile"), "jobs": jobs});
        std::fs::write(&jobs_json, spec.to_string()).unwrap();
        let out = Command::new(python()).arg(dir().join("recalc.py")).arg(&jobs_json).output().unwrap();
        assert!(out.status.success(), "recalc.py failed: {}", String::from_utf8_lossy(&out.stderr));
        let stored: Value = serde_json::from_str(&std::fs::read_to_string(&stored_json).unwrap()).unwrap();
        let mut map = HashMap::new();
        for (key, _, _) in &books {
            let file = tmp.path().join(format!("{key}.xlsx"));
            let calc: Value = serde_json::from_str(&std::fs::read_to_string(tmp.path().join(format!("{key}.calc.json"))).unwrap()).unwrap();
            map.insert(*key, Read { rs: rs_of.remove(key).unwrap(), stored: stored[file.to_str().unwrap()].clone(), calc });
        }
        Fixture { books: map, _dir: tmp }
    })
}

impl Read {
    pub fn sheets(&self) -> Vec<String> {
        self.stored["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    }
    pub fn stored(&self, sheet: &str, cell: &str) -> &Value {
        &self.stored["cells"][sheet][cell][0]
    }
    pub fn format(&self, sheet: &str, cell: &str) -> &str {
        self.stored["cells"][sheet][cell][1].as_str().unwrap_or("")
    }
    pub fn calc(&self, sheet: &str, cell: &str) -> &Value {
        &self.calc["cells"][sheet][cell]
    }
    /// The row (1-based) whose column A reads `label`.
    pub fn row_of(&self, sheet: &str, label: &str) -> u32 {
        let cells = self.stored["cells"][sheet]
            .as_object()
            .unwrap_or_else(|| panic!("no sheet {sheet}"));
        cells
            .iter()
            .find(|(k, v)| {
                k.starts_with('A') && k[1..].chars().all(|c| c.is_ascii_digit()) && v[0] == label
            })
            .map(|(k, _)| k[1..].parse().unwrap())
            .unwrap_or_else(|| panic!("{sheet}: no row labelled {label:?}"))
    }
    /// The cell (column letters, 1-based row) that reads `text`, wherever it is.
    pub fn find(&self, sheet: &str, text: &str) -> (String, u32) {
        let cells = self.stored["cells"][sheet]
            .as_object()
            .unwrap_or_else(|| panic!("no sheet {sheet}"));
        cells
            .iter()
            .find(|(_, v)| v[0] == text)
            .map(|(k, _)| {
                let col = k.trim_end_matches(char::is_numeric).to_string();
                let row = k[col.len()..].parse().unwrap();
                (col, row)
            })
            .unwrap_or_else(|| panic!("{sheet}: no cell reads {text:?}"))
    }
    /// The column letter whose header (row `row`) reads `header`.
    pub fn col_of(&self, sheet: &str, row: u32, header: &str) -> String {
        let cells = self.stored["cells"][sheet].as_object().unwrap();
        cells
            .iter()
            .find(|(k, v)| {
                k.ends_with(&format!("{row}"))
                    && k.trim_end_matches(char::is_numeric).len() + row.to_string().len() == k.len()
                    && v[0] == header
            })
            .map(|(k, _)| k.trim_end_matches(char::is_numeric).to_string())
            .unwrap_or_else(|| panic!("{sheet}: no column {header:?} in row {row}"))
    }
}

pub fn num(v: &Value, what: &str) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("{what}: expected a number, got {v}"))
}

pub fn assert_cent(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() < CENT,
        "{what}: workbook {got}, engine {want}"
    );
}
