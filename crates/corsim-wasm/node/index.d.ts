// The types of corsim/node (crates/corsim-wasm/node/index.js).

import type {
  Browser,
  RequestSpec,
  RequestVerdict,
  Scenario,
  StepInfo,
  Verdict,
  Verdicts,
} from "../corsim.js";

export type * from "../corsim.js";

/** Runs every request of `scenario` as `browser` (default `"chrome"`) would. */
export function simulate(scenario: Scenario, browser?: Browser): Verdict;
/** Runs `scenario` in every profile: `{chrome, firefox, safari, spec}`. */
export function simulateAll(scenario: Scenario): Verdicts;
/** Parses a scenario from JSON text, as the command line reads it. */
export function parseScenario(jsonText: string): Scenario;
/** The names of the browser profiles. */
export function browsers(): Browser[];
/** Every step a trace can name, with its specification anchor. */
export function steps(): StepInfo[];
/** The version of corsim. */
export function version(): string;

/**
 * A Node request listener, what `http.createServer` takes:
 * `(req: IncomingMessage, res: ServerResponse) => ...`. Its parameters are
 * typed `never` so that any listener fits and these types need no
 * `@types/node`.
 */
export type RequestHandler = (req: never, res: never) => unknown;

/**
 * What a probe sends to: a URL (a real server, over HTTP/1.1), or a
 * Node request handler run in process (an Express app, a Koa
 * `app.callback()`, any listener), a Fastify instance (made `ready()`
 * first), or a Koa application. A handler gets every message, whatever
 * host its URL names, over an in-memory connection (no socket, no port).
 */
export type Target =
  | string
  | URL
  | RequestHandler
  | { routing: RequestHandler; ready(): PromiseLike<unknown> }
  | { callback(): RequestHandler };

/** Options of `probe`. */
export interface ProbeOptions {
  /** The page's origin (`"https://app.example"`). */
  page: string;
  /** The profiles to ask, in order; default all four: chrome, firefox, safari, spec. */
  browsers?: Browser[];
  /** The bound on each exchange, in milliseconds; default 10000. */
  timeout?: number;
  /** An https: URL target: accept any certificate (self-signed, expired, another name). */
  insecure?: boolean;
}

/** A network fault met by a probe: the engine saw the server as unreachable. */
export interface Fault {
  url: string;
  method: string;
  kind: "dns" | "connect" | "tls" | "timeout" | "protocol" | "unsupported" | "handler";
  /** A sentence naming the URL. */
  message: string;
}

/** What `probe` resolves with: `corsim probe --format json`'s document. */
export interface ProbeReport {
  /** A v1 scenario whose server entries are the responses received: `simulate` on it gives `verdicts`. */
  scenario: Scenario;
  /** One verdict per browser asked, in the order asked. */
  verdicts: Verdict[];
  /** Every network fault, in order. */
  faults: Fault[];
  /** Where the scenario cannot replay exactly. */
  warnings: string[];
}

/**
 * Sends `request` from `options.page` as each browser would (each one's
 * own preflight, the request, each redirect hop the engine follows) to
 * `target`, and returns what each browser would make of the answers.
 * A string `request` is a URL; with a URL target, `request.url` defaults
 * to it.
 */
export function probe(
  target: Target,
  request: string | (Omit<RequestSpec, "url"> & { url?: string }),
  options: ProbeOptions,
): Promise<ProbeReport>;

/** Options of `createFetch`. */
export interface CreateFetchOptions {
  /** The browser to behave as; default `"chrome"`. */
  browser?: Browser;
  /** The page's origin; relative URLs resolve against it. */
  page: string;
  /** Where requests go. */
  target: Target;
  /** The bound on each exchange, in milliseconds; default 10000. */
  timeout?: number;
  /** An https: URL target: accept any certificate (self-signed, expired, another name). */
  insecure?: boolean;
}

/** The `TypeError` (or, for a permission prompt, `Error`) a `createFetch` fetch rejects with. */
export interface CorsimFetchError extends Error {
  /** The console lines the browser prints. */
  console: string[];
  /** The browser's verdict on the request. */
  verdict: RequestVerdict;
  /** The scenario recorded, to replay with `simulate`. */
  scenario: Scenario;
  /** Network faults met. */
  faults: Fault[];
}

/**
 * A `fetch` that behaves as `options.browser` would from `options.page`:
 * it rejects with a `TypeError` (a `CorsimFetchError`) where the browser
 * would, and resolves with a `Response` whose `type`, `status`, `url`,
 * `redirected` and readable headers are the browser's.
 */
export function createFetch(
  options: CreateFetchOptions,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
