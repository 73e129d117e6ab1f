//! `edge`: origins as browsers send them, and the same-origin check against `Host`.

use breakeven::edge::{is_same_origin, origin_of};

#[test]
fn origins_are_normalised() {
    for (url, path_allowed, want) in [
        (
            "https://Breakeven.Example",
            false,
            Ok("https://breakeven.example"),
        ),
        (
            "https://breakeven.example/",
            false,
            Ok("https://breakeven.example"),
        ),
        ("http://localhost:8080", false, Ok("http://localhost:8080")),
        ("http://localhost:80", false, Ok("http://localhost")),
        ("https://x.example:443", false, Ok("https://x.example")),
        ("https://x.example/app", true, Ok("https://x.example")),
        ("https://x.example/app", false, Err(())),
        ("ftp://x.example", false, Err(())),
        ("null", false, Err(())),
        ("https://", false, Err(())),
        ("https://a b", false, Err(())),
    ] {
        assert_eq!(
            origin_of(url, path_allowed).map_err(|_| ()),
            want.map(String::from),
            "{url}"
        );
    }
}

#[test]
fn same_origin_compares_host_and_port() {
    assert!(is_same_origin("http://127.0.0.1:8080", "127.0.0.1:8080"));
    assert!(is_same_origin("https://x.example", "X.example"));
    assert!(is_same_origin("https://x.example", "x.example:443"));
    assert!(!is_same_origin("http://127.0.0.1:8081", "127.0.0.1:8080"));
    assert!(!is_same_origin("https://evil.example", "x.example"));
    assert!(!is_same_origin("https://x.example", ""));
}
