//! `corsim policy respond`: what a server with a CORS middleware sends
//! (contract additions §5).

use std::fs;
use std::io::{self, BufReader, Write};

use corsim::escape::Escaped;
use corsim::policy::{Exchange, Model, Policy, ServerRequest};
use serde_json::Value;

use crate::{display_name, read_input, read_line, write_json, Failure, IO_BUFFER};

#[derive(Debug, clap::Subcommand)]
pub(crate) enum PolicyCommand {
    /// What the configured server answers a request: the status and every
    /// header the middleware leaves, names spelled as the library spells
    /// them.
    #[command(after_help = "Examples:\n  \
        corsim policy respond policy.json --method OPTIONS --url https://api.example/users \\\n    \
        -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: PUT'\n  \
        corsim policy respond --batch exchanges.jsonl")]
    Respond(RespondArgs),
    /// Every exploitable, broken and dubious behaviour of a policy at once,
    /// each with the exchange that shows it and a fix. Exit 0 with no
    /// exploitable or broken finding, 1 with any, 2 on invalid input.
    #[command(after_help = "Examples:\n  \
        corsim policy audit policy.json --page https://app.example\n  \
        corsim policy audit policy.json --format text")]
    Audit(AuditArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct AuditArgs {
    /// The policy (JSON), or `-` for standard input.
    #[arg(value_name = "POLICY.json")]
    policy: String,
    /// A page origin the policy is meant to serve (repeatable). None: the
    /// origins the policy's options name.
    #[arg(long = "page", value_name = "ORIGIN")]
    pages: Vec<String>,
    /// The API URL the pages call.
    #[arg(long, default_value = "https://api.example/api")]
    url: String,
    /// The output format. Default: text on a terminal, json otherwise.
    #[arg(long, value_enum)]
    format: Option<crate::Format>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct RespondArgs {
    /// The policy (JSON: `{"framework", "version"?, "options", "mount"?}`),
    /// or `-` for standard input.
    #[arg(
        value_name = "POLICY.json",
        required_unless_present = "batch",
        conflicts_with = "batch",
        requires = "url"
    )]
    policy: Option<String>,
    /// One JSON object per line, `{"policy", "request", "app_response"?}`;
    /// prints one response per line (`{"error": "..."}` for a line that is
    /// not valid, and exit 2 at the end). `-` for standard input.
    #[arg(long, value_name = "FILE.jsonl")]
    batch: Option<String>,
    /// The request method.
    #[arg(long, default_value = "GET")]
    method: String,
    /// The request URL (absolute).
    #[arg(long)]
    url: Option<String>,
    /// A request header, `Name: value` (repeatable, in order).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
}

/// What a policy command found: whether the audit found something that
/// makes it exit 1.
pub(crate) fn run(
    command: &PolicyCommand,
    terminal: bool,
    out: &mut impl Write,
) -> Result<bool, Failure> {
    match command {
        PolicyCommand::Respond(args) => match &args.batch {
            Some(path) => batch(path, out).map(|()| false),
            None => single(args, out).map(|()| false),
        },
        PolicyCommand::Audit(args) => audit(args, terminal, out),
    }
}

fn read_policy(path: &str) -> Result<Policy, Failure> {
    let name = display_name(path);
    let text = String::from_utf8(read_input(path)?)
        .map_err(|e| Failure::input(name, format_args!("not UTF-8 text: {e}")))?;
    serde_json::from_str(&text).map_err(|e| Failure::input(name, e))
}

fn audit(args: &AuditArgs, terminal: bool, out: &mut impl Write) -> Result<bool, Failure> {
    use corsim::policy::audit::Severity;
    let policy = read_policy(&args.policy)?;
    let mut pages = Vec::new();
    for page in &args.pages {
        let origin = corsim::origin::Origin::parse(page).map_err(|e| {
            Failure::input(
                "--page",
                format_args!("`{}` is not an origin: {e}", Escaped(page)),
            )
        })?;
        pages.push(origin);
    }
    corsim::url_parser(&args.url, None).map_err(|e| {
        Failure::input(
            "--url",
            format_args!("`{}` is not an absolute URL: {e}", Escaped(&args.url)),
        )
    })?;
    let findings = corsim::policy::audit::audit(&policy, &pages, &args.url)
        .map_err(|e| Failure::input(display_name(&args.policy), e))?;
    let failing = findings
        .iter()
        .any(|f| matches!(f.severity, Severity::Exploitable | Severity::Broken));
    let format = args.format.unwrap_or(if terminal {
        crate::Format::Text
    } else {
        crate::Format::Json
    });
    if format == crate::Format::Json {
        /// The contract's document: `{"findings": [...]}`.
        #[derive(serde::Serialize)]
        struct Report<'a> {
            findings: &'a [corsim::policy::audit::Finding],
        }
        write_json(
            out,
            &Report {
                findings: &findings,
            },
            true,
        )?;
        return Ok(failing);
    }
    if findings.is_empty() {
        writeln!(out, "{}: no findings", policy.framework)?;
    }
    for finding in &findings {
        let severity = match finding.severity {
            Severity::Exploitable => "exploitable",
            Severity::Broken => "broken",
            Severity::Warning => "warning",
        };
        writeln!(
            out,
            "[{severity}] {}: {}",
            finding.id,
            Escaped(&finding.summary)
        )?;
        if let Some(evidence) = &finding.evidence {
            writeln!(
                out,
                "  request: {} {}",
                Escaped(&evidence.request.method),
                Escaped(&evidence.request.url)
            )?;
            for (name, value) in &evidence.request.headers {
                writeln!(out, "      {}: {}", Escaped(name), Escaped(value))?;
            }
            writeln!(out, "  response: {}", evidence.response.status)?;
            for (name, value) in &evidence.response.headers {
                writeln!(out, "      {}: {}", Escaped(name), Escaped(value))?;
            }
            if !evidence.browsers.is_empty() {
                let names: Vec<&str> = evidence.browsers.iter().map(|b| b.name()).collect();
                writeln!(out, "  in: {}", names.join(", "))?;
            }
        }
        if let Some(fix) = &finding.fix {
            writeln!(
                out,
                "  fix: {} ({})",
                Value::Object(fix.options.clone()),
                Escaped(&fix.explanation)
            )?;
        }
    }
    Ok(failing)
}

