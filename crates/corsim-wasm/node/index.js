// corsim/node: a Node.js server, asked as each browser would ask it.
//
// The engine is corsim's (src/node.rs: the `Probe` stepping driver, in the
// WebAssembly module pkg/node/corsim_node_bg.wasm). It yields each message a
// browser puts on the wire (each browser's own preflight, then the request,
// then each redirect hop it decides to follow); this file sends it to the
// target and hands the status and headers back. Nothing is decided here.
//
// How a message reaches an in-process handler (an Express app, a Fastify
// instance, a Koa `app.callback()`, any `(req, res) => ...`): over an
// in-memory connection, no socket and no port. An `http.Server` that never
// listens gets one end of a pair of connected streams (its "connection"
// event, as a listening server gets a TCP socket); Node's HTTP client
// writes the request into the other end and reads the answer from it. The
// handler gets a real `IncomingMessage` and `ServerResponse` from Node's
// own HTTP parser and writer, so every framework works unchanged, and the
// response head comes back as a client reads it (order and spelling of
// header names, `rawHeaders`), whatever API the handler wrote it with
// (`setHeader`, `writeHead` with an object or an array). Hand-made
// request/response objects without a connection would need Node's private
// `_header` to see the head.

import { createRequire } from "node:module";
import http from "node:http";
import https from "node:https";
import { Duplex } from "node:stream";

const require = createRequire(import.meta.url);
const wasm = require("./corsim_node.cjs");

/** The synchronous API of the package, already initialised. */
export const { simulate, simulateAll, parseScenario, browsers, steps, version } = wasm;

/** The profiles a probe asks by default, in the command line's order. */
const ALL = ["chrome", "firefox", "safari", "spec"];

/** The default bound on each exchange, in milliseconds (the CLI's 10 s). */
const DEFAULT_TIMEOUT = 10_000;

/** The methods whose request carries no body, even after a redirect. */
const NO_BODY = new Set(["GET", "HEAD"]);

/** The methods Node's client sends without a body by default. */
const BODILESS = new Set(["GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT"]);

/** The most bytes of a final response body `createFetch` keeps. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Probes `request` from `options.page` as each browser would, against
 * `target`: a URL string (a real server) or a Node request handler.
 * Resolves with `{scenario, verdicts, faults, warnings}`, as
 * `corsim probe --format json` prints them.
 */
export async function probe(target, request, options = {}) {
  if (typeof request === "string") {
    request = { url: request };
  }
  if (typeof target === "string" || target instanceof URL) {
    // The request goes to the target (and then wherever it redirects).
    const url = String(target);
    if (request.url === undefined) {
      request = { ...request, url };
    } else if (request.url !== url) {
      throw new TypeError(`request.url (${request.url}) is not the target (${url})`);
    }
  }
  if (request.url === undefined) {
    throw new TypeError('request.url: a handler target needs the URL the browser requests ("https://api.example/users")');
  }
  const profiles = options.browsers ?? ALL;
  if (!Array.isArray(profiles)) {
    throw new TypeError(`options.browsers: expected an array of ${ALL.join(", ")}`);
  }
  const run = await start(target, request, options, profiles, false);
  return run.report;
}

/**
 * A `fetch` that behaves as `options.browser` would from `options.page`
 * against `options.target`: it rejects with a `TypeError` where the browser
 * would (with `error.console` and `error.verdict`), and resolves with a
 * `Response` whose `type`, `status` and headers are what the script sees.
 */
export function createFetch(options = {}) {
  const { browser = "chrome", page, target } = options;
  if (!ALL.includes(browser)) {
    throw new TypeError(`browser: expected one of ${ALL.join(", ")}, not ${JSON.stringify(browser)}`);
  }
  return async function fetch(input, init) {
    init ??= {};
    const request = requestSpec(input, init, page);
    const body = await bodyBytes(input, init);
    const run = await start(target, request, { ...options, body }, [browser], true);
    const verdict = run.report.verdicts[0].requests[0];
    if (verdict.outcome === "ok") {
      return response(verdict, run.body);
    }
    throw rejection(browser, verdict, run.report);
  };
}

