// <corsim-scenario>: a corsim scenario and what a browser does with it,
// embedded in any page with one script tag and no backend.
//
//   <script type="module" src=".../corsim/element.js"></script>
//   <corsim-scenario link="https://…/#s=…&b=firefox"></corsim-scenario>
//   <corsim-scenario><script type="application/json">{ "page": … }</script></corsim-scenario>
//
// The scenario comes from the `scenario` attribute (JSON text), the `link`
// attribute (a playground share link) or the JSON inside the element, in that
// order. Attributes: `browser` (chrome | firefox | safari | spec), `theme`
// (light | dark; default: the reader's preference), `heading` (the title)
// and `heading-level` (1 to 5, default 2).
// Everything shown comes from the verdict the WebAssembly core returns.
import init, { browsers, parseScenario, simulate, steps } from "./corsim.js";

// The playground's cap on a link's fragment (web/src/share.rs MAX_FRAGMENT):
// a link that large is not read at all.
const MAX_FRAGMENT = 32 * 1024;

const NAMES = { chrome: "Chrome", firefox: "Firefox", safari: "Safari", spec: "Spec" };
const DURING = {
  construct: "before anything is sent", preflight: "in the preflight",
  actual: "on the response", redirect: "at a redirect",
};

// One WebAssembly instance for every element of the page, fetched next to
// this module (not next to the page), so the package can live anywhere.
let core;
function loadCore() {
  const wasm = new URL("./corsim_bg.wasm", import.meta.url);
  core ??= init({ module_or_path: wasm }).catch((err) => {
    core = undefined; // a later redraw tries again
    throw new Error(`The simulator could not load from ${wasm}: ${err?.message ?? err}`);
  });
  return core;
}

/** Creates an element: `h("p", { class: "x" }, "text", child)`. Text is never parsed as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) el.setAttribute(name, value === true ? "" : value);
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/**
 * Makes a message safe to show: control characters (and the bidirectional
 * overrides) become visible `\u{…}` escapes instead of reaching the page raw.
 */
function printable(text) {
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
}

/** `33 KB` or `1.4 MB`, as the playground says it. */
function size(bytes) {
  const mb = 1024 * 1024;
  return bytes >= mb ? `${Math.floor(bytes / mb)}.${Math.floor((bytes % mb) * 10 / mb)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Unpadded base64url (padded and `+/` accepted too, as the playground does), or null. */
function base64urlDecode(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const out = [];
  let acc = 0;
  let bits = 0;
  for (const c of text) {
    if (c === "=") break;
    const v = c === "+" ? 62 : c === "/" ? 63 : alphabet.indexOf(c);
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 255);
      acc &= (1 << bits) - 1;
    }
  }
  return new Uint8Array(out);
}

/**
 * Reads a playground share link (`…#s=<base64url JSON>&b=<browser>`): the
 * scenario's JSON text and the browser it names. Throws an Error whose
 * message is the playground's for the same problem.
 */
function readLink(link) {
  const hash = link.indexOf("#");
  const fragment = hash < 0 ? "" : link.slice(hash + 1);
  if (fragment.length > MAX_FRAGMENT) {
    throw new Error(`The link carries ${size(fragment.length)}; a link may carry at most ${size(MAX_FRAGMENT)}.`);
  }
  const params = new Map(fragment.split("&").map((p) => [p.split("=", 1)[0], p.slice(p.indexOf("=") + 1)]));
  if (!params.has("s")) throw new Error("The link has no scenario: a playground share link ends in #s=….");
  const bytes = base64urlDecode(params.get("s"));
  if (!bytes) throw new Error("The scenario in the link is not base64url.");
  let json;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("The scenario in the link is not UTF-8 text.");
  }
  return { json, browser: params.get("b"), where: "in the link" };
}

/** Where the scenario comes from: its JSON text, the browser a link names, and words for errors. */
function source(el) {
  if (el.hasAttribute("scenario")) return { json: el.getAttribute("scenario"), where: "in the scenario attribute" };
  if (el.hasAttribute("link")) return readLink(el.getAttribute("link"));
  // A <script type="application/json"> child is never rendered by the page,
  // so the JSON does not flash before this module loads; plain text works too.
  const script = el.querySelector('script[type="application/json"]');
  const text = (script ?? el).textContent;
  if (!text.trim()) throw new Error("There is no scenario: give a scenario or link attribute, or the JSON inside the element.");
  return { json: text, where: "inside the element" };
}

/** The first of `names` that is a browser profile (an attribute, a link's `b`), else Chrome. */
function pickBrowser(...names) {
  return names.find((n) => browsers().includes(n)) ?? "chrome";
}

