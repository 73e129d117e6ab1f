//! The app's files go out compressed: the build writes `.br` and `.gz` copies beside each
//! (scripts/compress-dist.sh), and the server picks the one the request accepts, the file
//! itself for a client that accepts neither, with `Vary: Accept-Encoding` for caches.

use reqwest::Method;

use crate::common::app;

const WASM: &str = "/breakeven-app-0123_bg.wasm";

/// A request's headers, the Content-Encoding answered, and the body sent.
type Case = (
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static [u8],
);

#[tokio::test]
async fn app_files_are_sent_precompressed_by_accept_encoding() {
    let dist = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &[u8]| std::fs::write(dist.path().join(name), body).unwrap();
    write("index.html", b"<!doctype html><title>app shell</title>");
    write("index.html.br", b"index as brotli");
    write(&WASM[1..], b"\0asm raw module");
    write(&format!("{}.br", &WASM[1..]), b"module as brotli");
    write(&format!("{}.gz", &WASM[1..]), b"module as gzip");
    let app = app(Some(dist.path().to_path_buf())).await;
    let cases: [Case; 4] = [
        (
            &[("accept-encoding", "gzip, deflate, br, zstd")],
            "br",
            b"module as brotli",
        ),
        (&[("accept-encoding", "gzip")], "gzip", b"module as gzip"),
        (&[("accept-encoding", "identity")], "", b"\0asm raw module"),
        (&[], "", b"\0asm raw module"),
    ];
    for (accept, encoding, body) in cases {
        let reply = app.request(Method::GET, WASM, accept, Vec::new()).await;
        assert_eq!(reply.status, 200, "{accept:?}");
        assert_eq!(reply.header("content-encoding"), encoding, "{accept:?}");
        assert_eq!(reply.body, body, "{accept:?}");
        assert_eq!(
            reply.header("content-type"),
            "application/wasm",
            "{accept:?}"
        );
        assert!(
            reply
                .header("vary")
                .to_ascii_lowercase()
                .contains("accept-encoding"),
            "{accept:?}: {:?}",
            reply.headers
        );
    }
    // A client-side route is index.html, compressed the same way.
    let page = app
        .request(
            Method::GET,
            "/compare",
            &[("accept-encoding", "br")],
            Vec::new(),
        )
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-encoding"), "br");
    assert_eq!(page.body, b"index as brotli");
    // The API answers are left alone.
    let health = app
        .request(
            Method::GET,
            "/api/v1/health",
            &[("accept-encoding", "br")],
            Vec::new(),
        )
        .await;
    assert_eq!(health.status, 200);
    assert_eq!(health.header("content-encoding"), "");
}