/** Runs the stepping driver to its end, doing the I/O it asks for. */
async function start(target, request, options, profiles, keepBody) {
  const { page } = options;
  if (typeof page !== "string") {
    throw new TypeError("options.page: expected the page's origin, a string (\"https://app.example\")");
  }
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const network = await networkFor(target, options.insecure === true);
  const driver = new wasm.Probe({ page, requests: [request] }, profiles);
  const faults = [];
  let body = null;
  try {
    for (;;) {
      const step = driver.next();
      if (step.done) {
        const { scenario, verdicts, warnings } = step.done;
        return { report: { scenario, verdicts, faults, warnings }, body };
      }
      const message = step.send;
      try {
        // The script's body goes with the request and the redirects that
        // keep it (307, 308); a preflight never has one.
        const sent = message.kind === "request" && !NO_BODY.has(message.method) ? options.body : undefined;
        const answer = await network.exchange(message, timeout, keepBody && message.kind === "request", sent);
        driver.respond(answer.status, answer.headers, "1.1");
        if (message.kind === "request") {
          body = answer.body;
        }
      } catch (error) {
        if (!(error instanceof Fault)) {
          throw error;
        }
        faults.push({ url: message.url, method: message.method, kind: error.kind, message: `${message.url}: ${error.message}` });
        driver.unreachable();
      }
    }
  } finally {
    driver.free();
  }
}

/** A network fault: the engine sees the server as unreachable. */
class Fault extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

/**
 * Where messages go. A URL target: each message to its own URL (redirects
 * may leave the first host). A handler: every message, whatever its URL, to
 * the handler, each over its own in-memory connection.
 */
async function networkFor(target, insecure) {
  if (typeof target === "string" || target instanceof URL) {
    return {
      exchange: (message, timeout, keepBody, body) => send(message, null, timeout, keepBody, body, insecure),
    };
  }
  const handler = await handlerOf(target);
  const thrown = [];
  const server = http.createServer((req, res) => {
    // A handler that throws is a server that never answers: a network error.
    const fail = (error) => {
      thrown.push(error);
      res.destroy(error);
    };
    try {
      const result = handler(req, res);
      if (result && typeof result.then === "function") {
        result.then(undefined, fail);
      }
    } catch (error) {
      fail(error);
    }
  });
  return {
    async exchange(message, timeout, keepBody, body) {
      const connect = () => {
        const [client, end] = connectionPair();
        // What the app sees of the connection: TLS for an https: URL (so
        // `req.protocol` is "https"), from the loopback address.
        end.encrypted = new URL(message.url).protocol === "https:" || undefined;
        end.remoteAddress = "127.0.0.1";
        end.remotePort = 0;
        server.emit("connection", end);
        return client;
      };
      try {
        return await send(message, connect, timeout, keepBody, body);
      } catch (error) {
        if (error instanceof Fault && thrown.length > 0) {
          throw new Fault("handler", `the handler threw: ${thrown.splice(0).join("; ")}`);
        }
        throw error;
      }
    },
  };
}

/**
 * Two connected in-memory streams, like the two ends of a TCP connection:
 * what one end writes, the other reads; ending or destroying one ends the
 * other. (`stream.duplexPair` from Node 22.6, with the socket methods Node's
 * HTTP client and server call.)
 */
function connectionPair() {
  const end = () =>
    new Duplex({
      read() {},
      write(chunk, encoding, callback) {
        this.peer.push(chunk);
        callback();
      },
      final(callback) {
        this.peer.push(null);
        callback();
      },
      destroy(error, callback) {
        if (!this.peer.destroyed) this.peer.destroy();
        callback(error);
      },
    });
  const a = end();
  const b = end();
  a.peer = b;
  b.peer = a;
  for (const socket of [a, b]) {
    for (const method of ["setNoDelay", "setKeepAlive", "setTimeout", "ref", "unref"]) {
      socket[method] = () => socket;
    }
  }
  return [a, b];
}

/** The `(req, res)` function of an in-process target. */
async function handlerOf(target) {
  if (typeof target === "function") {
    // An Express app, a Koa `app.callback()`, a plain listener.
    return target;
  }
  if (target && typeof target.routing === "function" && typeof target.ready === "function") {
    // A Fastify instance: its plugins load at `ready()`; `routing` is the
    // listener its own server would call.
    await target.ready();
    return target.routing;
  }
  if (target && typeof target.callback === "function") {
    // A Koa application.
    return target.callback();
  }
  throw new TypeError("target: expected a URL string or a Node request handler ((req, res) => ...)");
}