/** `[name, value]` pairs as a compact list of `name: value` lines. */
function headerList(pairs, className = "headers") {
  if (!pairs.length) return null;
  return h("ul", { class: className }, pairs.map(([n, v]) => h("li", {}, h("code", {}, printable(`${n}: ${v}`)))));
}

/** The host of a URL, to name the server in the diagram. */
function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** What the script asked for: method, URL, headers as written, and the options that matter. */
function requestBlock(spec) {
  const options = [`${spec.api ?? "fetch"}`, `credentials: ${spec.credentials ?? "same-origin"}`];
  if (spec.mode && spec.mode !== "cors") options.push(`mode: ${spec.mode}`);
  if (spec.redirect && spec.redirect !== "follow") options.push(`redirect: ${spec.redirect}`);
  if (spec.body) options.push(`body: ${spec.body.kind}`);
  return h("div", { class: "block" },
    h("p", {}, h("code", { class: "line" }, printable(`${spec.method ?? "GET"} ${spec.url}`)), " ", h("span", { class: "muted" }, `(${options.join(", ")})`)),
    headerList(spec.headers ?? []));
}

/** Whether a preflight goes out, and its exact Access-Control-Request-* headers. */
function preflightBlock(v) {
  if (!v.preflights.length) {
    return h("p", {}, v.cache_hit ? "No preflight: a cached preflight result covers this request." : "No preflight goes out.");
  }
  // After a redirect a second preflight can go out: then each names its URL.
  const to = (p) => (v.preflights.length > 1 ? ` to ${p.url}` : "");
  return v.preflights.map((p) => h("div", { class: "block" },
    h("p", {}, printable(`A preflight goes out${to(p)} (cache: ${p.cache}), with:`)),
    headerList(p.headers.filter(([n]) => /^access-control-request-/i.test(n)))));
}

/** One arrow of the sequence diagram, its message and the headers it carries. */
function arrow(toServer, label, pairs, host) {
  const who = toServer ? `Page to ${host}` : `${host} to page`;
  return h("li", { class: toServer ? "msg to" : "msg from" },
    h("span", { class: "sr" }, `${who}: `),
    h("code", { class: "line" }, label),
    headerList(pairs, "headers small"),
    h("span", { class: "arrow", "aria-hidden": "true" }));
}

/** The sequence diagram: page → server arrows for every preflight and hop, in order, with the answers. */
function diagram(v, page) {
  const items = [];
  // Preflights and hops interleave: each preflight comes before the hop to the same URL.
  const preflights = [...v.preflights];
  const answer = (status, pairs, host) =>
    arrow(false, status === null ? "no answer: the connection failed" : `status ${status}`, pairs, host);
  const sendPreflight = (p) => {
    items.push(arrow(true, `OPTIONS ${p.url}`, p.headers, hostOf(p.url)));
    items.push(answer(p.status, p.response_headers, hostOf(p.url)));
  };
  for (const hop of v.hops) {
    while (preflights.length && preflights[0].url === hop.url) sendPreflight(preflights.shift());
    const sent = [];
    if (hop.origin !== null) sent.push(["Origin", hop.origin]);
    for (const name of hop.header_names) {
      sent.push([name, v.request_headers.find(([n]) => n.toLowerCase() === name)?.[1] ?? ""]);
    }
    const cookies = hop.credentials ? " (with cookies)" : "";
    items.push(arrow(true, `${hop.method} ${hop.url}${cookies}`, sent, hostOf(hop.url)));
    items.push(answer(hop.status, hop.response_headers, hostOf(hop.url)));
  }
  preflights.forEach(sendPreflight);
  if (!items.length) return h("p", {}, "Nothing reaches a server.");
  const hosts = new Set([...v.preflights, ...v.hops].map((x) => hostOf(x.url)));
  const server = hosts.size === 1 ? `Server (${[...hosts][0]})` : "Servers";
  return h("figure", { class: "seq" },
    h("figcaption", { class: "lanes" }, h("span", {}, `Page (${page})`), h("span", {}, server)),
    h("ol", {}, items));
}

/** Allowed, blocked or waiting; the error code; the console lines, verbatim. */
function verdictBlock(v, browser) {
  const outcome = { ok: "Allowed", error: "Blocked", pending: "Waiting for permission" }[v.outcome] ?? v.outcome;
  const e = v.error;
  const r = v.response;
  return h("div", { class: `verdict ${v.outcome}` },
    h("p", {}, h("strong", { class: "outcome" }, outcome),
      e && [" ", h("code", { class: "code" }, e.code), e.parameter ? ` (${e.parameter})` : "", ` ${DURING[e.during] ?? e.during}`],
      r && ` — the script gets a ${r.type} response, status ${r.status}${r.body_readable ? ", body readable" : ""}`),
    v.prompt && h("p", {}, `Prompt: ${v.prompt.text}`),
    v.console.length
      ? [h("p", { class: "muted" }, `${NAMES[browser] ?? browser}'s console:`),
        h("ol", { class: "console" }, v.console.map((line) => h("li", {}, h("code", {}, line))))]
      : h("p", { class: "muted" }, browser === "spec" ? "The Fetch Standard prints nothing." : "The console stays silent."));
}

