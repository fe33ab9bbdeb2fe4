// The built `corsim` package (pkg/, from scripts/build-js) in Node.js:
// every case of the conformance corpus gives, through WebAssembly, the very
// verdict the native command line prints, for every profile; and no input,
// however wrong, makes the module trap.
//
//   node --test tests/js/
//
// CORSIM_BIN names the native binary (scripts/test-js builds it);
// CORSIM_PKG the package directory (default: pkg/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const pkg = resolve(root, process.env.CORSIM_PKG ?? "pkg");
const bin = process.env.CORSIM_BIN ?? join(root, "target/debug/corsim");

const corsim = await import(join(pkg, "corsim.js"));
corsim.initSync({ module: readFileSync(join(pkg, "corsim_bg.wasm")) });
const { simulate, simulateAll, parseScenario, browsers, steps, version } = corsim;

const packageJson = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));

/** Every case of tests/corpus/*.json, with its file. */
const corpus = readdirSync(join(root, "tests/corpus"))
  .filter((f) => f.endsWith(".json"))
  .sort()
  .flatMap((file) =>
    JSON.parse(readFileSync(join(root, "tests/corpus", file), "utf8")).cases.map((c) => ({
      file,
      ...c,
    })),
  );

/** What the command line says for `scenarios`, one verdict per scenario. */
function cliBatch(scenarios, browser) {
  const dir = mkdtempSync(join(tmpdir(), "corsim-js-"));
  try {
    const file = join(dir, "scenarios.jsonl");
    writeFileSync(file, scenarios.map((s) => JSON.stringify(s) + "\n").join(""));
    const out = execFileSync(
      bin,
      ["simulate", "--batch", file, "--browser", browser, "--format", "json"],
      { encoding: "utf8", maxBuffer: 1 << 30 },
    );
    return out.split("\n").filter((line) => line !== "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The command line's message for one invalid scenario. */
function cliError(scenario, browser) {
  const run = spawnSync(bin, ["simulate", "-", "--browser", browser, "--format", "json"], {
    input: JSON.stringify(scenario),
    encoding: "utf8",
  });
  assert.equal(run.status, 2, run.stderr);
  return run.stderr.trim().replace(/^error: <stdin>: /, "");
}

test("the corpus is there", () => {
  assert.ok(corpus.length >= 100, `${corpus.length} cases`);
});

for (const browser of browsers()) {
  test(`every corpus case as ${browser}: wasm verdict === CLI verdict`, () => {
    const valid = [];
    const wasm = [];
    for (const c of corpus) {
      let verdict;
      try {
        verdict = simulate(c.scenario, browser);
      } catch (e) {
        assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), `${c.name}: ${e}`);
        assert.equal(e.message, cliError(c.scenario, browser), c.name);
        continue;
      }
      valid.push(c);
      wasm.push(verdict);
    }
    const cli = cliBatch(
      valid.map((c) => c.scenario),
      browser,
    );
    assert.equal(cli.length, valid.length);
    valid.forEach((c, i) => {
      const name = `${c.file}: ${c.name}`;
      assert.deepStrictEqual(wasm[i], JSON.parse(cli[i]), name);
      // The same document byte for byte: same keys, same order, same numbers.
      assert.equal(JSON.stringify(wasm[i]), cli[i], name);
    });
  });
}

test("simulateAll equals simulate per profile", () => {
  for (const c of corpus.slice(0, 50)) {
    const all = simulateAll(c.scenario);
    assert.deepStrictEqual(Object.keys(all), browsers());
    for (const browser of browsers()) {
      assert.deepStrictEqual(all[browser], simulate(c.scenario, browser), c.name);
    }
  }
});

test("parseScenario reads what the CLI reads, and round-trips", () => {
  for (const c of corpus.slice(0, 50)) {
    const parsed = parseScenario(JSON.stringify(c.scenario, null, 2));
    assert.deepStrictEqual(parseScenario(JSON.stringify(parsed)), parsed);
    assert.deepStrictEqual(simulate(parsed), simulate(c.scenario), c.name);
  }
});

test("invalid JSON throws the CLI's message, with line and column", () => {
  const text = '{\n  "page": "https://app.example",\n  "requests": [,]\n}\n';
  const run = spawnSync(bin, ["simulate", "-", "--format", "json"], { input: text, encoding: "utf8" });
  assert.equal(run.status, 2);
  assert.equal(run.stderr, "error: <stdin>: line 3, column 16: expected value\n");
  assert.throws(() => parseScenario(text), {
    name: "Error",
    message: "line 3, column 16: expected value",
  });
});

test("a malformed scenario throws the CLI's message", () => {
  const scenario = {
    page: "https://app.example",
    requests: [{ url: "https://api.example/x" }],
    server: { "https://api.example/x": { actual: { status: 42 } } },
  };
  assert.throws(() => simulate(scenario), { name: "Error", message: cliError(scenario, "chrome") });
  assert.throws(() => simulate({ ...scenario, extra: 1 }), {
    message:
      /^unknown field `extra`, expected one of `page`, `requests`, `server`, `address_spaces`, `permissions`, `frame`$/,
  });
  assert.throws(() => simulate(scenario, "opera"), {
    message: "unknown browser `opera` (expected chrome, firefox, safari or spec)",
  });
});

test("package.json ships every file it names, the <corsim-scenario> element among them", () => {
  // A directory (node/, corsim/node's module) is listed with its slash.
  const shipped = readdirSync(pkg, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
    .sort();
  assert.deepStrictEqual([...packageJson.files].sort(), shipped.filter((f) => f !== "package.json"));
  assert.deepStrictEqual(packageJson.exports["./element"], { types: "./element.d.ts", default: "./element.js" });
  // The element finds the WebAssembly beside itself, and imports only the package's own module.
  const element = readFileSync(join(pkg, "element.js"), "utf8");
  assert.deepStrictEqual([...element.matchAll(/^import .* from "(.*)";$/gm)].map((m) => m[1]), ["./corsim.js"]);
  assert.match(element, /new URL\("\.\/corsim_bg\.wasm", import\.meta\.url\)/);
});

test("browsers, steps, version", () => {
  assert.deepStrictEqual(browsers(), ["chrome", "firefox", "safari", "spec"]);
  assert.equal(version(), packageJson.version);
  const list = steps();
  assert.ok(list.length > 10);
  for (const step of list) {
    assert.deepStrictEqual(Object.keys(step), ["id", "anchor"]);
    // The Fetch and XHR Standards, the two HTTP RFCs the version of a
    // server entry follows (RFC 9112 §5, RFC 9113 §8.2.1), Mixed Content and
    // Local Network Access.
    assert.match(
      step.anchor,
      /^(https:\/\/(fetch|xhr)\.spec\.whatwg\.org\/#|https:\/\/www\.rfc-editor\.org\/rfc\/rfc911[23]#section-|https:\/\/w3c\.github\.io\/webappsec-mixed-content\/#|https:\/\/wicg\.github\.io\/local-network-access\/#)/,
    );
  }
  assert.deepStrictEqual(
    list.filter((s) => s.anchor.includes("rfc-editor")).map((s) => s.id),
    ["http1-field-values", "http2-field-values"],
  );
  // Every step a trace names is listed, with the same anchor.
  const anchors = new Map(list.map((s) => [s.id, s.anchor]));
  for (const c of corpus) {
    for (const request of simulate(c.scenario, "spec").requests) {
      for (const t of request.trace) {
        assert.equal(anchors.get(t.step), t.anchor, `${c.name}: ${t.step}`);
      }
    }
  }
});

test("garbage through the JavaScript glue throws Errors, never traps", () => {
  const cyclic = {};
  cyclic.self = cyclic;
  let deep = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const huge = "x".repeat(8 << 20);
  const garbage = [
    undefined, null, true, 0, -1, NaN, Infinity, 2n ** 70n, "", huge, Symbol("s"),
    () => 1, [], {}, new Map(), new Uint8Array(8), new Date(0), cyclic, deep,
    { page: null, requests: [] },
    { page: "https://a.example", requests: {} },
    { page: "https://a.example", requests: [{ url: "https://b.example/", headers: "x" }] },
    { page: "https://a.example", requests: [{ url: "https://b.example/", at: NaN }] },
    { page: "https://a.example", requests: [{ url: "https://b.example/", body: { kind: "xml" } }] },
    { page: huge, requests: [{ url: huge }] },
    { page: "https://a.example", requests: [{ url: `https://b.example/${huge}` }] },
  ];
  const names = [42, {}, [], "", "Chrome", huge, Symbol("b"), 1n];
  const expectError = (f, what) => {
    let thrown;
    try {
      f();
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof Error, `${what}: threw ${String(thrown)}`);
    assert.ok(!(thrown instanceof WebAssembly.RuntimeError), `${what}: trapped: ${thrown}`);
    assert.ok(thrown.message.length > 0, what);
  };
  const ok = {
    page: "https://a.example",
    requests: [{ url: "https://a.example/" }],
    server: { "https://a.example/": {} },
  };
  const text = (value) => {
    try {
      return String(JSON.stringify(value));
    } catch {
      return "{";
    }
  };
  for (const [i, value] of garbage.entries()) {
    expectError(() => simulate(value), `simulate(garbage[${i}])`);
    expectError(() => simulateAll(value), `simulateAll(garbage[${i}])`);
    expectError(() => parseScenario(value), `parseScenario(garbage[${i}])`);
    // Some of these are well-formed scenarios that only `simulate` rejects.
    try {
      parseScenario(text(value));
    } catch (e) {
      assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), `text ${i}: ${e}`);
    }
  }
  for (const [i, name] of names.entries()) {
    expectError(() => simulate(ok, name), `simulate(ok, names[${i}])`);
  }
  expectError(() => parseScenario("[".repeat(1_000_000)), "deep JSON text");
  // Nothing broke: the module still answers.
  assert.equal(simulate(ok).requests[0].outcome, "ok");
  assert.equal(simulate(ok, undefined).browser, "chrome");
  assert.equal(simulate(ok, null).browser, "chrome");
});
