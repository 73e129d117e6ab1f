//! The generators' shared check: a committed data file equals what its generator produces.

use std::path::PathBuf;

/// Fails when `pricing/<relative>` differs from `generated`; with `BREAKEVEN_REGENERATE`
/// set, rewrites it instead. `module` names the generator's module of this test binary, for
/// the command the message gives.
pub fn committed_equals_generated(relative: &str, generated: &str, module: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("BREAKEVEN_REGENERATE").is_some() {
        std::fs::write(&path, generated).expect("the data file is writable");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} drifted from the generator; run BREAKEVEN_REGENERATE=1 cargo test -p pricing --test tables {module}::",
        path.display()
    );
}
