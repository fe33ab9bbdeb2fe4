//! `corsim import`: evidence (console text, a HAR file, a `curl -v`
//! transcript) to a scenario, through [`corsim::import::import_evidence`].

use std::io::Write;

use corsim::escape::Escaped;
use corsim::import::{import_evidence, Imported};

use crate::{display_name, read_input, Failure};

/// What `corsim import` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ImportFormat {
    /// The scenario (format v1) with its `x-import` field.
    Json,
    /// A short summary (kind, browser, requests, what was assumed), then the scenario.
    Text,
}

/// Arguments of `corsim import`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Reads a browser console message (Chrome, Firefox or Safari wording, one or \
    more lines, noise around them is fine), a HAR file (\"Save all as HAR\"), or a `curl -v` \
    transcript, and prints a v1 scenario that reproduces it, with \"x-import\": {\"kind\", \
    \"browser\", \"assumed\"} listing what could not be known. Exit 2 when nothing in the input \
    is recognized.\n\nExamples:\n  \
    corsim import error.txt\n  \
    pbpaste | corsim import - --format text\n  \
    corsim import network.har > scenario.json && corsim simulate scenario.json --browser chrome\n  \
    curl -v -H 'Origin: https://app.example' https://api.example/data 2>&1 | corsim import -"
)]
pub(crate) struct ImportArgs {
    /// The evidence file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    input: String,
    /// The output format: json (the scenario, the default) or text (a
    /// short summary, then the scenario).
    #[arg(long, value_enum, default_value = "json")]
    format: ImportFormat,
}

/// `corsim import`.
pub(crate) fn run(args: &ImportArgs, out: &mut impl Write) -> Result<(), Failure> {
    let name = display_name(&args.input);
    let bytes = read_input(&args.input)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Failure::input(name, format_args!("not UTF-8 text: {e}")))?;
    let imported = import_evidence(&text).map_err(|e| Failure::input(name, e))?;
    match args.format {
        ImportFormat::Json => writeln!(out, "{}", imported.to_json())?,
        ImportFormat::Text => summary(out, &imported)?,
    }
    Ok(())
}

/// The summary for people: what was read, what was assumed, the scenario.
fn summary(out: &mut impl Write, imported: &Imported) -> std::io::Result<()> {
    let browser = imported.browser.map_or_else(
        || "no browser named".to_owned(),
        |b| b.display_name().to_owned(),
    );
    writeln!(
        out,
        "Imported: {} ({browser}), {} request{}",
        imported.kind,
        imported.scenario.requests.len(),
        if imported.scenario.requests.len() == 1 {
            ""
        } else {
            "s"
        }
    )?;
    writeln!(out, "Page: {}", Escaped(&imported.scenario.page))?;
    for (i, request) in imported.scenario.requests.iter().enumerate() {
        writeln!(
            out,
            "Request {}: {} {} {}",
            i + 1,
            match request.api {
                corsim::Api::Xhr => "xhr",
                _ => "fetch",
            },
            Escaped(&request.method),
            Escaped(&request.url)
        )?;
        if let Some(lines) = imported.evidence.get(i) {
            for line in lines {
                writeln!(out, "  console: {}", Escaped(line))?;
            }
        }
    }
    if imported.assumed.is_empty() {
        writeln!(out, "Assumed: nothing")?;
    } else {
        writeln!(out, "Assumed:")?;
        for a in &imported.assumed {
            writeln!(out, "  - {}", Escaped(&a.text))?;
        }
    }
    writeln!(out, "Scenario:")?;
    writeln!(out, "{}", imported.to_json())
}
