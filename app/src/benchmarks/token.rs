//! The server's benchmark token, when it asks for one (`serve --bench-token-env`; the
//! catalog's `token_required`): typed once per tab, kept in sessionStorage only (gone when
//! the tab closes, never in localStorage or a link), and sent as `Authorization: Bearer` with
//! the requests that start or cancel a benchmark. Reading results needs none.

use leptos::prelude::*;

use super::state::BenchState;

/// The field a refusal for a missing or wrong token names (the server's 401).
pub const TOKEN_FIELD: &str = "authorization";

/// sessionStorage key of the token.
pub const TOKEN_KEY: &str = "breakeven.bench-token";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The token this tab holds, "" when none.
pub fn stored() -> String {
    storage()
        .and_then(|s| s.get_item(TOKEN_KEY).ok().flatten())
        .unwrap_or_default()
}

/// Keeps `token` for this tab (an empty one is forgotten).
fn store(token: &str) {
    if let Some(s) = storage() {
        let _ = if token.is_empty() {
            s.remove_item(TOKEN_KEY)
        } else {
            s.set_item(TOKEN_KEY, token)
        };
    }
}

impl BenchState {
    /// Why the server refused the token (401), shown beside the field.
    pub fn token_problem(&self) -> Option<String> {
        self.problems.with(|p| {
            p.iter()
                .find(|p| p.field == TOKEN_FIELD)
                .map(|p| p.message.clone())
        })
    }

    /// The token to send, if one was typed.
    pub fn bearer(&self) -> Option<String> {
        Some(self.token.get_untracked().trim().to_string()).filter(|t| !t.is_empty())
    }
}

/// The token field, shown when the server asks for a token.
pub fn token_field(bench: BenchState) -> impl IntoView {
    view! {
        <div class="field" class:invalid=move || bench.token_problem().is_some()>
            <label for="bench-token">"Benchmark token"<span class="unit">"from this server's operator"</span></label>
            <input id="bench-token" name="authorization" type="password" autocomplete="off"
                prop:value=move || bench.token.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    store(text.trim());
                    bench.token.set(text);
                    bench.problems.update(|p| p.retain(|p| p.field != TOKEN_FIELD));
                }
                aria-invalid=move || bench.token_problem().is_some().to_string()
                aria-describedby="bench-token-hint bench-token-error" />
            <p class="error" id="bench-token-error" role="alert">{move || bench.token_problem()}</p>
            <p class="hint" id="bench-token-hint">"This server runs benchmarks only for holders of its token. It is kept in this tab only, and sent only to start or cancel a benchmark."</p>
        </div>
    }
}
