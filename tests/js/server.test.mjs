// `corsim/server` (pkg/server/, from scripts/build-js): server policies,
// evidence import, fix and audit give, through WebAssembly, exactly what the
// native command line prints for every policy recording (tests/servers/fixtures)
// and every import fixture (tests/import, and a sample of the recorded
// console lines of tests/browsers/fixtures); and the browser module, which
// has no policies, says where they are.
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

const server = await import(join(pkg, "server/index.js"));
server.initSync({ module: readFileSync(join(pkg, "server/index_bg.wasm")) });
const main = await import(join(pkg, "corsim.js"));
main.initSync({ module: readFileSync(join(pkg, "corsim_bg.wasm")) });
const { simulate, simulateAll, parseScenario, importEvidence, fix, audit, policyRespond } = server;

const packageJson = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));

/** Every policy recording of tests/servers/fixtures/<framework>/*.json, with its path. */
const recordings = readdirSync(join(root, "tests/servers/fixtures"))
  .sort()
  .flatMap((framework) =>
    readdirSync(join(root, "tests/servers/fixtures", framework))
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => ({
        path: `${framework}/${f}`,
        ...JSON.parse(readFileSync(join(root, "tests/servers/fixtures", framework, f), "utf8")),
      })),
  );

/** Runs the command line with `args` (`input` on stdin): its exit status and output. */
function cli(args, input) {
  const run = spawnSync(bin, args, { input, encoding: "utf8", maxBuffer: 1 << 30 });
  assert.equal(run.error, undefined, `${args.join(" ")}: ${run.error}`);
  return run;
}

