//! The audit of one server entry's policy: what pages it lets read
//! responses that it did not mean to, and what it blocks that it meant to
//! allow, each with the exchange that shows it and its fix.

use std::rc::Rc;

use corsim::origin::Origin;
use corsim::policy::audit::{audit, Finding, Severity};
use corsim::policy::{Policy, PolicyError};
use gloo_timers::callback::Timeout;
use serde_json::{Map, Value};
use yew::prelude::*;

/// How long the audit waits after the policy last changed: an audit takes
/// about 100 ms in the page, too long to run on every keystroke.
const AUDIT_DELAY_MS: u32 = 250;

/// What an audit ran on: the policy, the page origin and the entry's URL.
type Audited = (Policy, AttrValue, AttrValue);

/// Props of [`AuditPanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The entry's index, for ids.
    pub(crate) index: usize,
    /// The policy audited.
    pub(crate) policy: Policy,
    /// The scenario's page origin (the page the policy means to allow).
    pub(crate) page: AttrValue,
    /// The entry's URL.
    pub(crate) url: AttrValue,
    /// Apply a fix: merge these options over the policy's.
    pub(crate) onapply: Callback<Map<String, Value>>,
}

/// The findings of [`audit`], or the library's complaint about the policy.
fn run(policy: &Policy, page: &str, url: &str) -> Result<Vec<Finding>, PolicyError> {
    let pages: Vec<Origin> = Origin::parse(page).ok().into_iter().collect();
    audit(policy, &pages, url)
}

fn severity_title(severity: Severity) -> &'static str {
    match severity {
        Severity::Exploitable => "Exploitable: other pages can read the responses",
        Severity::Broken => "Broken: a page meant to be allowed is blocked",
        Severity::Warning => "Warnings",
    }
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Exploitable => "exploitable",
        Severity::Broken => "broken",
        Severity::Warning => "warning",
    }
}

fn finding_view(k: usize, finding: &Finding, onapply: &Callback<Map<String, Value>>) -> Html {
    let id = format!("srv{k}-finding-{}", finding.id);
    let evidence = finding.evidence.as_ref().map(|e| {
        let request = std::iter::once(format!("{} {}", e.request.method, e.request.url))
            .chain(e.request.headers.iter().map(|(n, v)| format!("{n}: {v}")))
            .collect::<Vec<_>>()
            .join("\n");
        let response = std::iter::once(format!("{}", e.response.status))
            .chain(e.response.headers.iter().map(|(n, v)| format!("{n}: {v}")))
            .collect::<Vec<_>>()
            .join("\n");
        let browsers = e
            .browsers
            .iter()
            .map(|b| b.display_name())
            .collect::<Vec<_>>()
            .join(", ");
        html! {
            <div class="evidence">
                <p class="label">{ "Request" }</p>
                <pre class="evidence-request">{ request }</pre>
                <p class="label">{ "Response" }</p>
                <pre class="evidence-response">{ response }</pre>
                <p class="evidence-browsers">{ format!("Browsers: {browsers}") }</p>
            </div>
        }
    });
    let fix = finding.fix.as_ref().map(|fix| {
        let options = fix.options.clone();
        let cb = onapply.clone();
        let onclick = Callback::from(move |_: MouseEvent| cb.emit(options.clone()));
        let json = serde_json::to_string(&Value::Object(fix.options.clone())).unwrap_or_default();
        html! {
            <div class="fix">
                <p>{ "Fix: " }{ fix.explanation.clone() }</p>
                <pre class="fix-options">{ json }</pre>
                <button type="button" class="apply" id={format!("{id}-apply")}
                    aria-label={format!("Apply the fix for {}", finding.id)} {onclick}>{ "Apply" }</button>
            </div>
        }
    });
    html! {
        <li class={classes!("finding", severity_name(finding.severity))} id={id.clone()}
            data-finding={finding.id}>
            <p class="finding-summary"><code>{ finding.id }</code>{ " " }{ finding.summary.clone() }</p>
            if let Some(evidence) = evidence {
                <details>
                    <summary>{ "The exchange that shows it" }</summary>
                    { evidence }
                </details>
            }
            { for fix }
        </li>
    }
}

/// The audit of one server entry's policy.
#[function_component(AuditPanel)]
pub(crate) fn audit_panel(props: &Props) -> Html {
    let k = props.index;
    let key: Audited = (props.policy.clone(), props.page.clone(), props.url.clone());
    // The first audit runs at once; a changed policy is audited once it has
    // stayed the same for AUDIT_DELAY_MS, the last findings shown (marked
    // busy) until then.
    let audited = use_state(|| {
        let findings = run(&key.0, &key.1, &key.2);
        (key.clone(), Rc::new(findings))
    });
    {
        let audited = audited.clone();
        use_effect_with(key.clone(), move |key| {
            let timeout = (audited.0 != *key).then(|| {
                let key = key.clone();
                let audited = audited.clone();
                Timeout::new(AUDIT_DELAY_MS, move || {
                    let findings = run(&key.0, &key.1, &key.2);
                    audited.set((key, Rc::new(findings)));
                })
            });
            move || drop(timeout)
        });
    }
    let busy = audited.0 != key;
    let findings = Rc::clone(&audited.1);
    let body = match &*findings {
        // The options field says why.
        Err(_) => {
            html! { <p class="hint">{ "No audit until the library accepts the options." }</p> }
        }
        Ok(list) if list.is_empty() => html! {
            <p class="audit-clean" id={format!("srv{k}-audit-clean")}>
                { format!("No findings for the page {}.", props.page) }
            </p>
        },
        Ok(list) => {
            let groups = [Severity::Exploitable, Severity::Broken, Severity::Warning]
                .into_iter()
                .filter_map(|severity| {
                    let items: Vec<&Finding> =
                        list.iter().filter(|f| f.severity == severity).collect();
                    (!items.is_empty()).then(|| {
                        let name = severity_name(severity);
                        html! {
                            <section class={classes!("severity", name)} id={format!("srv{k}-audit-{name}")}>
                                <h5>{ format!("{} ({})", severity_title(severity), items.len()) }</h5>
                                <ul>{ for items.into_iter().map(|f| finding_view(k, f, &props.onapply)) }</ul>
                            </section>
                        }
                    })
                });
            html! { <>{ for groups }</> }
        }
    };
    html! {
        <section class="audit" id={format!("srv{k}-audit")} aria-labelledby={format!("srv{k}-audit-title")}
            aria-busy={busy.to_string()}>
            <h4 id={format!("srv{k}-audit-title")}>{ "Audit of this policy" }</h4>
            <p class="hint">{ format!("Every request shape that matters (look-alike and null origins, methods, headers, credentials) in every browser, with {} as the page meant to be allowed.", props.page) }</p>
            { body }
        </section>
    }
}
