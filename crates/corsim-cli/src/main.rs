//! `corsim`: simulate what a browser does with a cross-origin request.
//!
//! The command line is thin: it parses its arguments, reads the scenario,
//! calls [`corsim::simulate`] and renders the verdict, as JSON (format v1)
//! or as the explanation a person reads in a terminal ([`text`]).
//!
//! Exit status: 0 when the simulation ran, whatever its outcome; 2 on invalid
//! input (`error: <file>: <where>: <what>` on stderr, one line per problem,
//! with control characters escaped); 1 when the output cannot be written. A
//! closed pipe on stdout ends the program quietly.
//!
//! Memory stays bounded: a scenario is read up to
//! [`corsim::MAX_SCENARIO_BYTES`] (a batch line likewise), and the verdicts
//! of a long scenario are written out request by request as they are
//! simulated, never held whole.

mod compact;
mod import;
mod policy;
mod probe;
mod share;
mod text;

/// mimalloc: see the `mimalloc` line of Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::cell::RefCell;
use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use corsim::escape::Escaped;
use corsim::{Browser, InputError, Options, Scenario, Simulation, Verdict};
use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};

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
    /// Server policies: what a server with a CORS middleware sends.
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// For each blocked request, the smallest change to the server that
    /// makes it succeed in every browser asked, verified by simulating
    /// again, with code for common frameworks.
    Fix(FixArgs),
    /// Ask a real server what each browser would ask, hop by hop, and print
    /// each browser's verdict and the scenario recorded (exit 0: succeeds in
    /// every browser, 1: blocked in one, 2: invalid input, 3: unreachable).
    Probe(probe::ProbeArgs),
    /// Turn evidence (a console message, a HAR file or a `curl -v`
    /// transcript) into a scenario that reproduces it (exit 2: nothing
    /// recognized).
    Import(import::ImportArgs),
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
    /// Leave the trace out (`"trace": []`): every other field is as
    /// without it, and the simulation is several times faster.
    #[arg(long)]
    no_trace: bool,
}

/// The profiles to run: one, or `all`.
#[derive(Debug, clap::Args)]
struct FixArgs {
    /// The scenario file (JSON), or `-` for standard input.
    #[arg(value_name = "SCENARIO.json")]
    scenario: String,
    /// The browser profiles the request must succeed in: chrome, firefox,
    /// safari, spec, or all.
    #[arg(long, default_value = "all", value_parser = parse_browsers)]
    browser: Browsers,
    /// The output format. Default: text on a terminal, json otherwise.
    #[arg(long, value_enum)]
    format: Option<Format>,
}

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
    /// Invalid input: exit 2 with these lines (one per problem).
    Input(Vec<String>),
    /// Stdout could not be written.
    Output(io::Error),
}

impl Failure {
    /// Invalid input in `name`, one message.
    fn input(name: &str, message: impl std::fmt::Display) -> Self {
        Self::Input(vec![format!("{}: {message}", Escaped(name))])
    }

    /// Every problem of `error`, each prefixed with `name`.
    fn problems(name: &str, error: &InputError) -> Self {
        Self::Input(
            error
                .problems()
                .iter()
                .map(|p| format!("{}: {p}", Escaped(name)))
                .collect(),
        )
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::Output(e)
    }
}

