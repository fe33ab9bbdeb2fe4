//! How fast the core answers: one typical preflighted request, and the whole
//! conformance corpus through every profile.
//!
//! `cargo bench -p corsim`

use std::fs;
use std::path::Path;

use corsim::{simulate, simulate_with, Browser, Options, Scenario};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> Vec<Scenario> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let mut scenarios = Vec::new();
    for entry in fs::read_dir(dir).expect("tests/corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let file: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(&path).expect("readable")).expect("JSON");
            for case in file["cases"].as_array().expect("cases") {
                scenarios.push(serde_json::from_value(case["scenario"].clone()).expect("scenario"));
            }
        }
    }
    scenarios
}

fn benches(c: &mut Criterion) {
    // The target of docs/performance.md: a preflighted, credentialed JSON
    // PUT that succeeds, without and with the trace.
    let put = Scenario::from_json(include_str!("data/put-credentialed.json")).expect("put");
    assert!(simulate(&put, Browser::Chrome).expect("valid").requests[0].is_ok());
    for browser in Browser::ALL {
        c.bench_function(
            &format!("simulate/put-credentialed/{browser}/no-trace"),
            |b| {
                b.iter(|| simulate_with(&put, browser, Options::without_trace()).expect("valid"));
            },
        );
    }
    c.bench_function("simulate/put-credentialed/chrome/trace", |b| {
        b.iter(|| simulate(&put, Browser::Chrome).expect("valid"));
    });
    c.bench_function("simulate/put-credentialed/chrome/trace+json", |b| {
        b.iter(|| serde_json::to_string(&simulate(&put, Browser::Chrome).expect("valid")));
    });

    let example =
        Scenario::from_json(include_str!("../../../examples/json-put.json")).expect("example");
    c.bench_function("simulate/json-put/chrome", |b| {
        b.iter(|| simulate(&example, Browser::Chrome).expect("valid"));
    });
    c.bench_function("parse+simulate/json-put/chrome", |b| {
        let text = include_str!("../../../examples/json-put.json");
        b.iter(|| {
            simulate(&Scenario::from_json(text).expect("valid"), Browser::Chrome).expect("valid")
        });
    });

    let scenarios = corpus();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Elements(
        (scenarios.len() * Browser::ALL.len()) as u64,
    ));
    group.sample_size(10);
    group.bench_function("every-profile", |b| {
        b.iter(|| {
            for scenario in &scenarios {
                for browser in Browser::ALL {
                    simulate(scenario, browser).expect("corpus scenarios are valid");
                }
            }
        });
    });
    group.finish();
}

criterion_group!(simulate_benches, benches);
criterion_main!(simulate_benches);
