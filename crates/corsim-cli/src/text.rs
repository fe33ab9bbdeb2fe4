//! The text format: the verdict as a person reads it in a terminal.
//!
//! Everything shown comes from the verdicts the core returned (and the
//! [`Scenario`] for each request's header line); nothing is recomputed here.
//! Whatever comes from the input (URLs, methods, header names and values,
//! console lines, which quote them) is shown through [`Escaped`], so a
//! control character or a bidi override in a scenario can neither drive the
//! terminal nor forge a line of output.

use std::fmt::Display;
use std::io::{self, Write};

use corsim::escape::Escaped;
use corsim::header::HeaderList;
use corsim::verdict::{
    CacheStatus, Exchange, HopRecord, PreflightRecord, RequestVerdict, StepResult, TraceStep,
};
use corsim::{Browser, HttpVersion, Scenario};
use serde::Serialize;

/// The explanation of one profile's verdict, written request by request.
pub(crate) struct Explanation<'a> {
    /// The scenario that was run.
    pub(crate) scenario: &'a Scenario,
    /// The profile.
    pub(crate) browser: Browser,
    /// Whether to use ANSI colours.
    pub(crate) color: bool,
}

/// ANSI SGR codes.
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

/// Input text, escaped for the terminal.
/// ` (local address space)` for a server that is not public (Local
/// Network Access); nothing for a public one, the common case.
fn address_space_note(space: corsim::local_network::AddressSpace) -> String {
    if space == corsim::local_network::AddressSpace::Public {
        String::new()
    } else {
        format!("  ({space} address space)")
    }
}

fn e(text: &str) -> Escaped<'_> {
    Escaped(text)
}

impl Explanation<'_> {
    /// `text` in `style` when colours are on.
    fn paint<T: Display>(&self, style: &'static str, text: T) -> Painted<T> {
        Painted {
            style: if self.color { style } else { "" },
            text,
        }
    }

    /// The first line: the profile and the page.
    pub(crate) fn header(&self, out: &mut impl Write) -> io::Result<()> {
        let line = format!("{}: page {}", self.browser.name(), e(&self.scenario.page));
        writeln!(out, "{}", self.paint(BOLD, line))
    }

    /// Request `n` (0-based): what went over the wire, why, step by step,
    /// the console, and what the script got.
    pub(crate) fn request(
        &self,
        out: &mut impl Write,
        n: usize,
        verdict: &RequestVerdict,
    ) -> io::Result<()> {
        let spec = &self.scenario.requests[n];
        writeln!(out)?;
        let header = format!(
            "Request {}: {} {} {}",
            n + 1,
            wire(&spec.api),
            e(&spec.method),
            e(&spec.url)
        );
        writeln!(out, "{}", self.paint(BOLD, header))?;

        // What went over the wire.
        if verdict.preflights.is_empty() && verdict.hops.is_empty() {
            writeln!(out, "  Nothing was sent.")?;
        } else {
            writeln!(out, "  The browser sent:")?;
            if verdict.cache_hit {
                writeln!(
                    out,
                    "    (no preflight needed: a cached preflight result covered the request)"
                )?;
            }
            for exchange in verdict.exchanges() {
                match exchange {
                    Exchange::Preflight(preflight) => Self::preflight(out, preflight)?,
                    Exchange::Hop(hop) => Self::hop(out, hop)?,
                    _ => {}
                }
            }
        }

        // Why, step by step.
        if !verdict.trace.is_empty() {
            writeln!(out, "  Step by step:")?;
            let mut url: Option<&str> = None;
            for step in &verdict.trace {
                if step.url.is_some() && step.url.as_deref() != url {
                    url = step.url.as_deref();
                    let at = format!("at {}", e(url.unwrap_or_default()));
                    writeln!(out, "    {}", self.paint(DIM, at))?;
                }
                self.step(out, step)?;
            }
        }

        for line in &verdict.console {
            writeln!(out, "  console: {}", e(line))?;
        }
        self.conclusion(out, verdict)
    }

    fn preflight(out: &mut impl Write, preflight: &PreflightRecord) -> io::Result<()> {
        let why = match preflight.cache {
            CacheStatus::Miss => "nothing in the preflight cache",
            CacheStatus::Stale => "the cached result had expired",
            CacheStatus::Insufficient => "the cached result did not cover this request",
            _ => "",
        };
        writeln!(
            out,
            "    preflight OPTIONS {}  ({why}){}",
            e(&preflight.url),
            address_space_note(preflight.address_space)
        )?;
        for (name, value) in preflight.headers.iter() {
            writeln!(
                out,
                "        {}: {}",
                e(name),
                e(&String::from_utf8_lossy(value))
            )?;
        }
        Self::answer(
            out,
            preflight.status,
            preflight.http,
            &preflight.response_headers,
        )
    }

    /// The server's answer: its status, the HTTP version it came over, and
    /// its headers.
    fn answer(
        out: &mut impl Write,
        status: Option<u16>,
        http: HttpVersion,
        headers: &HeaderList,
    ) -> io::Result<()> {
        match status {
            Some(status) => writeln!(out, "      server answered {status} over {http}")?,
            None => writeln!(out, "      server unreachable")?,
        }
        for (name, value) in headers.iter() {
            writeln!(
                out,
                "        {}: {}",
                e(name),
                e(&String::from_utf8_lossy(value))
            )?;
        }
        Ok(())
    }

    fn hop(out: &mut impl Write, hop: &HopRecord) -> io::Result<()> {
        writeln!(
            out,
            "    {} {}{}",
            e(&hop.method),
            e(&hop.url),
            address_space_note(hop.address_space)
        )?;
        match &hop.origin {
            Some(origin) => writeln!(out, "        Origin: {}", e(origin))?,
            None => writeln!(out, "        (no Origin header)")?,
        }
        let credentials = if hop.credentials { "sent" } else { "not sent" };
        writeln!(
            out,
            "        credentials (cookies, HTTP auth): {credentials}"
        )?;
        if !hop.header_names.is_empty() {
            writeln!(
                out,
                "        script headers: {}",
                e(&hop.header_names.join(", "))
            )?;
        }
        Self::answer(out, hop.status, hop.http, &hop.response_headers)
    }

    fn step(&self, out: &mut impl Write, step: &TraceStep) -> io::Result<()> {
        let marker = match step.result {
            StepResult::Pass => self.paint(GREEN, "✓"),
            StepResult::Fail => self.paint(RED, "✗"),
            _ => self.paint(DIM, "·"),
        };
        writeln!(
            out,
            "    {marker} {} {}",
            self.paint(DIM, format_args!("[{}]", step.step.id())),
            e(&step.summary())
        )?;
        for (label, value) in &step.values() {
            let value = if value.is_empty() { "(empty)" } else { value };
            writeln!(out, "        {}: {}", e(label), e(value))?;
        }
        if step.result == StepResult::Fail {
            let anchor = format!("spec: {}", step.step.anchor());
            writeln!(out, "        {}", self.paint(DIM, anchor))?;
        }
        Ok(())
    }

    fn conclusion(&self, out: &mut impl Write, verdict: &RequestVerdict) -> io::Result<()> {
        let style = if verdict.is_ok() { GREEN } else { RED };
        let (on, off) = if self.color { (style, RESET) } else { ("", "") };
        write!(out, "  {on}=> {}", wire(&verdict.outcome()))?;
        if let Some(response) = verdict.response() {
            write!(
                out,
                ": {} {}, readable: ",
                wire(&response.response_type),
                response.status
            )?;
            if response.readable_headers.is_empty() {
                out.write_all(b"(none)")?;
            } else {
                write!(out, "{}", e(&response.readable_headers.join(", ")))?;
            }
            if response.redirected {
                out.write_all(b", redirected")?;
            }
            if !response.body_readable {
                out.write_all(b", body not readable")?;
            }
        } else if let Some(error) = verdict.error() {
            write!(
                out,
                " ({}): {}",
                wire(&verdict.phase()),
                e(&error.to_string())
            )?;
            write!(out, " during {}", wire(&error.during))?;
        } else if let Some(prompt) = verdict.prompt() {
            write!(
                out,
                " ({}): {} prompt: {}",
                wire(&verdict.phase()),
                prompt.permission.as_str(),
                e(&prompt.text.replace('\n', " / "))
            )?;
        } else {
            write!(out, " ({})", wire(&verdict.phase()))?;
        }
        writeln!(out, "{off}")
    }
}

