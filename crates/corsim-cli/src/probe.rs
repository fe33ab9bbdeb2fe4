//! `corsim probe`: a real server, asked as each browser would ask it
//! (contract additions §8). The network is `corsim-probe`'s; this module
//! reads the flags, renders the report and chooses the exit status.

use std::io::{self, Write};
use std::time::Duration;

use corsim::escape::Escaped;
use corsim::{Browser, Outcome, RequestSpec, Scenario, Verdict};
use corsim_probe::{Config, Fault};
use serde::Serialize;

use crate::{parse_browsers, share, text, Browsers, Failure, Format};

/// Arguments of `corsim probe`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    corsim probe https://api.example/users --page https://app.example --method PUT \
    -H 'Content-Type: application/json'\n  \
    corsim probe https://localhost:8443/x --page http://localhost:3000 --insecure --format json\n\n\
    Exit status: 0 when the request succeeds in every browser asked, 1 when at least one \
    blocks it, 2 on invalid input, 3 when a server cannot be reached.\n\
    The probe sends no cookies and no HTTP authentication; the verdict says whether the \
    browser would.")]
pub(crate) struct ProbeArgs {
    /// The URL the script requests.
    #[arg(value_name = "URL")]
    url: String,
    /// The page's origin, e.g. `https://app.example`.
    #[arg(long, value_name = "ORIGIN")]
    page: String,
    /// The method, as the script writes it.
    #[arg(long, short = 'X', default_value = "GET", value_name = "M")]
    method: String,
    /// A header the script sets, `Name: value` (repeatable, in order).
    #[arg(short = 'H', long = "header", value_name = "Name: value")]
    headers: Vec<String>,
    /// The credentials mode (xhr: include = withCredentials).
    #[arg(long, default_value = "same-origin", value_parser = ["omit", "same-origin", "include"])]
    credentials: String,
    /// The request mode.
    #[arg(long, default_value = "cors", value_parser = ["cors", "no-cors", "same-origin"])]
    mode: String,
    /// The script's API.
    #[arg(long, default_value = "fetch", value_parser = ["fetch", "xhr"])]
    api: String,
    /// The browser profiles: chrome, firefox, safari, spec, or all (every
    /// profile, in that order).
    #[arg(long, default_value = "all", value_parser = parse_browsers)]
    browser: Browsers,
    /// The output format. Default: text on a terminal, json otherwise.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The bound on each exchange (connect, TLS, response head), in seconds.
    #[arg(long, default_value = "10", value_name = "SECONDS", value_parser = parse_timeout)]
    timeout: Duration,
    /// Accept any TLS certificate (self-signed, expired, another name).
    #[arg(long)]
    insecure: bool,
}

/// Parses `--timeout`: a positive number of seconds.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("not a number of seconds: {text}"))?;
    if !(seconds > 0.0 && seconds <= 86_400.0) {
        return Err("expected a number of seconds above 0, at most 86400".to_owned());
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// A keyword flag as the scenario spells it (the values are checked by clap).
fn keyword<T: serde::de::DeserializeOwned>(value: &str) -> T {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .expect("clap checked the value")
}

/// The request the flags describe.
fn request(args: &ProbeArgs) -> Result<RequestSpec, Failure> {
    let mut spec = RequestSpec::get(args.url.clone());
    spec.method.clone_from(&args.method);
    spec.api = keyword(&args.api);
    spec.credentials = keyword(&args.credentials);
    spec.mode = keyword(&args.mode);
    for header in &args.headers {
        let Some((name, value)) = header.split_once(':') else {
            return Err(Failure::input(
                "-H",
                format_args!("expected 'Name: value', got '{}'", Escaped(header)),
            ));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(Failure::input(
                "-H",
                format_args!("no header name in '{}'", Escaped(header)),
            ));
        }
        spec.headers
            .push((name.to_owned(), value.trim_start().to_owned()));
    }
    Ok(spec)
}

/// The JSON document: the contract's `scenario` and `verdicts`, and what
/// the network did.
#[derive(Serialize)]
struct Report<'a> {
    scenario: &'a Scenario,
    verdicts: &'a [Verdict],
    /// Network faults, each naming its URL: `[]` when every server answered.
    faults: &'a [Fault],
    /// Where the scenario cannot replay exactly.
    warnings: &'a [String],
    /// The playground link of the scenario.
    share: &'a str,
}

/// `corsim probe`: the exit status, after the output.
pub(crate) fn run(args: &ProbeArgs, terminal: bool, out: &mut impl Write) -> Result<u8, Failure> {
    let spec = request(args)?;
    let config = Config {
        timeout: args.timeout,
        insecure: args.insecure,
    };
    let browsers = &args.browser.list;
    let report = corsim_probe::probe(&args.page, &spec, browsers, &config)
        .map_err(|e| Failure::problems("probe", &e))?;
    let shown = match browsers.as_slice() {
        [one] => *one,
        _ => Browser::Chrome,
    };
    let link = share::link(&share::playground(), &report.scenario, shown);
    let format = args
        .format
        .unwrap_or(if terminal { Format::Text } else { Format::Json });
    match format {
        Format::Json => crate::write_json(
            out,
            &Report {
                scenario: &report.scenario,
                verdicts: &report.verdicts,
                faults: &report.faults,
                warnings: &report.warnings,
                share: &link,
            },
            true,
        )?,
        Format::Text => {
            let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            for (i, verdict) in report.verdicts.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                let explain = text::Explanation {
                    scenario: &report.scenario,
                    browser: verdict.browser,
                    color,
                };
                explain.header(out)?;
                for (n, request) in verdict.requests.iter().enumerate() {
                    explain.request(out, n, request)?;
                }
            }
            writeln!(out)?;
            writeln!(out, "playground: {link}")?;
            let mut stderr = io::stderr().lock();
            for fault in &report.faults {
                let _ = writeln!(stderr, "error: {}", Escaped(&fault.message));
            }
            for warning in &report.warnings {
                let _ = writeln!(stderr, "warning: {}", Escaped(warning));
            }
        }
    }
    let blocked = report
        .verdicts
        .iter()
        .flat_map(|v| &v.requests)
        .any(|r| r.outcome() != Outcome::Ok);
    Ok(if report.faults.is_empty() {
        u8::from(blocked)
    } else {
        3
    })
}
