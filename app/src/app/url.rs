//! The address bar: which page a URL opens, the URL of each page, and the history entries
//! the tabs push (so back and forward move between pages). Parsing is pure, so it is
//! tested natively; only `current`, `push`, `replace` and `origin` touch the window.

use ::api::ScenarioId;

/// What a URL opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`, or `/?state=<tco::share::encode>`: an unsaved scenario carried by the link.
    Planner {
        state: Option<String>,
    },
    /// `/p/<id>[?revision=N][&state=…]`: a saved scenario open in the planner, with the
    /// edits not saved yet (the whole form, `tco::share::encode`) when there are any.
    Edit {
        id: String,
        revision: Option<i64>,
        state: Option<String>,
    },
    /// `/s/<id>[?revision=N]`: a saved scenario, read-only.
    Shared {
        id: String,
        revision: Option<i64>,
    },
    /// `/compare[?ids=a,b,…]`.
    Compare {
        ids: Vec<String>,
    },
    LlmPrices,
    Gpus,
    Profiles,
    Benchmarks,
    /// `/traffic`: a usage log read in the page.
    Traffic,
    /// `/quality[?eval=ID]`: quality evals, with one of them open.
    Quality {
        eval: Option<String>,
    },
}

/// `%XX` sequences and `+` decoded; anything malformed is kept as typed.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                // Bytes, not a str slice: a multi-byte character after '%' must not panic.
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of `key` in a query string (with or without its leading `?`).
pub fn query_value(search: &str, key: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| percent_decode(v))
}

/// The list `a,b,c` of a query value, empty items dropped.
pub fn id_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The page a path and query string open. Unknown paths open the planner.
pub fn parse(path: &str, search: &str) -> Route {
    let path = path.trim_end_matches('/');
    let state = || query_value(search, "state").filter(|s| !s.is_empty());
    if let Some(id) = path.strip_prefix("/p/") {
        return Route::Edit {
            id: percent_decode(id),
            revision: query_value(search, "revision").and_then(|r| r.parse().ok()),
            state: state(),
        };
    }
    if let Some(id) = path.strip_prefix("/s/") {
        let revision = query_value(search, "revision").and_then(|r| r.parse().ok());
        return Route::Shared {
            id: percent_decode(id),
            revision,
        };
    }
    match path {
        "/compare" => Route::Compare {
            ids: query_value(search, "ids")
                .map(|v| id_list(&v))
                .unwrap_or_default(),
        },
        "/llm-prices" => Route::LlmPrices,
        "/gpus" => Route::Gpus,
        "/profiles" => Route::Profiles,
        "/benchmarks" => Route::Benchmarks,
        "/traffic" => Route::Traffic,
        "/quality" => Route::Quality {
            eval: query_value(search, "eval").filter(|e| !e.is_empty()),
        },
        _ => Route::Planner { state: state() },
    }
}