/// The size of the input and output buffers: large enough that a batch run
/// spends little time in system calls.
const IO_BUFFER: usize = 64 * 1024;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = BufWriter::with_capacity(IO_BUFFER, stdout.lock());
    let result = match cli.command {
        Command::Simulate(args) => simulate(&args, terminal, &mut out),
        Command::Policy(command) => match policy::run(&command, terminal, &mut out) {
            // The audit found something exploitable or broken: exit 1,
            // after the output.
            Ok(true) => {
                return match out.flush() {
                    Ok(()) => ExitCode::from(1),
                    Err(_) => ExitCode::FAILURE,
                };
            }
            other => other.map(|_| ()),
        },
        Command::Fix(args) => fix(&args, terminal, &mut out),
        Command::Probe(args) => match probe::run(&args, terminal, &mut out) {
            Ok(0) => Ok(()),
            // Blocked (1) or unreachable (3): that status, after the output.
            Ok(status) => {
                return match out.flush() {
                    Ok(()) => ExitCode::from(status),
                    Err(_) => ExitCode::FAILURE,
                };
            }
            Err(e) => Err(e),
        },
        Command::Import(args) => import::run(&args, &mut out),
        Command::Schema { document } => schema(document, &mut out),
    }
    .and_then(|()| out.flush().map_err(Failure::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(lines)) => {
            // Nothing more can be done if stderr is gone too.
            let mut stderr = io::stderr().lock();
            for line in lines {
                let _ = writeln!(stderr, "error: {line}");
            }
            ExitCode::from(2)
        }
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            let _ = writeln!(io::stderr(), "error: cannot write the output: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `corsim fix`.
fn fix(args: &FixArgs, terminal: bool, out: &mut impl Write) -> Result<(), Failure> {
    /// The contract's document: `{"fixes": [...]}`.
    #[derive(serde::Serialize)]
    struct Report<'a> {
        fixes: &'a [corsim::fix::RequestFix],
    }
    let name = display_name(&args.scenario);
    let text = String::from_utf8(read_input(&args.scenario)?)
        .map_err(|e| Failure::input(name, format_args!("not UTF-8 text: {e}")))?;
    let scenario = Scenario::from_json(&text).map_err(|e| Failure::problems(name, &e))?;
    let fixes =
        corsim::fix::fix(&scenario, &args.browser.list).map_err(|e| Failure::problems(name, &e))?;
    if args
        .format
        .unwrap_or(if terminal { Format::Text } else { Format::Json })
        == Format::Json
    {
        return write_json(out, &Report { fixes: &fixes }, true);
    }
    text::fixes(out, &scenario, &fixes)?;
    Ok(())
}

/// `corsim schema DOCUMENT`.
fn schema(document: Document, out: &mut impl Write) -> Result<(), Failure> {
    let schema = match document {
        Document::Scenario => schemars::schema_for!(Scenario),
        Document::Verdict => schemars::schema_for!(Verdict),
    };
    write_json(out, &schema, true)
}

/// How `corsim simulate` writes what it found.
struct Output {
    browsers: Browsers,
    format: Format,
    options: Options,
    color: bool,
    /// Pretty JSON (one scenario) or one line per scenario (`--batch`).
    pretty: bool,
}

/// `corsim simulate`.
fn simulate(args: &SimulateArgs, terminal: bool, out: &mut impl Write) -> Result<(), Failure> {
    let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let options = if args.no_trace {
        Options::without_trace()
    } else {
        Options::default()
    };
    let output = |format, pretty| Output {
        browsers: args.browser.clone(),
        format,
        options,
        color,
        pretty,
    };
    if let Some(path) = &args.batch {
        return batch(
            path,
            &output(args.format.unwrap_or(Format::Json), false),
            out,
        );
    }
    let path = args.scenario.as_deref().unwrap_or("-");
    let name = display_name(path);
    let format = args
        .format
        .unwrap_or(if terminal { Format::Text } else { Format::Json });
    let input = read_input(path)?;
    let text = String::from_utf8(input)
        .map_err(|e| Failure::input(name, format_args!("not UTF-8 text: {e}")))?;
    let scenario = Scenario::from_json(&text).map_err(|e| Failure::problems(name, &e))?;
    render(&scenario, &output(format, true), out).map_err(|e| e.named(name))
}

/// `corsim simulate --batch`: one scenario per line, one verdict per line.
///
/// Stops at the first invalid line, so the output holds the verdicts of
/// every non-blank line before it, in order.
fn batch(path: &str, output: &Output, out: &mut impl Write) -> Result<(), Failure> {
    let name = display_name(path);
    let mut reader: Box<dyn BufRead> = if path == "-" {
        Box::new(BufReader::with_capacity(IO_BUFFER, io::stdin().lock()))
    } else {
        let file = fs::File::open(path).map_err(|e| Failure::input(name, e))?;
        Box::new(BufReader::with_capacity(IO_BUFFER, file))
    };
    let mut first = true;
    let mut line = Vec::new();
    for number in 1.. {
        // The line's name, for messages only.
        let at = || format!("{name}:{number}");
        if !read_line(&mut reader, &mut line).map_err(|e| Failure::input(&at(), e))? {
            break;
        }
        let text = std::str::from_utf8(&line)
            .map_err(|e| Failure::input(&at(), format_args!("not UTF-8 text: {e}")))?;
        if text.trim().is_empty() {
            continue;
        }
        let scenario = Scenario::from_json(text).map_err(|e| Failure::problems(&at(), &e))?;
        if output.format == Format::Text {
            if !first {
                writeln!(out)?;
            }
            writeln!(out, "# {}", Escaped(&at()))?;
        }
        first = false;
        render(&scenario, output, out).map_err(|e| e.named(&at()))?;
    }
    Ok(())
}

/// Reads one line (without its `\n`) into `line`, at most
/// [`corsim::MAX_SCENARIO_BYTES`] long; `false` at the end of the input.
fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    line.clear();
    let limit = corsim::MAX_SCENARIO_BYTES as u64 + 1;
    let read = reader.by_ref().take(limit).read_until(b'\n', line)?;
    if read == 0 {
        return Ok(false);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
    } else if line.len() > corsim::MAX_SCENARIO_BYTES {
        return Err(io::Error::other(format!(
            "a line of more than {} bytes; corsim reads at most {} bytes per scenario",
            corsim::MAX_SCENARIO_BYTES,
            corsim::MAX_SCENARIO_BYTES
        )));
    }
    Ok(true)
}

