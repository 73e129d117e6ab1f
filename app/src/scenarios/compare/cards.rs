//! The compare page on a phone: one card per scenario with the same figures as the table
//! (its rows, its marks), shown instead of the table below 700 px (`style/compare.css`),
//! since a table of two to four columns cannot fit 390 px without overlapping.

use leptos::prelude::*;

use super::{verdict, Column, FigureRow};

/// One card per column, each listing every figure row.
pub fn cards(cols: &[Column], rows: &[FigureRow]) -> impl IntoView {
    let cards = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let facts = rows
                .iter()
                .filter_map(|row| {
                    let (text, why, top) = row.cells.get(i)?.clone();
                    Some(view! {
                        <dt>{row.label}</dt>
                        <dd class:cheapest=top title=why>
                            {text}{top.then(|| view! { <span class="marker">" "{row.marker}</span> })}
                        </dd>
                    })
                })
                .collect_view();
            view! {
                <article class="compare-card" data-id=c.id.clone()>
                    <h3>
                        <a href=format!("/s/{}", c.id)>{c.title.clone()}</a>
                        " "{verdict::badge(c)}
                    </h3>
                    <p class="sub">{format!("rev. {} · {}", c.revision, c.table)}</p>
                    <dl class="facts">{facts}</dl>
                </article>
            }
        })
        .collect_view();
    view! { <div class="compare-cards" id="compare-cards">{cards}</div> }
}