/**
 * One exchange over HTTP/1.1: the request line, `Host` and `Connection:
 * keep-alive`, then the engine's headers in its order and spelling (Node's
 * `rawHeaders` array form keeps both), then `body` (the bytes a
 * `createFetch` caller passed, `{bytes, type}`) with its `Content-Length`;
 * `probe` sends no body. For the methods Node's client would send with a chunked body (all
 * but GET, HEAD, DELETE, OPTIONS, TRACE and CONNECT), an empty body goes as
 * `Content-Length: 0`, as browsers send a body-less POST or PUT. Only the
 * head of the response is read, unless `keepBody` (the final response
 * `createFetch` hands to the script); the connection is closed after it.
 */
function send(message, connect, timeout, keepBody, body, insecure = false) {
  const url = new URL(message.url);
  const secure = url.protocol === "https:";
  if (connect === null && url.protocol !== "http:" && !secure) {
    return Promise.reject(new Fault("unsupported", `the probe speaks http: and https:, not ${url.protocol}`));
  }
  // `Host` and `Connection` first, as Chrome writes them over HTTP/1.1.
  const headers = ["Host", url.host, "Connection", "keep-alive"];
  for (const [name, value] of message.headers) {
    // The engine writes a placeholder boundary for a FormData body; the
    // bytes sent were encoded with their own.
    const multipart = body?.type?.startsWith("multipart/form-data") && name.toLowerCase() === "content-type";
    headers.push(name, multipart && value.startsWith("multipart/form-data; boundary=") ? body.type : value);
  }
  if (body !== undefined) {
    headers.push("Content-Length", String(body.bytes.length));
  } else if (!BODILESS.has(message.method.toUpperCase())) {
    headers.push("Content-Length", "0");
  }
  const options = {
    method: message.method,
    path: `${url.pathname}${url.search}`,
    headers,
    setHost: false,
  };
  if (connect === null) {
    options.host = url.hostname.replace(/^\[|\]$/g, "");
    options.port = url.port || (secure ? 443 : 80);
    options.agent = false;
    // Node's own certificate store; `insecure` accepts any certificate
    // (the command line's --insecure).
    options.rejectUnauthorized = !insecure;
  } else {
    options.createConnection = connect;
  }
  const client = connect === null && secure ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(options, (res) => {
      const headers = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) {
        headers.push([res.rawHeaders[i], headerText(res.rawHeaders[i + 1])]);
      }
      const answer = { status: res.statusCode, headers, body: null };
      if (!keepBody) {
        res.destroy();
        resolve(answer);
        return;
      }
      const chunks = [];
      let size = 0;
      res.on("data", (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          res.destroy(new Fault("protocol", `the response body is larger than ${MAX_BODY_BYTES} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => resolve({ ...answer, body: Buffer.concat(chunks) }));
      res.on("error", (error) => reject(error instanceof Fault ? error : new Fault("protocol", error.message)));
    });
    // A timer of its own: an in-memory connection has no socket timeout.
    const timer = setTimeout(() => {
      req.destroy(new Fault("timeout", `no response within ${timeout} ms (timeout)`));
    }, timeout);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (error) => {
      if (error instanceof Fault) {
        reject(error);
      } else if (error.code === "ECONNREFUSED") {
        reject(new Fault("connect", `connection refused (${error.address}:${error.port})`));
      } else if (/CERT|TLS|SSL|SIGNATURE/.test(error.code ?? "")) {
        reject(new Fault("tls", `TLS handshake failed: ${error.message}`));
      } else if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") {
        reject(new Fault("dns", `cannot resolve ${url.hostname}: ${error.code}`));
      } else {
        reject(new Fault("protocol", error.message));
      }
    });
    req.end(body?.bytes);
  });
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A header value as the command line reads it: UTF-8 when its bytes are,
 * otherwise Latin-1. Node's parser hands every value over as Latin-1.
 */
function headerText(latin1) {
  if (!/[^\x00-\x7f]/.test(latin1)) return latin1;
  try {
    return utf8.decode(Buffer.from(latin1, "latin1"));
  } catch {
    return latin1;
  }
}

/** The request a `fetch(input, init)` call makes, as a v1 request. */
function requestSpec(input, init, page) {
  const isRequest = typeof Request !== "undefined" && input instanceof Request;
  const url = new URL(isRequest ? input.url : String(input), page === "null" ? undefined : page).href;
  const spec = { url };
  const method = init.method ?? (isRequest ? input.method : undefined);
  if (method !== undefined) spec.method = method;
  const headers = init.headers ?? (isRequest ? input.headers : undefined);
  if (headers !== undefined) spec.headers = headerPairs(headers);
  for (const field of ["credentials", "mode", "redirect"]) {
    const value = init[field] ?? (isRequest ? input[field] : undefined);
    if (value !== undefined) spec[field] = value;
  }
  if (init.body !== undefined && init.body !== null) spec.body = bodySpec(init.body);
  return spec;
}

/**
 * Headers as the script appended them. A `Headers` object has already
 * combined and sorted them (as a browser's does), so the order and
 * spelling of an array or a plain object are kept, and a `Headers` gives
 * its own.
 */
function headerPairs(headers) {
  if (Array.isArray(headers)) return headers.map(([name, value]) => [String(name), String(value)]);
  if (typeof headers.entries === "function" && typeof headers.append === "function") return [...headers.entries()];
  return Object.entries(headers).map(([name, value]) => [name, String(value)]);
}

/**
 * The body a `fetch(input, init)` call sends, as `fetch` would encode it (a
 * `Response` does the same encoding): `{bytes, type}`, `type` being the
 * `Content-Type` the encoding gives (a FormData's boundary), or `undefined`.
 */
async function bodyBytes(input, init) {
  let encoded;
  if (init.body !== undefined && init.body !== null) {
    encoded = new Response(init.body);
  } else if (typeof Request !== "undefined" && input instanceof Request && input.body !== null) {
    encoded = input.clone();
  } else {
    return undefined;
  }
  return { bytes: Buffer.from(await encoded.arrayBuffer()), type: encoded.headers.get("content-type") };
}

/** The kind of body a script passed (what decides its `Content-Type`). */
function bodySpec(body) {
  if (typeof body === "string") return { kind: "string" };
  if (body instanceof URLSearchParams) return { kind: "urlsearchparams" };
  if (typeof FormData !== "undefined" && body instanceof FormData) return { kind: "formdata" };
  if (typeof Blob !== "undefined" && body instanceof Blob) return { kind: "blob", type: body.type };
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return { kind: "arraybuffer" };
  if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) return { kind: "stream" };
  // fetch() turns anything else into a string.
  return { kind: "string" };
}

/** Statuses whose response has no body (the `Response` constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * The `Response` the script receives: the verdict's type, status, URL and
 * readable headers (the safelisted ones and those exposed, with the values
 * the server sent), and the body when the script may read it.
 */
function response(verdict, body) {
  const view = verdict.response;
  const hop = verdict.hops.at(-1);
  const readable = new Set(view.readable_headers);
  const headers = new Headers();
  if (view.type !== "opaque" && view.type !== "opaqueredirect" && hop) {
    for (const [name, value] of hop.response_headers) {
      if (readable.has(name.toLowerCase())) headers.append(name, value);
    }
  }
  const nullBody = !view.body_readable || NULL_BODY.has(view.status) || body === null;
  // The constructor takes statuses 200-599 only; the others are set below.
  const constructible = view.status >= 200 && view.status <= 599;
  const result = new Response(nullBody ? null : body, {
    status: constructible ? view.status : 200,
    headers,
  });
  // `type`, `url` and `redirected` are getters on the prototype, which a
  // script cannot set through the constructor: own properties shadow them.
  const own = { type: view.type, url: view.url, redirected: view.redirected };
  if (!constructible) {
    Object.assign(own, { status: view.status, ok: false, statusText: "" });
  }
  for (const [name, value] of Object.entries(own)) {
    Object.defineProperty(result, name, { value, enumerable: true });
  }
  return result;
}

/**
 * The `TypeError` the browser rejects with: its own message, with the
 * console lines it prints (`error.console`), the verdict
 * (`error.verdict`) and the recorded scenario (`error.scenario`).
 */
function rejection(browser, verdict, report) {
  let error;
  if (verdict.outcome === "pending") {
    // A Local Network Access prompt: the browser waits for the user; a
    // test cannot, so the fetch rejects and says why.
    error = new Error(`the browser waits for a permission prompt: ${verdict.prompt?.text ?? "local network access"}`);
  } else {
    // The browser's own words; the specification leaves them to the
    // browser, so the `spec` profile says what it is.
    const message = wasm.fetchNetworkError(browser) ?? "network error";
    error = new TypeError(verdict.phase === "construct" ? (verdict.console[0] ?? verdict.error.code) : message);
  }
  error.console = verdict.console;
  error.verdict = verdict;
  error.scenario = report.scenario;
  error.faults = report.faults;
  return error;
}