/// Why rendering stopped: the scenario's own problems (to be named with the
/// input they came from), or the output.
enum RenderError {
    Input(InputError),
    Output(io::Error),
}

impl RenderError {
    fn named(self, name: &str) -> Failure {
        match self {
            Self::Input(e) => Failure::problems(name, &e),
            Self::Output(e) => Failure::Output(e),
        }
    }
}

impl From<io::Error> for RenderError {
    fn from(e: io::Error) -> Self {
        Self::Output(e)
    }
}

/// Scenarios with at most this many requests are simulated whole before
/// anything is written; longer ones are first checked without a trace, then
/// written request by request as they are simulated.
const HELD_WHOLE: usize = 64;

/// Simulates `scenario` in every profile asked for and writes the verdicts:
/// JSON (an array for `--browser all`), or the text explanation of each.
///
/// The input problems a run finds (a request to a URL the server map does
/// not cover) are reported before anything is written.
fn render(scenario: &Scenario, output: &Output, out: &mut impl Write) -> Result<(), RenderError> {
    let browsers = &output.browsers.list;
    if scenario.requests.len() <= HELD_WHOLE {
        let verdicts = browsers
            .iter()
            .map(|&browser| corsim::simulate_with(scenario, browser, output.options))
            .collect::<Result<Vec<Verdict>, _>>()
            .map_err(RenderError::Input)?;
        return match output.format {
            Format::Json if output.browsers.all => json(out, &verdicts, output.pretty),
            Format::Json => verdicts
                .iter()
                .try_for_each(|verdict| json(out, verdict, output.pretty)),
            Format::Text => {
                for (i, verdict) in verdicts.iter().enumerate() {
                    let explain = text_for(scenario, verdict.browser, output, out, i)?;
                    for (n, request) in verdict.requests.iter().enumerate() {
                        explain.request(out, n, request)?;
                    }
                }
                Ok(())
            }
        };
    }
    for &browser in browsers {
        check(scenario, browser)?;
    }
    let runs = browsers
        .iter()
        .map(|&browser| {
            Simulation::new(scenario, browser, output.options).map(|sim| (browser, sim))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(RenderError::Input)?;
    match output.format {
        Format::Json => {
            let runs: Vec<Streamed<'_>> = runs.into_iter().map(Streamed::new).collect();
            if output.browsers.all {
                json(out, &runs, output.pretty)
            } else {
                runs.iter()
                    .try_for_each(|run| json(out, run, output.pretty))
            }
        }
        Format::Text => {
            for (i, (browser, simulation)) in runs.into_iter().enumerate() {
                let explain = text_for(scenario, browser, output, out, i)?;
                for (n, request) in simulation.enumerate() {
                    explain.request(out, n, &request.map_err(RenderError::Input)?)?;
                }
            }
            Ok(())
        }
    }
}

/// The text explanation of one profile's verdict, its header written (after
/// a blank line between profiles).
fn text_for<'a>(
    scenario: &'a Scenario,
    browser: Browser,
    output: &Output,
    out: &mut impl Write,
    i: usize,
) -> io::Result<text::Explanation<'a>> {
    if i > 0 {
        writeln!(out)?;
    }
    let explain = text::Explanation {
        scenario,
        browser,
        color: output.color,
    };
    explain.header(out)?;
    Ok(explain)
}

