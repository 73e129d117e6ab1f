//! The router around the API: the built web app with its `index.html` fallback, the page
//! that says how to build it, and unknown API paths.

use reqwest::Method;

use crate::common::app;

#[tokio::test]
async fn serves_the_built_app_and_falls_back_to_index() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>app shell</title>",
    )
    .unwrap();
    let app = app(Some(dist.path().to_path_buf())).await;
    for path in ["/", "/some/client/route"] {
        let page = app.request(Method::GET, path, &[], Vec::new()).await;
        assert_eq!(page.status, 200);
        assert!(String::from_utf8(page.body).unwrap().contains("app shell"));
    }
    let missing = app
        .request(Method::GET, "/api/v1/nope", &[], Vec::new())
        .await;
    assert_eq!(missing.status, 404);
    // Without a built app the page says how to build it, and the API still works.
    let bare = crate::common::app(None).await;
    let page = bare.request(Method::GET, "/", &[], Vec::new()).await;
    assert_eq!(page.status, 503);
    assert!(String::from_utf8(page.body).unwrap().contains("make run"));
}
