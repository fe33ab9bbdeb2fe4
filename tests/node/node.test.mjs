// corsim/node (pkg/node, from scripts/build-js) against real Express,
// Fastify and Koa apps, in process (over in-memory connections, no port), and
// against a real server on a loopback port:
// what each browser sends, what the server received, and what the script
// sees. Every value is exact.
//
//   (cd tests/node && npm ci) && node --test tests/node/
//
// CORSIM_PKG names the package directory (default: pkg/); CORSIM_BIN the
// native command line (default: target/debug/corsim; scripts/test-js
// builds it).
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import https from "node:https";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import express from "express";
import cors from "cors";
import Fastify from "fastify";
import fastifyCors from "@fastify/cors";
import Koa from "koa";

const root = resolve(import.meta.dirname, "../..");
const pkg = resolve(root, process.env.CORSIM_PKG ?? "pkg");
const bin = process.env.CORSIM_BIN ?? join(root, "target/debug/corsim");
const { probe, createFetch, simulate } = await import(join(pkg, "node/index.js"));

const page = "https://app.example";

/** Express with the `cors` middleware allowing `allowed`, and a route without it. */
function expressApp(allowed = page) {
  const app = express();
  app.get("/plain", (req, res) => res.json({ plain: true }));
  app.use("/api", cors({ origin: allowed, exposedHeaders: ["X-Request-Id"] }));
  app.get("/api/users", (req, res) => {
    res.set("X-Request-Id", "42");
    res.set("X-Internal", "secret");
    res.json([{ id: 1 }]);
  });
  app.get("/api/old", (req, res) => res.redirect(302, "/api/users"));
  return app;
}

/** Every verdict replays from the recorded scenario. */
function assertReplays(report) {
  for (const verdict of report.verdicts) {
    assert.deepEqual(simulate(report.scenario, verdict.browser), verdict, verdict.browser);
  }
}

/** The response headers of a `Response`, as pairs. */
const pairs = (response) => [...response.headers];

test("an allowed simple GET resolves with a cors response and only the readable headers", async () => {
  const app = expressApp();
  const report = await probe(app, { url: "https://api.example/api/users" }, { page });
  assert.deepEqual(
    report.verdicts.map((v) => [v.browser, v.requests[0].outcome, v.requests[0].preflights.length]),
    [
      ["chrome", "ok", 0],
      ["firefox", "ok", 0],
      ["safari", "ok", 0],
      ["spec", "ok", 0],
    ],
  );
  for (const verdict of report.verdicts) {
    assert.deepEqual(verdict.requests[0].response.readable_headers, ["content-length", "content-type", "x-request-id"]);
  }
  assert.deepEqual(report.faults, []);
  assert.deepEqual(report.warnings, []);
  assert.deepEqual(Object.keys(report.scenario.server), ["https://api.example/api/users"]);
  assert.equal(report.scenario.server["https://api.example/api/users"].http, "1.1");
  assertReplays(report);

  const fetch = createFetch({ browser: "chrome", page, target: app });
  const response = await fetch("https://api.example/api/users");
  assert.equal(response.type, "cors");
  assert.equal(response.status, 200);
  assert.equal(response.url, "https://api.example/api/users");
  assert.equal(response.redirected, false);
  assert.deepEqual(pairs(response), [
    ["content-length", "10"],
    ["content-type", "application/json; charset=utf-8"],
    ["x-request-id", "42"],
  ]);
  assert.deepEqual(await response.json(), [{ id: 1 }]);
});

