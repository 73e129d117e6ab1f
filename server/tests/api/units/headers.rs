//! `http::headers`: the Content-Security-Policy hashes the app's inline scripts only.

use breakeven::http::content_security_policy;
use breakeven::testing::inline_scripts;

#[test]
fn hashes_only_inline_scripts() {
    let html = r#"<html><head><script src="/a.js"></script>
<SCRIPT type="module">import init from '/x.js';
await init();</SCRIPT></head><body><script>1</script></body></html>"#;
    assert_eq!(
        inline_scripts(html),
        vec!["import init from '/x.js';\nawait init();", "1"]
    );
    let csp = content_security_policy(Some(html));
    // sha256("1"), base64.
    assert!(
        csp.contains("'sha256-a4ayc/80/OGda4BO/1o/V0etpOqiLx1JwB5S3beHW0s='"),
        "{csp}"
    );
    assert_eq!(csp.matches("'sha256-").count(), 2);
    assert!(!content_security_policy(None).contains("sha256"));
}
