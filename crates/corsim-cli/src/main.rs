//! `corsim`: simulate what a browser does with a cross-origin request.
//!
//! The command line is thin: it parses its arguments, reads the scenario,
//! calls [`corsim::simulate`] and renders the verdict, as JSON (format v1)
//! or as the explanation a person reads in a terminal ([`text`]).
//!
//! Exit status: 0 when the simulation ran, whatever its outcome; 2 on invalid
//! input (`error: <where>: <what>` on stderr); 1 when the output cannot be
//! written. A closed pipe on stdout ends the program quietly.

mod text;

use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use corsim::{Browser, Scenario, Verdict};

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "corsim",
    version,
    about = "A browser-faithful CORS simulator: what a browser sends, what the script sees, and why."
)]
struct Cli {
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Run a scenario (format v1) and print the verdict.
    Simulate(SimulateArgs),
    /// Print the JSON Schema of a document of format v1.
    Schema {
        /// Which document.
        #[arg(value_enum)]
        document: Document,
    },
}

/// The documents of format v1.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Document {
    /// The scenario (input).
    Scenario,
    /// The verdict (output).
    Verdict,
}

/// Arguments of `corsim simulate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    corsim simulate scenario.json --browser firefox\n  \
    corsim simulate - < scenario.json\n  \
    corsim simulate --batch scenarios.jsonl --browser all")]
struct SimulateArgs {
    /// The scenario file (JSON), or `-` for standard input.
    #[arg(
        value_name = "SCENARIO.json",
        required_unless_present = "batch",
        conflicts_with = "batch"
    )]
    scenario: Option<String>,
    /// A file of scenarios, one JSON document per line (`-` for standard
    /// input); prints one verdict per line. Blank lines are skipped.
    #[arg(long, value_name = "SCENARIOS.jsonl")]
    batch: Option<String>,
    /// The browser profile: chrome, firefox, safari, spec, or all (every
    /// profile, in that order).
    #[arg(long, default_value = "chrome", value_parser = parse_browsers)]
    browser: Browsers,
    /// The output format. Default: text on a terminal, json otherwise
    /// (always json with --batch).
    #[arg(long, value_enum)]
    format: Option<Format>,
}

/// The profiles to run: one, or `all`.
#[derive(Debug, Clone)]
struct Browsers {
    /// The profiles, in output order.
    list: Vec<Browser>,
    /// Whether `all` was asked for: the JSON output is then an array.
    all: bool,
}

/// Parses `--browser`.
fn parse_browsers(name: &str) -> Result<Browsers, String> {
    if name == "all" {
        return Ok(Browsers {
            list: Browser::ALL.to_vec(),
            all: true,
        });
    }
    name.parse::<Browser>()
        .map(|b| Browsers {
            list: vec![b],
            all: false,
        })
        .map_err(|_| {
            let names: Vec<&str> = Browser::ALL.iter().map(|b| b.name()).collect();
            format!("expected one of {}, all", names.join(", "))
        })
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The verdict document (format v1).
    Json,
    /// The explanation, for people.
    Text,
}

