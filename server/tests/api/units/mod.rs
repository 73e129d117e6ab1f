//! The library's unit tests, run in this binary rather than in a `#[cfg(test)]` build of the
//! library: that build compiled the whole server a second time and linked candle again for
//! these few tests (server/Cargo.toml sets `[lib] test = false`). Public items are called
//! by their paths; internal ones through `breakeven::testing`, which exists for this module
//! only. One module per area of the library.

mod agent_check;
mod bench_args;
mod clock;
mod edge;
mod endpoint_bench;
mod exports;
mod headers;
mod jobs;

/// With `[lib] test = false` a `#[cfg(test)]` module in the library would compile in no build
/// and its tests would never run, silently: this names any that appears.
#[test]
fn no_test_module_hides_in_the_library() {
    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10, "{}: no sources found", src.display());
    let hiding: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.contains("#[cfg(test)]") || text.contains("#[test]")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        hiding.is_empty(),
        "unit tests in the library never run ([lib] test = false); move them to \
         server/tests/api/units: {hiding:?}"
    );
}
