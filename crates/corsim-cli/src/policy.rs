//! `corsim policy respond`: what a server with a CORS middleware sends
//! (contract additions §5).

use std::fs;
use std::io::{self, BufReader, Write};

use corsim::escape::Escaped;
use corsim::policy::{Model, Policy, ServerRequest};
use corsim::ResponseSpec;
use serde::Deserialize;

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

/// One line of `--batch`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Exchange {
    policy: Policy,
    request: ServerRequest,
    #[serde(default)]
    app_response: Option<ResponseSpec>,
}

pub(crate) fn run(command: &PolicyCommand, out: &mut impl Write) -> Result<(), Failure> {
    match command {
        PolicyCommand::Respond(args) => match &args.batch {
            Some(path) => batch(path, out),
            None => single(args, out),
        },
    }
}

/// Checks a request's URL and headers: the problem, in words.
fn check_request(request: &ServerRequest) -> Result<(), String> {
    corsim::url_parser(&request.url, None)
        .map_err(|e| format!("`{}` is not an absolute URL: {e}", Escaped(&request.url)))?;
    if !corsim::method::is_method(&request.method) {
        return Err(format!("`{}` is not a method", Escaped(&request.method)));
    }
    if request.headers.len() > corsim::MAX_HEADERS {
        return Err(format!(
            "{} headers; a request may have at most {}",
            request.headers.len(),
            corsim::MAX_HEADERS
        ));
    }
    for (name, value) in &request.headers {
        if !corsim::header::is_header_name(name) {
            return Err(format!("`{}` is not a header name", Escaped(name)));
        }
        if !corsim::header::is_header_value(value.as_bytes()) {
            return Err(format!(
                "the value of {} is not a header value (a CR, LF or NUL, or whitespace around it)",
                Escaped(name)
            ));
        }
    }
    Ok(())
}

fn single(args: &RespondArgs, out: &mut impl Write) -> Result<(), Failure> {
    let path = args.policy.as_deref().unwrap_or("-");
    let name = display_name(path);
    let text = String::from_utf8(read_input(path)?)
        .map_err(|e| Failure::input(name, format_args!("not UTF-8 text: {e}")))?;
    let policy: Policy = serde_json::from_str(&text).map_err(|e| Failure::input(name, e))?;
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
    check_request(&request).map_err(|e| Failure::input("the request", e))?;
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
                check_request(&exchange.request)?;
                let model = Model::compile(&exchange.policy).map_err(|e| e.to_string())?;
                Ok(Some(model.respond(
                    &exchange.request,
                    exchange.app_response.as_ref(),
                )))
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