/** Writes `text` to a temporary file, calls `use(path)`, removes it. */
function withFile(text, use) {
  const dir = mkdtempSync(join(tmpdir(), "corsim-js-server-"));
  try {
    const file = join(dir, "input");
    writeFileSync(file, text);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A page at https://app.example making a credentialed JSON PUT and a plain GET to a server with `policy`. */
function policyScenario(policy, url = "https://api.example/api/text") {
  return {
    page: "https://app.example",
    requests: [
      {
        url,
        method: "PUT",
        headers: [["Content-Type", "application/json"]],
        credentials: "include",
        body: { kind: "string" },
      },
      { url },
    ],
    server: {
      [url]: { policy, actual: { status: 200, headers: [["Content-Type", "application/json"]] } },
    },
  };
}

test("the recordings and import fixtures are there", () => {
  assert.ok(recordings.length >= 150, `${recordings.length} recordings`);
  assert.equal(new Set(recordings.map((r) => r.policy.framework)).size, 7);
});

test("package.json exports corsim/server, and ships it", () => {
  assert.deepStrictEqual(packageJson.exports["./server"], {
    types: "./server/index.d.ts",
    default: "./server/index.js",
  });
  assert.ok(packageJson.files.includes("server/"));
  const shipped = readdirSync(join(pkg, "server")).sort();
  for (const file of ["index.js", "index.d.ts", "index_bg.wasm"]) {
    assert.ok(shipped.includes(file), `${file} in ${shipped}`);
  }
  const types = readFileSync(join(pkg, "server/index.d.ts"), "utf8");
  for (const name of ["importEvidence", "fix", "audit", "policyRespond", "simulate", "simulateAll", "parseScenario"]) {
    assert.match(types, new RegExp(`export function ${name}\\(`), name);
  }
});

test("policyRespond: every recorded exchange, as `corsim policy respond --batch`", () => {
  const lines = recordings.flatMap((r) =>
    r.exchanges.map((e) =>
      JSON.stringify({
        policy: r.policy,
        request: e.request,
        ...(e.app_response ? { app_response: e.app_response } : {}),
      }),
    ),
  );
  assert.ok(lines.length >= 1000, `${lines.length} exchanges`);
  const out = withFile(lines.join("\n") + "\n", (file) => cli(["policy", "respond", "--batch", file]));
  const answers = out.stdout.split("\n").filter((l) => l !== "");
  assert.equal(answers.length, lines.length);
  let errors = 0;
  lines.forEach((line, i) => {
    const expected = JSON.parse(answers[i]);
    if (expected.error !== undefined) {
      errors += 1;
      assert.throws(() => policyRespond(JSON.parse(line)), { name: "Error", message: expected.error }, line);
    } else {
      assert.equal(JSON.stringify(policyRespond(JSON.parse(line))), answers[i], line);
    }
  });
  assert.equal(out.status, errors === 0 ? 0 : 2);
});

test("policyRespond: express-cors with an allow-list answers a preflight exactly", () => {
  const response = policyRespond({
    policy: { framework: "express-cors", options: { origin: ["https://app.example"], credentials: true, maxAge: 600 } },
    request: {
      method: "OPTIONS",
      url: "https://api.example/users",
      headers: [
        ["Origin", "https://app.example"],
        ["Access-Control-Request-Method", "PUT"],
        ["Access-Control-Request-Headers", "content-type"],
      ],
    },
  });
  assert.deepStrictEqual(response, {
    status: 204,
    headers: [
      ["X-Powered-By", "Express"],
      ["Access-Control-Allow-Origin", "https://app.example"],
      ["Vary", "Origin, Access-Control-Request-Headers"],
      ["Access-Control-Allow-Credentials", "true"],
      ["Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE"],
      ["Access-Control-Allow-Headers", "content-type"],
      ["Access-Control-Max-Age", "600"],
      ["Content-Length", "0"],
    ],
  });
  assert.throws(
    () => policyRespond({ policy: { framework: "express-cors" }, request: { method: "GET", url: "/relative" } }),
    { name: "Error", message: /^`\/relative` is not an absolute URL: / },
  );
});

test("simulate with a policy: every recording's policy, every profile, as `corsim simulate --batch`", () => {
  const scenarios = recordings.map((r) => policyScenario(r.policy));
  let invalid = 0;
  for (const browser of ["chrome", "firefox", "safari", "spec"]) {
    const valid = [];
    const wasm = [];
    scenarios.forEach((scenario, i) => {
      let verdict;
      try {
        verdict = simulate(scenario, browser);
      } catch (e) {
        // A policy the library refuses at start-up: the CLI's message.
        const run = cli(["simulate", "-", "--browser", browser, "--format", "json"], JSON.stringify(scenario));
        assert.equal(run.status, 2, recordings[i].path);
        assert.equal(e.message, run.stderr.trim().replace(/^error: <stdin>: /, ""), recordings[i].path);
        invalid += 1;
        return;
      }
      valid.push(i);
      wasm.push(verdict);
    });
    const out = withFile(valid.map((i) => JSON.stringify(scenarios[i])).join("\n") + "\n", (file) =>
      cli(["simulate", "--batch", file, "--browser", browser, "--format", "json"]),
    );
    const verdicts = out.stdout.split("\n").filter((l) => l !== "");
    assert.equal(verdicts.length, valid.length, out.stderr);
    valid.forEach((i, k) => {
      assert.equal(JSON.stringify(wasm[k]), verdicts[k], `${recordings[i].path} in ${browser}`);
    });
  }
  assert.ok(invalid < scenarios.length * 4);
});

test("simulate with an express-cors allow-list: the preflight and the response, exactly", () => {
  const scenario = policyScenario({ framework: "express-cors", options: { origin: ["https://app.example"], credentials: true } });
  const all = simulateAll(scenario);
  for (const browser of ["chrome", "firefox", "safari", "spec"]) {
    const put = all[browser].requests[0];
    assert.equal(put.outcome, "ok", browser);
    assert.equal(put.preflights[0].status, 204);
    assert.deepStrictEqual(put.hops[0].response_headers, [
      ["Access-Control-Allow-Origin", "https://app.example"],
      ["Vary", "Origin"],
      ["Access-Control-Allow-Credentials", "true"],
      ["Content-Type", "application/json"],
    ]);
  }
  assert.deepStrictEqual(parseScenario(JSON.stringify(scenario)).server["https://api.example/api/text"].policy, {
    framework: "express-cors",
    options: { origin: ["https://app.example"], credentials: true },
  });
});

test("without policies, corsim/server and corsim give the same verdicts", () => {
  const corpus = readdirSync(join(root, "tests/corpus"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((file) => JSON.parse(readFileSync(join(root, "tests/corpus", file), "utf8")).cases);
  assert.ok(corpus.length >= 100);
  for (const c of corpus) {
    let expected;
    try {
      expected = main.simulateAll(c.scenario);
    } catch (e) {
      assert.throws(() => simulateAll(c.scenario), { message: e.message }, c.name);
      continue;
    }
    assert.deepStrictEqual(simulateAll(c.scenario), expected, c.name);
  }
});

test("audit: every recording's policy, as `corsim policy audit --format json`", () => {
  // About 20 ms a run natively: every fourth recording keeps this test short.
  const sample = recordings.filter((_, i) => i % 4 === 0);
  for (const r of sample) {
    const out = withFile(JSON.stringify(r.policy), (file) => cli(["policy", "audit", file, "--format", "json"]));
    if (out.status === 2) {
      const message = out.stderr.trim().replace(/^error: [^:]*input: /, "");
      assert.throws(() => audit(r.policy), { name: "Error", message }, r.path);
      continue;
    }
    assert.deepStrictEqual(audit(r.policy), JSON.parse(out.stdout), r.path);
    const pages = ["https://app.example"];
    const withPage = withFile(JSON.stringify(r.policy), (file) =>
      cli(["policy", "audit", file, "--page", pages[0], "--url", "https://api.example/v2", "--format", "json"]),
    );
    assert.deepStrictEqual(audit(r.policy, { pages, url: "https://api.example/v2" }), JSON.parse(withPage.stdout), r.path);
  }
});

test("audit: express-cors reflecting any origin with credentials is exploitable", () => {
  const { findings } = audit(
    { framework: "express-cors", options: { origin: true, credentials: true } },
    { pages: ["https://app.example"] },
  );
  const finding = findings.find((f) => f.id === "reflects-any-origin-with-credentials");
  assert.ok(finding, JSON.stringify(findings.map((f) => f.id)));
  assert.equal(finding.severity, "exploitable");
  assert.deepStrictEqual(finding.fix.options, { origin: ["https://app.example"], credentials: true });
  assert.throws(() => audit({ framework: "express-cors" }, { pages: ["app.example"] }), {
    name: "Error",
    message: /^pages: `app\.example` is not an origin: /,
  });
});

test("fix: every recording's policy scenario, as `corsim fix --format json`", () => {
  // About 30 ms a run natively: every fourth recording.
  const sample = recordings.filter((_, i) => i % 4 === 2);
  let fixed = 0;
  for (const r of sample) {
    const scenario = policyScenario(r.policy);
    const out = cli(["fix", "-", "--format", "json"], JSON.stringify(scenario));
    if (out.status === 2) {
      assert.throws(() => fix(scenario), { name: "Error" }, r.path);
      continue;
    }
    const expected = JSON.parse(out.stdout);
    fixed += expected.fixes.length;
    assert.deepStrictEqual(fix(scenario), expected, r.path);
    assert.deepStrictEqual(fix(scenario, "chrome"), JSON.parse(cli(["fix", "-", "--browser", "chrome", "--format", "json"], JSON.stringify(scenario)).stdout), r.path);
  }
  assert.ok(fixed > 0, "some sampled scenario is blocked");
});

test("fix: a preflight without CORS headers gets exactly the headers it lacks", () => {
  const scenario = {
    page: "https://app.example",
    requests: [{ url: "https://api.example/users", method: "PUT", headers: [["Content-Type", "application/json"]] }],
    server: { "https://api.example/users": { preflight: { status: 204 }, actual: { status: 200 } } },
  };
  const { fixes } = fix(scenario);
  assert.equal(fixes.length, 1);
  assert.deepStrictEqual(fixes[0].change, {
    url: "https://api.example/users",
    preflight: {
      headers: [
        ["Access-Control-Allow-Origin", "https://app.example"],
        ["Access-Control-Allow-Methods", "PUT"],
        ["Access-Control-Allow-Headers", "content-type"],
      ],
    },
    actual: { headers: [["Access-Control-Allow-Origin", "https://app.example"]] },
  });
  assert.deepStrictEqual(fixes[0].still_blocked, []);
  assert.equal(fixes[0].snippets.nginx, EXPECTED_NGINX);
  assert.deepStrictEqual(fix(scenario), JSON.parse(cli(["fix", "-", "--format", "json"], JSON.stringify(scenario)).stdout));
  assert.throws(() => fix(scenario, "opera"), {
    message: "unknown browser `opera` (expected chrome, firefox, safari or spec)",
  });
});

/** Every import fixture: tests/import/har/<engine>/*.har and tests/import/curl/*.txt. */
const importFiles = [
  ...["chromium", "firefox"].flatMap((engine) =>
    readdirSync(join(root, "tests/import/har", engine))
      .filter((f) => f.endsWith(".har"))
      .map((f) => join("tests/import/har", engine, f)),
  ),
  ...readdirSync(join(root, "tests/import/curl"))
    .filter((f) => f.endsWith(".txt"))
    .map((f) => join("tests/import/curl", f)),
].sort();

/** What `importEvidence` returns for `text`, as `corsim import` would print its scenario. */
function assertImportsAsTheCli(text, name) {
  const out = cli(["import", "-", "--format", "json"], text);
  if (out.status === 2) {
    const message = out.stderr.trim().replace(/^error: <stdin>: /, "");
    assert.throws(() => importEvidence(text), { name: "Error", message }, name);
    return null;
  }
  assert.equal(out.status, 0, out.stderr);
  const imported = importEvidence(text);
  assert.deepStrictEqual(imported.scenario, JSON.parse(out.stdout), name);
  assert.equal(imported.kind, imported.scenario["x-import"].kind, name);
  assert.deepStrictEqual(imported.assumed, imported.scenario["x-import"].assumed, name);
  assert.equal(imported.browser, imported.scenario["x-import"].browser ?? null, name);
  return imported;
}

test("importEvidence: every HAR and curl fixture, as `corsim import`", () => {
  assert.ok(importFiles.length >= 10, `${importFiles.length} files`);
  for (const file of importFiles) {
    const imported = assertImportsAsTheCli(readFileSync(join(root, file), "utf8"), file);
    assert.ok(imported, `${file} imports`);
    assert.equal(imported.kind, file.endsWith(".har") ? "har" : "curl", file);
  }
});

test("importEvidence: recorded console lines (a sample), as `corsim import`", () => {
  let imported = 0;
  for (const engine of ["chromium", "firefox", "webkit"]) {
    const files = readdirSync(join(root, "tests/browsers/fixtures", engine))
      .filter((f) => f.endsWith(".json"))
      .sort()
      .filter((_, i) => i % 40 === 0);
    for (const f of files) {
      const fixture = JSON.parse(readFileSync(join(root, "tests/browsers/fixtures", engine, f), "utf8"));
      for (const request of fixture.verdict?.requests ?? []) {
        if (request.console.length === 0) continue;
        if (assertImportsAsTheCli(request.console.join("\n"), `${engine}/${f}`)) imported += 1;
      }
    }
  }
  assert.ok(imported >= 20, `${imported} imported`);
});

test("importEvidence: a Chrome console line gives exactly this scenario", () => {
  const line =
    "Access to fetch at 'https://api.example/data' from origin 'https://app.example' has been blocked by CORS policy: " +
    "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
  const imported = importEvidence(line);
  assert.equal(imported.kind, "console");
  assert.equal(imported.browser, "chrome");
  assert.deepStrictEqual(imported.evidence, [[line]]);
  assert.deepStrictEqual(imported.scenario, EXPECTED_CHROME_IMPORT);
  assert.throws(() => importEvidence("hello"), { name: "Error", message: cli(["import", "-"], "hello").stderr.trim().replace(/^error: <stdin>: /, "") });
});

test("the browser module names the policy's path and where policies are", () => {
  const scenario = {
    page: "https://app.example",
    requests: [{ url: "https://api.example/" }],
    server: { "https://api.example/": { policy: { framework: "express-cors", options: {} } } },
  };
  const message =
    'server["https://api.example/"].policy: server policies are in the module `corsim/server` ' +
    '(import { simulate } from "corsim/server"); this one reads literal responses only';
  assert.throws(() => main.simulate(scenario), { name: "Error", message });
  assert.throws(() => main.simulateAll(scenario), { name: "Error", message });
  assert.throws(() => main.parseScenario(JSON.stringify(scenario)), {
    name: "Error",
    message: `line 1, column 116: ${message}`,
  });
  // Another unknown field keeps the reader's message.
  assert.throws(
    () => main.simulate({ ...scenario, server: { "https://api.example/": { polcy: {} } } }),
    { message: "unknown field `polcy`, expected one of `unreachable`, `preflight`, `actual`, `http`" },
  );
  // corsim/server reads it: `cors()` answers `*`, which a GET without credentials accepts.
  assert.equal(simulate(scenario).requests[0].outcome, "ok");
});

/** The nginx snippet `corsim fix` prints for the PUT above. */
const EXPECTED_NGINX = `location / {
    if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin "https://app.example" always;
        add_header Access-Control-Allow-Methods "PUT" always;
        add_header Access-Control-Allow-Headers "content-type" always;
        add_header Vary "Origin" always;
        return 204;
    }
    add_header Access-Control-Allow-Origin "https://app.example" always;
    add_header Vary "Origin" always;
    # proxy_pass ...;
}
`;

/** The scenario `corsim import` prints for Chrome's missing-ACAO line. */
const EXPECTED_CHROME_IMPORT = {
  page: "https://app.example",
  requests: [
    {
      api: "fetch",
      url: "https://api.example/data",
      method: "GET",
      headers: [],
      credentials: "same-origin",
      mode: "cors",
      redirect: "follow",
      body: null,
      upload_listener: "none",
    },
  ],
  server: { "https://api.example/data": { actual: { status: 200, headers: [] } } },
  "x-import": {
    kind: "console",
    browser: "chrome",
    assumed: [
      "The message does not name the method: assumed GET.",
      "The message does not give the response's status: assumed 200.",
      'The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials "same-origin", XHR without withCredentials).',
    ],
  },
};