/// Writes one JSON document and a newline.
fn json(out: &mut impl Write, value: &impl Serialize, pretty: bool) -> Result<(), RenderError> {
    write_json(out, value, pretty).map_err(|e| match e {
        Failure::Output(e) => RenderError::Output(e),
        Failure::Input(lines) => RenderError::Output(io::Error::other(lines.join("; "))),
    })
}

/// Runs `scenario` without a trace and without keeping anything, for its
/// input problems only.
fn check(scenario: &Scenario, browser: Browser) -> Result<(), RenderError> {
    let mut problems = Vec::new();
    for verdict in
        Simulation::new(scenario, browser, Options::without_trace()).map_err(RenderError::Input)?
    {
        if let Err(e) = verdict {
            problems.extend(e.problems().iter().cloned());
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(RenderError::Input(InputError::from_problems(problems)))
    }
}

/// A verdict written as it is simulated: `{"browser", "requests": [...]}`.
struct Streamed<'s> {
    browser: Browser,
    simulation: RefCell<Simulation<'s>>,
}

impl<'s> Streamed<'s> {
    fn new((browser, simulation): (Browser, Simulation<'s>)) -> Self {
        Self {
            browser,
            simulation: RefCell::new(simulation),
        }
    }
}

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// The requests, simulated one by one as they are written.
        struct Requests<'a, 's>(&'a RefCell<Simulation<'s>>);
        impl Serialize for Requests<'_, '_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut simulation = self.0.borrow_mut();
                let mut seq = s.serialize_seq(simulation.size_hint().1)?;
                for verdict in &mut *simulation {
                    // Checked before anything was written.
                    let verdict = verdict.map_err(serde::ser::Error::custom)?;
                    seq.serialize_element(&verdict)?;
                }
                seq.end()
            }
        }
        let mut verdict = s.serialize_struct("Verdict", 2)?;
        verdict.serialize_field("browser", &self.browser)?;
        verdict.serialize_field("requests", &Requests(&self.simulation))?;
        verdict.end()
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
        compact::to_writer(&mut *out, value)
    };
    written.map_err(|e| Failure::Output(e.into()))?;
    writeln!(out)?;
    Ok(())
}

/// Reads a whole file, or standard input for `-`, up to
/// [`corsim::MAX_SCENARIO_BYTES`]. A longer file (standard input
/// redirected from one too) is refused before it is read; a longer pipe
/// once the limit is passed, having held no more than the limit.
fn read_input(path: &str) -> Result<Vec<u8>, Failure> {
    let name = display_name(path);
    let read = if path == "-" {
        let size = stdin_file().as_ref().map_or(0, left_in);
        read_at_most(io::stdin().lock(), size)
    } else {
        fs::File::open(path).and_then(|f| read_at_most(&f, left_in(&f)))
    };
    let limit = corsim::MAX_SCENARIO_BYTES;
    read.map_err(|e| Failure::input(name, e))?.ok_or_else(|| {
        Failure::input(
            name,
            format_args!(
                "more than {limit} bytes; corsim reads at most {limit} bytes per scenario"
            ),
        )
    })
}