fn single(args: &RespondArgs, out: &mut impl Write) -> Result<(), Failure> {
    let path = args.policy.as_deref().unwrap_or("-");
    let name = display_name(path);
    let policy = read_policy(path)?;
    let model = Model::compile(&policy).map_err(|e| Failure::input(name, e))?;
    let mut headers = Vec::new();
    for header in &args.headers {
        let Some((n, v)) = header.split_once(':') else {
            return Err(Failure::input(
                "-H",
                format_args!("`{}` is not `Name: value`", Escaped(header)),
            ));
        };
        headers.push((n.to_owned(), v.trim_matches([' ', '\t']).to_owned()));
    }
    let request = ServerRequest {
        method: args.method.clone(),
        url: args.url.clone().unwrap_or_default(),
        headers,
    };
    request
        .check()
        .map_err(|e| Failure::input("the request", e))?;
    write_json(out, &model.respond(&request, None), true)
}

fn batch(path: &str, out: &mut impl Write) -> Result<(), Failure> {
    let name = display_name(path);
    let mut reader: Box<dyn io::BufRead> = if path == "-" {
        Box::new(BufReader::with_capacity(IO_BUFFER, io::stdin().lock()))
    } else {
        let file = fs::File::open(path).map_err(|e| Failure::input(name, e))?;
        Box::new(BufReader::with_capacity(IO_BUFFER, file))
    };
    let mut line = Vec::new();
    let mut invalid = Vec::new();
    for number in 1.. {
        let at = || format!("{name}:{number}");
        if !read_line(&mut reader, &mut line).map_err(|e| Failure::input(&at(), e))? {
            break;
        }
        let answer = std::str::from_utf8(&line)
            .map_err(|e| format!("not UTF-8 text: {e}"))
            .and_then(|text| {
                if text.trim().is_empty() {
                    return Ok(None);
                }
                let exchange: Exchange = serde_json::from_str(text).map_err(|e| e.to_string())?;
                exchange.respond().map(Some)
            });
        match answer {
            Ok(None) => {}
            Ok(Some(response)) => write_json(out, &response, false)?,
            Err(error) => {
                write_json(out, &serde_json::json!({ "error": error }), false)?;
                invalid.push(format!("{}: {error}", Escaped(&at())));
            }
        }
    }
    if invalid.is_empty() {
        Ok(())
    } else {
        Err(Failure::Input(invalid))
    }
}