/** The explanation, folded: each step links to the algorithm it follows. */
function traceBlock(v, anchors) {
  return h("details", { class: "trace" },
    h("summary", {}, `Trace: ${v.trace.length} steps`),
    h("ol", {}, v.trace.map((s) => h("li", { class: s.result },
      h("span", { class: "result" }, s.result), " ",
      h("a", { href: s.anchor ?? anchors.get(s.step) }, s.step), ": ", s.summary,
      (s.values ?? []).length ? headerList(s.values, "headers small") : null))));
}

/**
 * Everything about one request. `ctx`: the request count, the page origin,
 * the browser, the step anchors and the heading level for a request.
 */
function requestSection(spec, v, index, ctx) {
  const { count, page, browser, anchors, level } = ctx;
  // A plain div, not a named section: a page with several elements would
  // otherwise hold many landmarks called "Request 1 of 1".
  return h("div", { class: "request" },
    count > 1 ? h(`h${level}`, { class: "sub" }, `Request ${index + 1} of ${count}`) : null,
    requestBlock(spec),
    preflightBlock(v),
    diagram(v, page),
    verdictBlock(v, browser),
    traceBlock(v, anchors));
}

const CSS = `
:host { all: initial; display: block; color-scheme: light;
  --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --panel: #f3f5f7; --line: #c8ced5;
  --ok: #116329; --fail: #b3261e; --info: #0b5cad; --focus: #0b5cad;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; margin: 1rem 0; }
:host([hidden]) { display: none; }
@media (prefers-color-scheme: dark) { :host(:not([theme=light])) { color-scheme: dark;
  --fg: #e6edf3; --muted: #a3adb8; --bg: #161b22; --panel: #21262d; --line: #3d444d;
  --ok: #56d364; --fail: #ff8a80; --info: #79c0ff; --focus: #79c0ff; } }
:host([theme=dark]) { color-scheme: dark;
  --fg: #e6edf3; --muted: #a3adb8; --bg: #161b22; --panel: #21262d; --line: #3d444d;
  --ok: #56d364; --fail: #ff8a80; --info: #79c0ff; --focus: #79c0ff; }
* { box-sizing: border-box; overflow-wrap: anywhere; min-width: 0; }
.title { font-size: 1.1em; margin: 0 0 0.5rem; } .sub { font-size: 1em; margin: 0.75rem 0 0.25rem; }
p { margin: 0.3rem 0; } code { font: 0.92em/1.4 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; }
a { color: var(--info); } .muted { color: var(--muted); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
fieldset { border: 0; padding: 0; margin: 0 0 0.5rem; display: flex; flex-wrap: wrap; gap: 0.25rem; align-items: center; }
legend { float: left; margin-right: 0.5rem; color: var(--muted); }
label { position: relative; cursor: pointer; }
label input { position: absolute; opacity: 0; inset: 0; margin: 0; cursor: pointer; }
label span { display: inline-block; padding: 0.15rem 0.6rem; border: 1px solid var(--line); border-radius: 999px; }
label input:checked + span { background: var(--fg); color: var(--bg); border-color: var(--fg); }
label input:focus-visible + span { outline: 2px solid var(--focus); outline-offset: 2px; }
ul, ol { margin: 0.2rem 0; padding-left: 1.25rem; } .headers { list-style: none; padding-left: 0.75rem; }
.small { font-size: 0.95em; }
.block { margin: 0.25rem 0; } .request + .request { border-top: 1px solid var(--line); margin-top: 0.75rem; }
.seq { margin: 0.5rem 0; padding: 0.5rem; background: var(--panel); border-radius: 4px; }
.lanes { display: flex; justify-content: space-between; font-weight: 600; gap: 1rem; }
.seq ol { list-style: none; padding: 0; }
.msg { margin: 0.35rem 0; }
.arrow { display: block; position: relative; height: 0; border-top: 2px solid var(--fg); margin: 0.3rem 6px 0.6rem; }
.arrow::after { content: ""; position: absolute; top: -6px; border: 5px solid transparent; }
.to .arrow::after { right: -6px; border-left: 8px solid var(--fg); border-right: 0; }
.from .arrow { border-top-style: dashed; }
.from .arrow::after { left: -6px; border-right: 8px solid var(--fg); border-left: 0; }
.from { text-align: right; } .from .headers { text-align: right; }
.outcome { font-size: 1.05em; } .ok .outcome { color: var(--ok); } .error .outcome { color: var(--fail); }
.console { list-style: none; padding: 0.4rem; background: var(--panel); border-left: 3px solid var(--fail); }
.ok .console { border-left-color: var(--ok); }
.trace summary { cursor: pointer; color: var(--info); }
.trace li { margin: 0.2rem 0; }
.result { font-size: 0.85em; text-transform: uppercase; color: var(--muted); }
.fail .result { color: var(--fail); } .pass .result { color: var(--ok); }
.problem { color: var(--fail); font-weight: 600; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

/** `<corsim-scenario>`. */
export class CorsimScenarioElement extends HTMLElement {
  static observedAttributes = ["scenario", "link", "browser", "theme", "heading", "heading-level"];

  #root = this.attachShadow({ mode: "open" });
  #browser = null; // the reader's choice in the picker, once they make one
  #connected = false; // attribute changes before the first render wait for it

  connectedCallback() {
    this.#connected = true;
    // Parsed before its children? Wait for them (the JSON may be inside).
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", () => this.#render(), { once: true });
    } else {
      this.#render();
    }
  }

  attributeChangedCallback(name) {
    if (name === "browser") this.#browser = null;
    // The theme is CSS only; other changes redraw once the element is in place.
    if (this.#connected && this.isConnected && name !== "theme") this.#render();
  }

  /** Loads the core, then draws everything; any failure becomes a message in the element. */
  async #render() {
    try {
      await loadCore();
      this.#draw();
    } catch (err) {
      this.#show(this.#heading("corsim"), h("p", { class: "problem" }, printable(err?.message ?? err)));
    }
  }

  /** Replaces the shadow content: styles, then a labelled region. */
  #show(...children) {
    this.#root.replaceChildren(h("style", {}, CSS),
      h("div", { role: "region", "aria-labelledby": "title" }, children));
  }

  /** The heading level the page asks for (`heading-level`, 1 to 5), default 2. */
  #level() {
    const level = Number(this.getAttribute("heading-level"));
    return level >= 1 && level <= 5 ? Math.floor(level) : 2;
  }

  #heading(fallback) {
    // The default title quotes the scenario, which may hold any character.
    return h(`h${this.#level()}`, { id: "title", class: "title" }, this.getAttribute("heading") || printable(fallback));
  }

  #draw() {
    let src = null;
    let scenario;
    try {
      src = source(this);
      scenario = parseScenario(src.json);
    } catch (err) {
      const where = src ? `The scenario ${src.where} is not valid: ` : "";
      throw new Error(`${where}${err.message}`);
    }
    const first = scenario.requests[0];
    const title = first ? `CORS: ${first.method ?? "GET"} ${first.url} from ${scenario.page}` : "CORS scenario";
    const results = h("div", { class: "results" });
    const chosen = this.#browser ?? pickBrowser(this.getAttribute("browser"), src.browser);
    const update = (b) => this.#results(results, scenario, b, src.where);
    this.#show(this.#heading(title), this.#picker(chosen, update), results);
    update(chosen);
  }

  /** Radio buttons, one per profile: arrow keys move between them, Tab leaves. */
  #picker(chosen, onChange) {
    return h("fieldset", {}, h("legend", {}, "Browser"),
      browsers().map((b) => {
        const input = h("input", { type: "radio", name: "browser", value: b, checked: b === chosen });
        input.addEventListener("change", () => {
          this.#browser = b;
          onChange(b);
        });
        return h("label", {}, input, h("span", {}, NAMES[b] ?? b));
      }));
  }

  /** Only the results are redrawn when the browser changes, so focus stays on the picker. */
  #results(container, scenario, browser, where) {
    let verdict;
    try {
      verdict = simulate(scenario, browser);
    } catch (err) {
      const message = `The scenario ${where} is not valid: ${err.message}`;
      container.replaceChildren(h("p", { class: "problem" }, printable(message)));
      return;
    }
    const ctx = {
      count: verdict.requests.length, page: scenario.page, browser,
      anchors: new Map(steps().map((s) => [s.id, s.anchor])), level: this.#level() + 1,
    };
    container.replaceChildren(...verdict.requests.map((v, i) => requestSection(scenario.requests[i], v, i, ctx)));
  }
}

if (!customElements.get("corsim-scenario")) customElements.define("corsim-scenario", CorsimScenarioElement);
