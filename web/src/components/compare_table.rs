//! Chrome, Firefox, Safari and the Fetch Standard side by side, with the
//! rows where they differ marked.

use corsim::verdict::RequestVerdict;
use corsim::Browser;
use yew::prelude::*;

use crate::run::Runs;
use crate::wire;

/// Props of [`CompareTable`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// Every profile's verdict.
    pub(crate) runs: Runs,
    /// The request compared.
    pub(crate) index: usize,
    /// The profile shown in detail.
    pub(crate) browser: Browser,
    /// Pick a profile.
    pub(crate) onpick: Callback<Browser>,
}

fn preflights(v: &RequestVerdict) -> String {
    if v.preflights.is_empty() {
        return if v.cache_hit {
            "none (cache hit)".to_owned()
        } else {
            "none".to_owned()
        };
    }
    v.preflights
        .iter()
        .map(|p| {
            format!(
                "OPTIONS ({}) → {}",
                wire::name(&p.cache),
                p.status
                    .map_or_else(|| "unreachable".to_owned(), |s| s.to_string())
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn response(v: &RequestVerdict) -> String {
    v.response().map_or_else(
        || "—".to_owned(),
        |r| format!("{} {}", wire::name(&r.response_type), r.status),
    )
}

/// One row: a label and a cell per profile.
struct Row {
    label: &'static str,
    cells: Vec<String>,
    /// Compare only the real browsers (the spec prints no console).
    browsers_only: bool,
    code: bool,
}

/// The side-by-side table.
#[function_component(CompareTable)]
pub(crate) fn compare_table(props: &Props) -> Html {
    let verdicts: Vec<Option<&RequestVerdict>> = props
        .runs
        .0
        .iter()
        .map(|r| r.request(props.index))
        .collect();
    let cell = |f: &dyn Fn(&RequestVerdict) -> String| -> Vec<String> {
        verdicts
            .iter()
            .map(|v| v.map_or_else(|| "input error".to_owned(), f))
            .collect()
    };
    let rows = [
        Row {
            label: "Outcome",
            cells: cell(&|v| {
                if v.is_ok() {
                    "allowed".into()
                } else {
                    "blocked".into()
                }
            }),
            browsers_only: false,
            code: false,
        },
        Row {
            label: "Error code",
            cells: cell(&|v| {
                v.error()
                    .map_or_else(|| "—".to_owned(), ToString::to_string)
            }),
            browsers_only: false,
            code: true,
        },
        Row {
            label: "Preflight",
            cells: cell(&preflights),
            browsers_only: false,
            code: false,
        },
        Row {
            label: "Response",
            cells: cell(&response),
            browsers_only: false,
            code: false,
        },
        Row {
            label: "Readable headers",
            cells: cell(&|v| {
                v.response().map_or_else(
                    || "—".to_owned(),
                    |r| {
                        if r.readable_headers.is_empty() {
                            "none".to_owned()
                        } else {
                            r.readable_headers.join(", ")
                        }
                    },
                )
            }),
            browsers_only: false,
            code: false,
        },
        Row {
            label: "Console",
            cells: cell(&|v| {
                if v.console.is_empty() {
                    "(nothing)".to_owned()
                } else {
                    v.console.join("\n")
                }
            }),
            browsers_only: true,
            code: true,
        },
    ];
    let head = props.runs.0.iter().map(|r| {
        let browser = r.browser;
        let onclick = {
            let cb = props.onpick.clone();
            Callback::from(move |_: MouseEvent| cb.emit(browser))
        };
        let chosen = browser == props.browser;
        html! {
            <th scope="col" class={classes!(chosen.then_some("chosen"))}>
                <button type="button" class="linkish" aria-pressed={chosen.to_string()} {onclick}
                    id={format!("compare-{}", browser.name())}>{ browser.display_name() }</button>
            </th>
        }
    });
    // The cells a row compares: every profile's, or only the real browsers'.
    let compared_in = |row: &Row| -> Vec<usize> {
        (0..row.cells.len())
            .filter(|&i| {
                !row.browsers_only
                    || props
                        .runs
                        .0
                        .get(i)
                        .is_some_and(|r| r.browser.profile().is_browser)
            })
            .collect()
    };
    let differs_in = |row: &Row, compared: &[usize]| {
        compared
            .iter()
            .any(|&i| row.cells[i] != row.cells[compared[0]])
    };
    let any_diff = rows.iter().any(|row| differs_in(row, &compared_in(row)));
    let body = rows.iter().map(|row| {
        let compared = compared_in(row);
        let differs = differs_in(row, &compared);
        let cells = row.cells.iter().enumerate().map(|(i, text)| {
            let chosen = props.runs.0.get(i).is_some_and(|r| r.browser == props.browser);
            let alike = compared.iter().filter(|&&j| row.cells[j] == *text).count();
            let odd = differs && compared.contains(&i) && alike * 2 <= compared.len();
            html! {
                <td class={classes!(chosen.then_some("chosen"), odd.then_some("odd"))}>
                    if row.code { <code>{ text.clone() }</code> } else { { text.clone() } }
                </td>
            }
        });
        html! {
            <tr class={classes!(differs.then_some("differs"))}>
                <th scope="row">{ row.label }
                    if differs { <span class="diff-mark" title="The browsers differ here">{ " ≠" }</span> }
                </th>
                { for cells }
            </tr>
        }
    });
    html! {
        <div class="compare">
            <p class="hint">{ if any_diff {
                "Rows marked ≠ differ between browsers; the cells that stand out are highlighted."
            } else {
                "Every profile agrees on this request."
            } }</p>
            <div class="scroll-x" tabindex="0" role="region" aria-label="Browsers side by side, scrolls sideways">
                <table id="compare-table">
                    <thead><tr><th scope="col"><span class="sr-only">{ "Observable" }</span></th>{ for head }</tr></thead>
                    <tbody>{ for body }</tbody>
                </table>
            </div>
        </div>
    }
}
