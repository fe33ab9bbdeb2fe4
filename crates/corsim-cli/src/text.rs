//! The text format: the verdict as a person reads it in a terminal.
//!
//! Everything shown comes from the [`Verdict`] the core returned (and the
//! [`Scenario`] for each request's header line); nothing is recomputed here.

use std::fmt::{self, Display, Formatter};

use corsim::verdict::{
    CacheStatus, Exchange, HopRecord, PreflightRecord, RequestVerdict, StepResult, TraceStep,
};
use corsim::{RequestSpec, Scenario, Verdict};
use serde::Serialize;

/// The explanation of one verdict, ready to print.
pub(crate) struct Explanation<'a> {
    /// The scenario that was run.
    pub(crate) scenario: &'a Scenario,
    /// What the profile did with it.
    pub(crate) verdict: &'a Verdict,
    /// Whether to use ANSI colours.
    pub(crate) color: bool,
}

/// ANSI SGR codes.
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

impl Explanation<'_> {
    /// `text` in `style` when colours are on.
    fn paint<T: Display>(&self, style: &'static str, text: T) -> Painted<T> {
        Painted {
            style: if self.color { style } else { "" },
            text,
        }
    }

    fn request(
        &self,
        f: &mut Formatter<'_>,
        n: usize,
        spec: &RequestSpec,
        verdict: &RequestVerdict,
    ) -> fmt::Result {
        let header = format!(
            "Request {n}: {} {} {}",
            wire(&spec.api),
            spec.method,
            spec.url
        );
        writeln!(f, "{}", self.paint(BOLD, header))?;

        // What went over the wire.
        if verdict.preflights.is_empty() && verdict.hops.is_empty() {
            writeln!(f, "  Nothing was sent.")?;
        } else {
            writeln!(f, "  The browser sent:")?;
            if verdict.cache_hit {
                writeln!(
                    f,
                    "    (no preflight needed: a cached preflight result covered the request)"
                )?;
            }
            for exchange in verdict.exchanges() {
                match exchange {
                    Exchange::Preflight(preflight) => Self::preflight(f, preflight)?,
                    Exchange::Hop(hop) => Self::hop(f, hop)?,
                    _ => {}
                }
            }
        }

        // Why, step by step.
        if !verdict.trace.is_empty() {
            writeln!(f, "  Step by step:")?;
            let mut url: Option<&str> = None;
            for step in &verdict.trace {
                if step.url.is_some() && step.url.as_deref() != url {
                    url = step.url.as_deref();
                    writeln!(
                        f,
                        "    {}",
                        self.paint(DIM, format_args!("at {}", url.unwrap_or_default()))
                    )?;
                }
                self.step(f, step)?;
            }
        }

        for line in &verdict.console {
            writeln!(f, "  console: {line}")?;
        }
        self.conclusion(f, verdict)
    }

    fn preflight(f: &mut Formatter<'_>, preflight: &PreflightRecord) -> fmt::Result {
        let why = match preflight.cache {
            CacheStatus::Miss => "nothing in the preflight cache",
            CacheStatus::Stale => "the cached result had expired",
            CacheStatus::Insufficient => "the cached result did not cover this request",
            _ => "",
        };
        writeln!(f, "    preflight OPTIONS {}  ({why})", preflight.url)?;
        for (name, value) in &preflight.headers {
            writeln!(f, "        {name}: {value}")?;
        }
        match preflight.status {
            Some(status) => writeln!(f, "      server answered {status}"),
            None => writeln!(f, "      server unreachable"),
        }
    }

    fn hop(f: &mut Formatter<'_>, hop: &HopRecord) -> fmt::Result {
        writeln!(f, "    {} {}", hop.method, hop.url)?;
        match &hop.origin {
            Some(origin) => writeln!(f, "        Origin: {origin}")?,
            None => writeln!(f, "        (no Origin header)")?,
        }
        let credentials = if hop.credentials { "sent" } else { "not sent" };
        writeln!(f, "        credentials (cookies, HTTP auth): {credentials}")?;
        if !hop.header_names.is_empty() {
            writeln!(f, "        script headers: {}", hop.header_names.join(", "))?;
        }
        Ok(())
    }

    fn step(&self, f: &mut Formatter<'_>, step: &TraceStep) -> fmt::Result {
        let marker = match step.result {
            StepResult::Pass => self.paint(GREEN, "✓"),
            StepResult::Fail => self.paint(RED, "✗"),
            _ => self.paint(DIM, "·"),
        };
        writeln!(
            f,
            "    {marker} {} {}",
            self.paint(DIM, format_args!("[{}]", step.step.id())),
            step.summary()
        )?;
        for (label, value) in &step.values() {
            let value = if value.is_empty() { "(empty)" } else { value };
            writeln!(f, "        {label}: {value}")?;
        }
        if step.result == StepResult::Fail {
            writeln!(
                f,
                "        {}",
                self.paint(DIM, format_args!("spec: {}", step.step.anchor()))
            )?;
        }
        Ok(())
    }

    fn conclusion(&self, f: &mut Formatter<'_>, verdict: &RequestVerdict) -> fmt::Result {
        let style = if verdict.is_ok() { GREEN } else { RED };
        let (on, off) = if self.color { (style, RESET) } else { ("", "") };
        write!(f, "  {on}=> {}", wire(&verdict.outcome()))?;
        if let Some(response) = verdict.response() {
            write!(
                f,
                ": {} {}, readable: ",
                wire(&response.response_type),
                response.status
            )?;
            if response.readable_headers.is_empty() {
                f.write_str("(none)")?;
            } else {
                f.write_str(&response.readable_headers.join(", "))?;
            }
            if response.redirected {
                f.write_str(", redirected")?;
            }
            if !response.body_readable {
                f.write_str(", body not readable")?;
            }
        } else if let Some(error) = verdict.error() {
            write!(f, " ({}): {}", wire(&verdict.phase()), error.code())?;
            if let Some(parameter) = error.parameter() {
                write!(f, " ({parameter})")?;
            }
            write!(f, " during {}", wire(&error.during))?;
        } else {
            write!(f, " ({})", wire(&verdict.phase()))?;
        }
        writeln!(f, "{off}")
    }
}

impl Display for Explanation<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let browser = self.verdict.browser.name();
        writeln!(
            f,
            "{}",
            self.paint(BOLD, format_args!("{browser}: page {}", self.scenario.page))
        )?;
        for (i, (spec, verdict)) in self
            .scenario
            .requests
            .iter()
            .zip(&self.verdict.requests)
            .enumerate()
        {
            writeln!(f)?;
            self.request(f, i + 1, spec, verdict)?;
        }
        Ok(())
    }
}

/// Text with an optional ANSI style.
struct Painted<T> {
    style: &'static str,
    text: T,
}

impl<T: Display> Display for Painted<T> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.style.is_empty() {
            write!(f, "{}", self.text)
        } else {
            write!(f, "{}{}{RESET}", self.style, self.text)
        }
    }
}

/// A value's spelling in the format (`"no-cors"`, `"opaqueredirect"`), so
/// the text and the JSON name things alike.
fn wire(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::from("?"),
    }
}