/// What is left to read of `file` when it is a regular file; 0 for a pipe,
/// a terminal or a device, whose size says nothing.
fn left_in(file: &fs::File) -> u64 {
    use std::io::Seek;
    match (file.metadata(), (&*file).stream_position()) {
        (Ok(m), Ok(at)) if m.is_file() => m.len().saturating_sub(at),
        _ => 0,
    }
}

/// Standard input as a file, to ask its size (`< file` makes it a regular
/// one).
#[cfg(unix)]
fn stdin_file() -> Option<fs::File> {
    use std::os::fd::AsFd;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    Some(fs::File::from(fd))
}

#[cfg(not(unix))]
fn stdin_file() -> Option<fs::File> {
    None
}

/// Everything `reader` gives, or `None` past [`corsim::MAX_SCENARIO_BYTES`].
/// `size` is what a regular file says it holds (0 when unknown): too much
/// is refused unread, and the buffer is made that size at once. Otherwise
/// the input is read in blocks of 1 MiB, joined at the end: a hostile
/// pipe costs the limit, not twice it (a doubling buffer would have grown
/// to twice the limit).
fn read_at_most(reader: impl Read, size: u64) -> io::Result<Option<Vec<u8>>> {
    const BLOCK: u64 = 1 << 20;
    let limit = corsim::MAX_SCENARIO_BYTES;
    let mut reader = reader.take(limit as u64 + 1);
    if size > limit as u64 {
        return Ok(None);
    }
    if size > 0 {
        // A file that grows while it is read still stops at the limit.
        let mut bytes = Vec::with_capacity(usize::try_from(size).map_or(limit, |s| s + 1));
        reader.read_to_end(&mut bytes)?;
        return Ok((bytes.len() <= limit).then_some(bytes));
    }
    let mut blocks = Vec::new();
    let mut total = 0;
    loop {
        let mut block = Vec::new();
        let n = reader.by_ref().take(BLOCK).read_to_end(&mut block)?;
        if n == 0 {
            break;
        }
        total += n;
        if total > limit {
            return Ok(None);
        }
        blocks.push(block);
    }
    let mut bytes = Vec::with_capacity(total);
    for block in blocks {
        bytes.extend_from_slice(&block);
    }
    Ok(Some(bytes))
}

/// How an input path is named in messages.
fn display_name(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use std::io::{self, Read};

    use super::read_at_most;

    /// A reader that must not be read.
    struct Unread;

    impl Read for Unread {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            panic!("read");
        }
    }

    /// A reader that gives `n` bytes, a few at a time, as a pipe does.
    struct Pipe(usize);

    impl Read for Pipe {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.min(buf.len()).min(100_003);
            buf[..n].fill(b' ');
            self.0 -= n;
            Ok(n)
        }
    }

    #[test]
    fn input_is_read_up_to_the_limit_and_refused_past_it() {
        let limit = corsim::MAX_SCENARIO_BYTES;
        // A size over the limit is refused unread.
        assert!(read_at_most(Unread, limit as u64 + 1).unwrap().is_none());
        // Exactly the limit is read, one byte more refused, whether the
        // size is known or not.
        for size in [0, limit as u64] {
            let bytes = read_at_most(Pipe(limit), size).unwrap().expect("the limit");
            assert_eq!(bytes.len(), limit);
        }
        assert!(read_at_most(Pipe(limit + 1), 0).unwrap().is_none());
        // A file that grows past the size it gave stops at the limit.
        assert!(read_at_most(Pipe(limit + 1), 10).unwrap().is_none());
        assert_eq!(read_at_most(Pipe(5), 0).unwrap().unwrap(), b"     ");
        assert_eq!(read_at_most(Pipe(0), 0).unwrap().unwrap(), b"");
    }
}