/// The path (and query) of a route, as `parse` reads it back.
pub fn path_of(route: &Route) -> String {
    match route {
        Route::Planner { state: None } => "/".into(),
        Route::Planner { state: Some(s) } => format!("/?state={s}"),
        Route::Edit {
            id,
            revision,
            state,
        } => {
            let query: Vec<String> = [
                revision.map(|r| format!("revision={r}")),
                state.as_ref().map(|s| format!("state={s}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            match query.is_empty() {
                true => format!("/p/{id}"),
                false => format!("/p/{id}?{}", query.join("&")),
            }
        }
        Route::Shared { id, revision: None } => format!("/s/{id}"),
        Route::Shared {
            id,
            revision: Some(r),
        } => format!("/s/{id}?revision={r}"),
        Route::Compare { ids } if ids.is_empty() => "/compare".into(),
        Route::Compare { ids } => format!("/compare?ids={}", ids.join(",")),
        Route::LlmPrices => "/llm-prices".into(),
        Route::Gpus => "/gpus".into(),
        Route::Profiles => "/profiles".into(),
        Route::Benchmarks => "/benchmarks".into(),
        Route::Traffic => "/traffic".into(),
        Route::Quality { eval: None } => "/quality".into(),
        Route::Quality { eval: Some(id) } => format!("/quality?eval={id}"),
    }
}

/// Whether going from `from` to `to` only refines one history entry (replaced, not pushed):
/// the compare page changing its list, or the planner's edits of one scenario (unsaved, or
/// the same revision of a saved one). Opening another scenario or revision, or saving one,
/// is a new entry, so back returns to what was there before.
pub fn same_entry(from: &Route, to: &Route) -> bool {
    match (from, to) {
        (Route::Compare { .. }, Route::Compare { .. })
        | (Route::Planner { .. }, Route::Planner { .. }) => true,
        (
            Route::Edit {
                id: a, revision: r, ..
            },
            Route::Edit {
                id: b, revision: s, ..
            },
        ) => a == b && (r == s || r.is_none() || s.is_none()),
        _ => false,
    }
}

/// A scenario id from what a person pastes: a share link (`…/s/<id>…`) or the id itself.
pub fn scenario_id(text: &str) -> Option<ScenarioId> {
    let text = text.trim();
    let tail = match text.find("/s/") {
        Some(at) => &text[at + 3..],
        None => text,
    };
    let id: String = tail
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    ScenarioId::parse(&id.to_lowercase()).ok()
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The route of the address bar now.
pub fn current() -> Route {
    let Some(location) = window().map(|w| w.location()) else {
        return Route::Planner { state: None };
    };
    parse(
        &location.pathname().unwrap_or_default(),
        &location.search().unwrap_or_default(),
    )
}

/// The path and query of the address bar now.
pub fn current_path() -> String {
    window()
        .map(|w| w.location())
        .map(|l| {
            format!(
                "{}{}",
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// `https://host:port`, for links that work outside this browser.
pub fn origin() -> String {
    window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Adds a history entry for `path` unless the address bar already shows it.
pub fn push(path: &str) {
    if current_path() == path {
        return;
    }
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        // A refused entry (a browser limiting history calls) only costs a back step.
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
}

/// Changes the address bar without a new history entry (a page refining its own URL).
pub fn replace(path: &str) {
    if current_path() == path {
        return;
    }
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        // As in `push`: the page is shown either way; only the address may lag.
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip() {
        let id = "0123456789abcdef0123456789abcdef".to_string();
        for route in [
            Route::Planner { state: None },
            Route::Planner {
                state: Some("1.eJyrVkrLz1eyUkpKLFKqBQApLAS0".into()),
            },
            Route::Shared {
                id: id.clone(),
                revision: None,
            },
            Route::Shared {
                id: id.clone(),
                revision: Some(3),
            },
            Route::Edit {
                id: id.clone(),
                revision: None,
                state: None,
            },
            Route::Edit {
                id: id.clone(),
                revision: Some(2),
                state: None,
            },
            Route::Edit {
                id: id.clone(),
                revision: Some(2),
                state: Some("1.eJyrVkrLz1eyUkpKLFKqBQApLAS0".into()),
            },
            Route::Edit {
                id: id.clone(),
                revision: None,
                state: Some("1.abc".into()),
            },
            Route::Compare { ids: vec![] },
            Route::Compare {
                ids: vec![id.clone(), id.clone()],
            },
            Route::LlmPrices,
            Route::Gpus,
            Route::Profiles,
            Route::Benchmarks,
            Route::Traffic,
            Route::Quality { eval: None },
            Route::Quality {
                eval: Some("12".into()),
            },
        ] {
            let path = path_of(&route);
            let (p, q) = path.split_once('?').unwrap_or((&path, ""));
            assert_eq!(parse(p, &format!("?{q}")), route, "{path}");
        }
    }

    #[test]
    fn queries_decode_and_unknown_paths_open_the_planner() {
        assert_eq!(
            parse("/compare", "?ids=a%2Cb,,c"),
            Route::Compare {
                ids: vec!["a".into(), "b".into(), "c".into()]
            }
        );
        assert_eq!(
            parse("/s/abc/", "?revision=x"),
            Route::Shared {
                id: "abc".into(),
                revision: None
            }
        );
        assert_eq!(parse("/nowhere", ""), Route::Planner { state: None });
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("%é"), "%é");
    }

    #[test]
    fn a_saved_scenario_in_the_planner_has_its_own_address() {
        let id = "0123456789abcdef0123456789abcdef";
        let edit = |revision, state: Option<&str>| Route::Edit {
            id: id.into(),
            revision,
            state: state.map(str::to_string),
        };
        assert_eq!(
            path_of(&edit(Some(2), Some("1.x"))),
            format!("/p/{id}?revision=2&state=1.x")
        );
        assert_eq!(path_of(&edit(None, None)), format!("/p/{id}"));
        assert_eq!(
            path_of(&edit(None, Some("1.x"))),
            format!("/p/{id}?state=1.x")
        );
        // The query's order does not matter; an empty state is no state.
        assert_eq!(
            parse(&format!("/p/{id}/"), "?state=1.x&revision=2"),
            edit(Some(2), Some("1.x"))
        );
        assert_eq!(parse(&format!("/p/{id}"), "?state="), edit(None, None));
        // Editable and read-only views of one scenario are different pages.
        assert_ne!(
            parse(&format!("/p/{id}"), ""),
            parse(&format!("/s/{id}"), "")
        );
    }

    #[test]
    fn edits_replace_the_entry_and_another_scenario_is_a_new_one() {
        let edit = |id: &str, revision, state: Option<&str>| Route::Edit {
            id: id.into(),
            revision,
            state: state.map(str::to_string),
        };
        let unsaved = |state: Option<&str>| Route::Planner {
            state: state.map(str::to_string),
        };
        for (from, to, same) in [
            (unsaved(None), unsaved(Some("1.a")), true),
            (unsaved(Some("1.a")), unsaved(Some("1.b")), true),
            (
                edit("a", Some(1), None),
                edit("a", Some(1), Some("1.x")),
                true,
            ),
            // A link without a revision opens the latest: its number refines the entry.
            (
                edit("a", None, Some("1.x")),
                edit("a", Some(3), Some("1.x")),
                true,
            ),
            // Saved: a new revision, a new scenario, a copy.
            (
                edit("a", Some(1), Some("1.x")),
                edit("a", Some(2), None),
                false,
            ),
            (edit("a", Some(1), None), edit("b", Some(1), None), false),
            (unsaved(Some("1.a")), edit("a", Some(1), None), false),
            (edit("a", Some(1), None), unsaved(Some("1.a")), false),
            (
                Route::Shared {
                    id: "a".into(),
                    revision: None,
                },
                unsaved(Some("1.a")),
                false,
            ),
            (
                Route::Compare { ids: vec![] },
                Route::Compare {
                    ids: vec!["a".into()],
                },
                true,
            ),
            (Route::Gpus, Route::Gpus, false),
        ] {
            assert_eq!(same_entry(&from, &to), same, "{from:?} → {to:?}");
        }
    }

    #[test]
    fn pasted_links_and_ids_name_a_scenario() {
        let id = "0123456789abcdef0123456789abcdef";
        let read = |text: &str| scenario_id(text).map(|id| id.to_string());
        assert_eq!(read(id).as_deref(), Some(id));
        assert_eq!(
            read(&format!("http://127.0.0.1:3000/s/{id}?revision=2")).as_deref(),
            Some(id)
        );
        assert_eq!(read(&id.to_uppercase()).as_deref(), Some(id));
        assert_eq!(scenario_id("http://x/s/short"), None);
        assert_eq!(scenario_id(""), None);
    }
}