/// Why the program stops early.
#[derive(Debug)]
enum Failure {
    /// Invalid input: exit 2 with this message.
    Input(String),
    /// Stdout could not be written.
    Output(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::Output(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = BufWriter::new(stdout.lock());
    let result = match cli.command {
        Command::Simulate(args) => simulate(&args, terminal, &mut out),
        Command::Schema { document } => schema(document, &mut out),
    }
    .and_then(|()| out.flush().map_err(Failure::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => {
            // Nothing more can be done if stderr is gone too.
            let _ = writeln!(io::stderr(), "error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            let _ = writeln!(io::stderr(), "error: cannot write the output: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `corsim schema DOCUMENT`.
fn schema(document: Document, out: &mut impl Write) -> Result<(), Failure> {
    let schema = match document {
        Document::Scenario => schemars::schema_for!(Scenario),
        Document::Verdict => schemars::schema_for!(Verdict),
    };
    write_json(out, &schema, true)
}

/// `corsim simulate`.
fn simulate(args: &SimulateArgs, terminal: bool, out: &mut impl Write) -> Result<(), Failure> {
    let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    if let Some(path) = &args.batch {
        let format = args.format.unwrap_or(Format::Json);
        return batch(path, &args.browser, format, color, out);
    }
    let path = args.scenario.as_deref().unwrap_or("-");
    let format = args
        .format
        .unwrap_or(if terminal { Format::Text } else { Format::Json });
    let input = read_input(path)?;
    let text = String::from_utf8(input)
        .map_err(|e| Failure::Input(format!("{}: not UTF-8 text: {e}", display_name(path))))?;
    let scenario = Scenario::from_json(&text)
        .map_err(|e| Failure::Input(format!("{}: {e}", display_name(path))))?;
    let verdicts = run(&scenario, &args.browser)
        .map_err(|e| Failure::Input(format!("{}: {e}", display_name(path))))?;
    render(
        out,
        &scenario,
        &verdicts,
        &args.browser,
        format,
        color,
        true,
    )
}

/// `corsim simulate --batch`: one scenario per line, one verdict per line.
///
/// Stops at the first invalid line, so the output holds the verdicts of
/// every non-blank line before it, in order.
fn batch(
    path: &str,
    browsers: &Browsers,
    format: Format,
    color: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let name = display_name(path);
    let reader: Box<dyn BufRead> = if path == "-" {
        Box::new(BufReader::new(io::stdin().lock()))
    } else {
        let file = fs::File::open(path).map_err(|e| Failure::Input(format!("{name}: {e}")))?;
        Box::new(BufReader::new(file))
    };
    let mut first = true;
    for (index, line) in reader.split(b'\n').enumerate() {
        let at = format!("{name}:{}", index + 1);
        let line = line.map_err(|e| Failure::Input(format!("{at}: {e}")))?;
        let line = String::from_utf8(line)
            .map_err(|e| Failure::Input(format!("{at}: not UTF-8 text: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let scenario =
            Scenario::from_json(&line).map_err(|e| Failure::Input(format!("{at}: {e}")))?;
        let verdicts =
            run(&scenario, browsers).map_err(|e| Failure::Input(format!("{at}: {e}")))?;
        if format == Format::Text {
            if !first {
                writeln!(out)?;
            }
            writeln!(out, "# {at}")?;
        }
        first = false;
        render(out, &scenario, &verdicts, browsers, format, color, false)?;
    }
    Ok(())
}

/// Runs the scenario in every profile asked for.
fn run(scenario: &Scenario, browsers: &Browsers) -> Result<Vec<Verdict>, corsim::InputError> {
    browsers
        .list
        .iter()
        .map(|&b| corsim::simulate(scenario, b))
        .collect()
}

/// Prints the verdicts: JSON (an array for `--browser all`), or the text
/// explanation of each.
fn render(
    out: &mut impl Write,
    scenario: &Scenario,
    verdicts: &[Verdict],
    browsers: &Browsers,
    format: Format,
    color: bool,
    pretty: bool,
) -> Result<(), Failure> {
    match format {
        Format::Json if browsers.all => write_json(out, &verdicts, pretty),
        Format::Json => verdicts.iter().try_for_each(|v| write_json(out, v, pretty)),
        Format::Text => {
            for (i, verdict) in verdicts.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write!(
                    out,
                    "{}",
                    text::Explanation {
                        scenario,
                        verdict,
                        color
                    }
                )?;
            }
            Ok(())
        }
    }
}

/// Writes one JSON document and a newline: pretty (2-space) or compact.
fn write_json(
    out: &mut impl Write,
    value: &impl serde::Serialize,
    pretty: bool,
) -> Result<(), Failure> {
    let written = if pretty {
        serde_json::to_writer_pretty(&mut *out, value)
    } else {
        serde_json::to_writer(&mut *out, value)
    };
    written.map_err(|e| Failure::Output(e.into()))?;
    writeln!(out)?;
    Ok(())
}

/// Reads a whole file, or standard input for `-`.
fn read_input(path: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let read = if path == "-" {
        io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        fs::read(path).map(|b| bytes = b)
    };
    read.map_err(|e| Failure::Input(format!("{}: {e}", display_name(path))))?;
    Ok(bytes)
}

/// How an input path is named in messages.
fn display_name(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}