test("a response without Access-Control-Allow-Origin rejects with Chrome's TypeError and console line", async () => {
  const fetch = createFetch({ browser: "chrome", page, target: expressApp() });
  const error = await fetch("https://api.example/plain").then(
    () => assert.fail("the fetch resolved"),
    (error) => error,
  );
  assert.ok(error instanceof TypeError);
  assert.equal(error.message, "Failed to fetch");
  assert.deepEqual(error.console, [
    "Access to fetch at 'https://api.example/plain' from origin 'https://app.example' has been " +
      "blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  ]);
  assert.equal(error.verdict.error.code, "MissingAllowOriginHeader");
  assert.equal(error.verdict.error.during, "actual");
  // The request reached the server (a simple request is not preflighted).
  assert.deepEqual(error.verdict.hops.map((h) => [h.method, h.url, h.origin, h.status]), [
    ["GET", "https://api.example/plain", "https://app.example", 200],
  ]);

  const firefox = createFetch({ browser: "firefox", page, target: expressApp() });
  const inFirefox = await firefox("https://api.example/plain").catch((error) => error);
  assert.equal(inFirefox.message, "NetworkError when attempting to fetch resource.");
  assert.deepEqual(inFirefox.console, [
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " +
      "https://api.example/plain. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
  ]);
});

test("a credentialed PUT to Fastify is preflighted with each browser's exact request headers", async () => {
  const app = Fastify();
  // What the server received, before @fastify/cors answers: the raw
  // header list of every request, names as sent.
  const received = [];
  app.addHook("onRequest", (request, reply, done) => {
    received.push([request.method, request.raw.rawHeaders]);
    done();
  });
  await app.register(fastifyCors, { origin: page, credentials: true, methods: ["GET", "PUT"] });
  app.put("/users/1", async (request) => ({ saved: request.body.name }));

  const request = {
    url: "https://api.example/users/1",
    method: "PUT",
    headers: [
      ["Content-Type", "application/json"],
      ["X-Trace", "abc"],
    ],
    credentials: "include",
  };
  const report = await probe(app, request, { page, browsers: ["chrome", "firefox"] });
  assert.deepEqual(
    received.map(([method, headers]) => [method, headers]),
    [
      [
        "OPTIONS",
        [
          "Host", "api.example",
          "Connection", "keep-alive",
          // Origin last, as Chromium and Firefox write a preflight
          // (tests/probe-proof).
          "Access-Control-Request-Method", "PUT",
          "Access-Control-Request-Headers", "content-type,x-trace",
          "Origin", "https://app.example",
        ],
      ],
      [
        "PUT",
        [
          "Host", "api.example",
          "Connection", "keep-alive",
          "Content-Type", "application/json",
          "X-Trace", "abc",
          "Origin", "https://app.example",
          "Content-Length", "0",
        ],
      ],
    ],
    "Firefox sent the same bytes as Chrome, so the exchanges were shared",
  );
  // A probe sends no body: Fastify answers an empty JSON body with 400,
  // and @fastify/cors has put its headers on that answer too, so every
  // browser hands the script the 400.
  for (const verdict of report.verdicts) {
    const [only] = verdict.requests;
    assert.equal(only.outcome, "ok", verdict.browser);
    assert.deepEqual(only.preflights.map((p) => [p.url, p.status]), [["https://api.example/users/1", 204]]);
    assert.deepEqual(only.hops.map((h) => [h.method, h.credentials, h.header_names, h.status]), [
      ["PUT", true, ["content-type", "x-trace"], 400],
    ]);
  }
  assertReplays(report);

  const fetch = createFetch({ browser: "firefox", page, target: app });
  const response = await fetch(request.url, {
    method: "PUT",
    headers: request.headers,
    credentials: "include",
    body: JSON.stringify({ name: "ada" }),
  });
  // A fetch sends the script's body along: the route saves it.
  assert.equal(response.type, "cors");
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { saved: "ada" });
  assert.deepEqual(pairs(response), [
    ["content-length", "15"],
    ["content-type", "application/json; charset=utf-8"],
  ]);
  assert.deepEqual(received.at(-1)[1].slice(-2), ["Content-Length", "14"]);
  await app.close();
});

test("a redirect is followed hop by hop, each hop decided by the engine", async () => {
  const app = expressApp();
  const report = await probe(app, "https://api.example/api/old", { page, browsers: ["chrome", "safari"] });
  for (const verdict of report.verdicts) {
    const [only] = verdict.requests;
    assert.equal(only.outcome, "ok", verdict.browser);
    assert.deepEqual(only.hops.map((h) => [h.url, h.status, h.origin]), [
      ["https://api.example/api/old", 302, "https://app.example"],
      ["https://api.example/api/users", 200, "https://app.example"],
    ]);
    assert.equal(only.response.redirected, true);
    assert.equal(only.response.url, "https://api.example/api/users");
  }
  assert.deepEqual(Object.keys(report.scenario.server), [
    "https://api.example/api/old",
    "https://api.example/api/users",
  ]);
  assertReplays(report);

  const manual = createFetch({ browser: "chrome", page, target: app });
  const response = await manual("https://api.example/api/old", { redirect: "manual" });
  assert.equal(response.type, "opaqueredirect");
  assert.equal(response.status, 0);
  assert.deepEqual(pairs(response), []);
  assert.equal(response.body, null);
});

test("a URL target: a real server on a loopback port, started and closed by the test", async () => {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push([req.method, req.url, req.headers.origin]);
    res.setHeader("Access-Control-Allow-Origin", "http://localhost:5173");
    res.setHeader("Content-Type", "text/plain");
    res.end("hello");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/greeting`;
    // A page on localhost: loopback to loopback, so no Local Network
    // Access permission applies.
    const report = await probe(url, {}, { page: "http://localhost:5173" });
    assert.deepEqual(
      report.verdicts.map((v) => [v.browser, v.requests[0].outcome, v.requests[0].response.type]),
      [
        ["chrome", "ok", "cors"],
        ["firefox", "ok", "cors"],
        ["safari", "ok", "cors"],
        ["spec", "ok", "cors"],
      ],
    );
    assert.deepEqual(seen, [["GET", "/greeting", "http://localhost:5173"]], "one exchange, shared by the four");
    assert.deepEqual(report.scenario.server[url].actual.headers.slice(0, 2), [
      ["Access-Control-Allow-Origin", "http://localhost:5173"],
      ["Content-Type", "text/plain"],
    ]);
    assertReplays(report);

    const fetch = createFetch({ browser: "safari", page: "http://localhost:5173", target: url });
    const response = await fetch(url, { mode: "no-cors" });
    assert.equal(response.type, "opaque");
    assert.equal(response.status, 0);
    assert.deepEqual(pairs(response), []);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test("probe gives what `corsim probe --format json` gives, header names aside", async () => {
  // A server that answers the same bytes every time (no Date): a preflight,
  // then a 307 to another path, preflighted again.
  const allow = "http://localhost:5173";
  const server = http.createServer((req, res) => {
    res.sendDate = false;
    if (req.method === "OPTIONS") {
      res.writeHead(204, [
        ["Access-Control-Allow-Origin", allow],
        ["Access-Control-Allow-Methods", "PUT"],
        ["Access-Control-Allow-Headers", "X-Trace"],
      ]);
    } else if (req.url === "/old") {
      res.writeHead(307, { Location: "/new", "Access-Control-Allow-Origin": allow });
    } else {
      res.writeHead(200, { "Access-Control-Allow-Origin": allow, "Content-Type": "text/plain" });
    }
    res.end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/old`;
    const args = ["probe", url, "--page", allow, "--method", "PUT", "-H", "X-Trace: 1", "--browser", "all", "--format", "json"];
    // Asynchronously: the server answering it runs in this process.
    const cli = JSON.parse(
      await new Promise((resolve) => execFile(bin, args, (error, stdout) => resolve(stdout))),
    );
    const report = await probe(url, { method: "PUT", headers: [["X-Trace", "1"]] }, { page: allow });
    // The command line reads headers through hyper, which lowercases their
    // names; Node's rawHeaders keeps them as sent.
    const lower = (value) =>
      JSON.parse(
        JSON.stringify(value, (key, v) =>
          (key === "headers" || key === "response_headers") && Array.isArray(v)
            ? v.map(([name, text]) => [name.toLowerCase(), text])
            : v,
        ),
      );
    assert.deepEqual(lower(report.verdicts), lower(cli.verdicts));
    assert.deepEqual(lower(report.scenario), lower(cli.scenario));
    assert.deepEqual(report.faults, cli.faults);
    assert.deepEqual(report.warnings, cli.warnings);
    assert.deepEqual(
      report.verdicts[0].requests[0].preflights.map((p) => p.url),
      [url, url.replace("/old", "/new")],
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test("the same Express app through a URL target: listening on a loopback port, closed by the test", async () => {
  // A page on localhost: loopback to loopback, so no Local Network Access
  // permission applies.
  const local = "http://localhost:5173";
  const server = expressApp(local).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const base = `http://127.0.0.1:${server.address().port}`;

    const allowed = await probe(`${base}/api/users`, {}, { page: local });
    assert.deepEqual(
      allowed.verdicts.map((v) => [v.browser, v.requests[0].outcome, v.requests[0].response.readable_headers]),
      [
        ["chrome", "ok", ["content-length", "content-type", "x-request-id"]],
        ["firefox", "ok", ["content-length", "content-type", "x-request-id"]],
        ["safari", "ok", ["content-length", "content-type", "x-request-id"]],
        ["spec", "ok", ["content-length", "content-type", "x-request-id"]],
      ],
    );
    assertReplays(allowed);

    const fetch = createFetch({ browser: "chrome", page: local, target: base });
    const error = await fetch(`${base}/plain`).catch((error) => error);
    assert.equal(error.message, "Failed to fetch");
    assert.deepEqual(error.console, [
      `Access to fetch at '${base}/plain' from origin 'http://localhost:5173' has been blocked by CORS ` +
        "policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    ]);

    const redirected = await fetch(`${base}/api/old`);
    assert.equal(redirected.type, "cors");
    assert.equal(redirected.redirected, true);
    assert.equal(redirected.url, `${base}/api/users`);
    assert.deepEqual(await redirected.json(), [{ id: 1 }]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test("an https: URL target: the certificate is checked, unless insecure", async () => {
  // A self-signed certificate for 127.0.0.1 (tests/node/tls, made once with
  // openssl, valid for a hundred years).
  const tls = join(import.meta.dirname, "tls");
  const server = https.createServer(
    { key: readFileSync(join(tls, "key.pem")), cert: readFileSync(join(tls, "cert.pem")) },
    (req, res) => {
      res.setHeader("Access-Control-Allow-Origin", "*");
      res.end();
    },
  );
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `https://127.0.0.1:${server.address().port}/`;
    const options = { page: "http://localhost:5173", browsers: ["chrome"] };
    const checked = await probe(url, {}, options);
    assert.deepEqual(checked.faults.map((f) => [f.kind, f.url]), [["tls", url]]);
    assert.equal(checked.verdicts[0].requests[0].outcome, "error");

    const insecure = await probe(url, {}, { ...options, insecure: true });
    assert.deepEqual(insecure.faults, []);
    assert.equal(insecure.verdicts[0].requests[0].outcome, "ok");
    assert.equal(insecure.scenario.server[url].http, "1.1");
    assertReplays(insecure);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test("a refused port is a fault, and the browsers see a network error", async () => {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}/gone`;
  await new Promise((resolve) => server.close(resolve));
  const report = await probe(url, {}, { page: "http://localhost:5173", browsers: ["chrome"] });
  assert.equal(report.faults.length, 1);
  assert.equal(report.faults[0].kind, "connect");
  assert.equal(report.faults[0].url, url);
  assert.equal(report.verdicts[0].requests[0].outcome, "error");
  assert.deepEqual(report.scenario.server[url], { unreachable: true });
});

test("createFetch sends the script's body, with the Content-Type fetch gives it", async () => {
  const received = [];
  const handler = (req, res) => {
    let body = "";
    req.setEncoding("latin1");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push([req.rawHeaders, body]);
      res.setHeader("Access-Control-Allow-Origin", "*");
      res.end();
    });
  };
  const fetch = createFetch({ browser: "chrome", page, target: handler });
  await fetch("https://api.example/text", { method: "POST", body: "hello" });
  await fetch("https://api.example/form", { method: "POST", body: new URLSearchParams({ a: "1", b: "x y" }) });
  const form = new FormData();
  form.append("name", "ada");
  await fetch("https://api.example/multipart", { method: "POST", body: form });
  assert.deepEqual(received.slice(0, 2), [
    [
      ["Host", "api.example", "Connection", "keep-alive", "Content-Type", "text/plain;charset=UTF-8",
        "Origin", "https://app.example", "Content-Length", "5"],
      "hello",
    ],
    [
      ["Host", "api.example", "Connection", "keep-alive", "Content-Type", "application/x-www-form-urlencoded;charset=UTF-8",
        "Origin", "https://app.example", "Content-Length", "9"],
      "a=1&b=x+y",
    ],
  ]);
  // The multipart body's boundary is the one its Content-Type names.
  const [headers, body] = received[2];
  const boundary = headers[headers.indexOf("Content-Type") + 1].match(/^multipart\/form-data; boundary=(.+)$/)[1];
  assert.equal(body, `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nada\r\n--${boundary}--\r\n`);
});

test("a Koa app, as itself or as app.callback(), and a plain listener are targets too", async () => {
  const koa = new Koa();
  koa.use((ctx) => {
    ctx.set("Access-Control-Allow-Origin", "*");
    ctx.body = "koa";
  });
  const listener = (req, res) => {
    res.writeHead(200, [["Access-Control-Allow-Origin", "*"], ["X-Raw", "1"]]);
    res.end("raw");
  };
  for (const target of [koa, koa.callback(), listener]) {
    const fetch = createFetch({ browser: "safari", page, target });
    const response = await fetch("https://api.example/hello");
    assert.equal(response.type, "cors");
    assert.equal(await response.text(), target === listener ? "raw" : "koa");
  }
});

test("a handler that throws is a fault naming it, and a network error in the browser", async () => {
  const fetch = createFetch({ browser: "chrome", page, target: () => { throw new Error("boom"); } });
  const error = await fetch("https://api.example/x").catch((error) => error);
  assert.ok(error instanceof TypeError);
  assert.equal(error.message, "Failed to fetch");
  assert.deepEqual(error.faults, [
    { url: "https://api.example/x", method: "GET", kind: "handler", message: "https://api.example/x: the handler threw: Error: boom" },
  ]);
  assert.equal(error.verdict.error.code, "NetworkError");
  assert.deepEqual(error.scenario.server, { "https://api.example/x": { unreachable: true } });
});

test("a handler that never answers times out, within the timeout", async () => {
  const started = Date.now();
  const report = await probe(() => {}, "https://api.example/slow", { page, browsers: ["chrome"], timeout: 50 });
  assert.ok(Date.now() - started < 1000);
  assert.deepEqual(report.faults, [
    { url: "https://api.example/slow", method: "GET", kind: "timeout", message: "https://api.example/slow: no response within 50 ms (timeout)" },
  ]);
  assert.equal(report.verdicts[0].requests[0].error.code, "NetworkError");
});

test("invalid input throws with the command line's message", async () => {
  await assert.rejects(probe("http://127.0.0.1:9/x", {}, { page: "nope" }), {
    message: "page: `nope` is not a serialized origin: an origin is `scheme://host[:port]` or `null`",
  });
  await assert.rejects(probe("http://[x/", {}, { page }), {
    message: "url: `http://[x/` is not an absolute URL: invalid IPv6 address",
  });
  await assert.rejects(probe(expressApp(), {}, { page }), {
    name: "TypeError",
    message: 'request.url: a handler target needs the URL the browser requests ("https://api.example/users")',
  });
  await assert.rejects(probe(expressApp(), { url: "https://api.example/", methdo: "PUT" }, { page }), {
    // The scenario reader of the package (as `simulate` reads a scenario).
    message: "unknown field `methdo`, expected one of `api`, `url`, `method`, `headers`, `credentials`, `mode`, `redirect`, `body`, `upload_listener`, `at`, `target_address_space`",
  });
  await assert.rejects(probe(42, "https://api.example/", { page }), TypeError);
});

test("the package exports corsim/node with its types", () => {
  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  assert.deepEqual(manifest.exports["./node"], { types: "./node/index.d.ts", node: "./node/index.js" });
});
