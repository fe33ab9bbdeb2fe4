//! Runs the benchmark's simulation (`benches/data/put-credentialed.json`,
//! without the trace) a given number of times, for
//! `scripts/bench-instructions`: the instructions and heap allocations of
//! one simulation are the difference between two counts, divided by the
//! difference in runs, so reading the scenario and starting the program
//! cancel out.
//!
//! `cargo run --release -p corsim --example simulate_loop -- RUNS BROWSER`

use std::hint::black_box;
use std::process::ExitCode;

use corsim::{simulate_with, Browser, Options, Scenario};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(runs), Some(browser)) = (
        args.first().and_then(|a| a.parse::<u32>().ok()),
        args.get(1).and_then(|b| b.parse::<Browser>().ok()),
    ) else {
        eprintln!("usage: simulate_loop RUNS BROWSER (chrome, firefox, safari or spec)");
        return ExitCode::from(2);
    };
    let scenario = match Scenario::from_json(include_str!("../benches/data/put-credentialed.json"))
    {
        Ok(scenario) => scenario,
        Err(e) => {
            eprintln!("simulate_loop: {e}");
            return ExitCode::FAILURE;
        }
    };
    for _ in 0..runs {
        if let Err(e) = black_box(simulate_with(
            black_box(&scenario),
            browser,
            Options::without_trace(),
        )) {
            eprintln!("simulate_loop: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
