//! A sequence diagram (SVG) of what travels: the script's call, each
//! preflight, each request and redirect hop, each answer, and what the
//! script gets, with the leg that failed marked.

use yew::prelude::*;

use crate::diagram::Leg;

/// Props of [`SequenceDiagram`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The page origin (the script's lane).
    pub(crate) page: AttrValue,
    /// The page's address space (Local Network Access), when it has one.
    #[prop_or_default]
    pub(crate) page_space: Option<AttrValue>,
    /// The arrows, in order.
    pub(crate) legs: Vec<Leg>,
}

const LANE_W: i32 = 190;
const TOP: i32 = 56;

/// The advance of one character of the monospaced labels (12px) and details
/// (11px), about 0.6 em, rounded up.
const LABEL_CHAR_W: i32 = 8;
const DETAIL_CHAR_W: i32 = 7;

/// The width `text` takes in characters of `char_w`, plus a margin.
fn text_width(text: &str, char_w: i32) -> i32 {
    i32::try_from(text.chars().count())
        .unwrap_or(i32::MAX / 16)
        .saturating_mul(char_w)
        .saturating_add(12)
}

fn lines_of(leg: &Leg) -> i32 {
    match leg {
        Leg::Out { detail, .. } => 1 + i32::try_from(detail.len()).unwrap_or(0),
        Leg::Back {
            headers, failed, ..
        } => 1 + i32::try_from(headers.len() + usize::from(failed.is_some())).unwrap_or(0),
        _ => 1,
    }
}

/// The diagram.
#[function_component(SequenceDiagram)]
pub(crate) fn sequence_diagram(props: &Props) -> Html {
    let mut lanes: Vec<String> = Vec::new();
    for leg in &props.legs {
        if let Leg::Out { lane, .. } | Leg::Back { lane, .. } = leg {
            if !lanes.contains(lane) {
                lanes.push(lane.clone());
            }
        }
    }
    let count = 2 + i32::try_from(lanes.len()).unwrap_or(0);
    let width = (count * LANE_W).max(560);
    let x = |i: i32| LANE_W / 2 + i * (width - LANE_W) / (count - 1).max(1);
    let lane_x = |lane: &str| {
        x(2 + i32::try_from(lanes.iter().position(|l| l == lane).unwrap_or(0)).unwrap_or(0))
    };
    let mut y = TOP + 20;
    // How far right the text reaches: the diagram widens to it (and its box
    // scrolls) rather than clipping a header value or a block reason.
    let mut reach = width;
    let mut arrows = Vec::new();
    let mut alt = Vec::new();
    for leg in &props.legs {
        let rows = lines_of(leg);
        let (from, to, label, detail, class): (i32, i32, String, Vec<String>, &str) = match leg {
            Leg::Call { text, failed } => (
                x(0),
                x(1),
                if *failed {
                    format!("{text} ✗ throws")
                } else {
                    text.clone()
                },
                Vec::new(),
                if *failed { "fail" } else { "call" },
            ),
            Leg::Out {
                lane,
                text,
                detail,
                preflight,
            } => (
                x(1),
                lane_x(lane),
                text.clone(),
                detail.clone(),
                if *preflight { "preflight" } else { "request" },
            ),
            Leg::Back {
                lane,
                text,
                headers,
                failed,
                preflight,
            } => (
                lane_x(lane),
                x(1),
                text.clone(),
                headers
                    .iter()
                    .cloned()
                    .chain(failed.iter().map(|f| format!("✗ blocked: {f}")))
                    .collect(),
                if failed.is_some() {
                    "fail"
                } else if *preflight {
                    "preflight back"
                } else {
                    "back"
                },
            ),
            Leg::Result { ok, text } => (
                x(1),
                x(0),
                text.clone(),
                Vec::new(),
                if *ok { "ok" } else { "fail" },
            ),
        };
        alt.push(format!(
            "{label}{}",
            if detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", detail.join("; "))
            }
        ));
        let text_x = from.min(to) + 8;
        reach = reach.max(text_x + text_width(&label, LABEL_CHAR_W)).max(
            detail
                .iter()
                .map(|d| text_x + text_width(d, DETAIL_CHAR_W))
                .max()
                .unwrap_or(0),
        );
        let arrow_y = y + 6;
        let marker = if class.contains("fail") {
            "url(#arrow-fail)"
        } else {
            "url(#arrow)"
        };
        let end = if to > from { to - 4 } else { to + 4 };
        arrows.push(html! {
            <g class={classes!("leg", class.split(' ').collect::<Vec<_>>())}>
                <text x={text_x.to_string()} y={(arrow_y - 6).to_string()} class="label">{ label }</text>
                <line x1={from.to_string()} y1={arrow_y.to_string()} x2={end.to_string()} y2={arrow_y.to_string()}
                    marker-end={marker} />
                { for detail.iter().enumerate().map(|(i, d)| html! {
                    <text x={text_x.to_string()} y={(arrow_y + 16 + 14 * i32::try_from(i).unwrap_or(0)).to_string()} class="detail">{ d.clone() }</text>
                }) }
            </g>
        });
        y += 30 + 14 * (rows - 1) + 10;
    }
    let height = y + 10;
    let mut headers = vec![
        (
            "Script".to_owned(),
            match &props.page_space {
                Some(space) => format!("{} ({space})", props.page),
                None => props.page.to_string(),
            },
        ),
        ("Browser".to_owned(), String::new()),
    ];
    headers.extend(lanes.iter().map(|l| ("Server".to_owned(), l.clone())));
    let heads = headers.iter().enumerate().map(|(i, (name, sub))| {
        let cx = x(i32::try_from(i).unwrap_or(0));
        html! {
            <g class="lane">
                <rect x={(cx - LANE_W / 2 + 8).to_string()} y="4" width={(LANE_W - 16).to_string()} height="40" rx="6" />
                <text x={cx.to_string()} y="21" text-anchor="middle" class="lane-name">{ name.clone() }</text>
                <text x={cx.to_string()} y="37" text-anchor="middle" class="lane-sub">{ sub.clone() }</text>
                <line class="lifeline" x1={cx.to_string()} y1="44" x2={cx.to_string()} y2={height.to_string()} />
            </g>
        }
    });
    html! {
        <figure class="diagram">
            <div class="scroll-x" tabindex="0" role="region" aria-label="Sequence diagram, scrolls sideways">
                <svg id="sequence-diagram" viewBox={format!("0 0 {reach} {height}")} width={reach.to_string()}
                    role="img" aria-labelledby="diagram-title">
                    <title id="diagram-title">{ format!("Sequence: {}", alt.join(" → ")) }</title>
                    <defs>
                        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" class="head" />
                        </marker>
                        <marker id="arrow-fail" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" class="head-fail" />
                        </marker>
                    </defs>
                    { for heads }
                    { for arrows }
                </svg>
            </div>
            <figcaption class="hint">{ "Dashed arrows are preflights; red marks where the browser stopped." }</figcaption>
        </figure>
    }
}