/// Text with an optional ANSI style.
struct Painted<T> {
    style: &'static str,
    text: T,
}

impl<T: Display> Display for Painted<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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

/// `corsim fix --format text`: each blocked request, its change and the
/// code for each framework.
pub(crate) fn fixes(
    out: &mut impl Write,
    scenario: &Scenario,
    fixes: &[corsim::fix::RequestFix],
) -> io::Result<()> {
    if fixes.is_empty() {
        writeln!(out, "Every request succeeds: nothing to fix.")?;
    }
    for (n, fix) in fixes.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let request = &scenario.requests[fix.request];
        writeln!(
            out,
            "Request {}: {} {}",
            fix.request + 1,
            e(&request.method),
            e(&request.url)
        )?;
        if let Some(change) = fix.change.as_ref().filter(|c| c.options.is_some()) {
            writeln!(
                out,
                "  set these options of the policy for {}:",
                e(&change.url)
            )?;
            for (name, value) in change.options.iter().flatten() {
                writeln!(out, "    {}: {}", e(name), e(&value.to_string()))?;
            }
        } else if let Some(change) = &fix.change {
            writeln!(out, "  change the server's answers for {}:", e(&change.url))?;
            for (what, part) in [
                ("preflight", &change.preflight),
                ("request", &change.actual),
            ] {
                let Some(part) = part else { continue };
                writeln!(out, "    {what}:")?;
                if let Some(status) = part.status {
                    writeln!(out, "      status {status}")?;
                }
                for (name, value) in &part.headers {
                    writeln!(out, "      {}: {}", e(name), e(value))?;
                }
            }
        }
        if let Some(reason) = &fix.reason {
            writeln!(out, "  {}", e(reason))?;
        }
        if fix.still_blocked.is_empty() {
            writeln!(
                out,
                "  verified: the request succeeds in every browser asked"
            )?;
        } else {
            let names: Vec<&str> = fix.still_blocked.iter().map(|b| b.name()).collect();
            writeln!(out, "  still blocked in: {}", names.join(", "))?;
        }
        for (framework, code) in &fix.snippets {
            writeln!(out, "  {framework}:")?;
            for line in code.lines() {
                writeln!(out, "    {}", e(line))?;
            }
        }
    }
    Ok(())
}
