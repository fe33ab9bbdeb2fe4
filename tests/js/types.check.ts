// Type-checks a caller of the built package against pkg/corsim.d.ts
// (scripts/test-js runs `tsc -p tests/js`): every export has the types of
// format v1, the browser is optional, and wrong values do not compile.
import init, {
  browsers,
  initSync,
  parseScenario,
  simulate,
  simulateAll,
  steps,
  version,
  type Browser,
  type HopRecord,
  type PreflightRecord,
  type RequestVerdict,
  type Scenario,
  type StepInfo,
  type TraceStep,
  type Verdict,
  type Verdicts,
} from "corsim";
import { CorsimScenarioElement } from "corsim/element";

export async function usage(): Promise<void> {
  await init();
  initSync({ module: new Uint8Array(0) });
  const scenario: Scenario = {
    page: "https://app.example",
    requests: [
      {
        url: "https://api.example/users",
        method: "PUT",
        headers: [["Content-Type", "application/json"]],
        credentials: "include",
        body: { kind: "blob", type: null },
        at: 1.5,
      },
      { api: "xhr", url: "https://api.example/users", upload_listener: "before-send" },
    ],
    server: {
      "https://api.example/users": {
        preflight: [{ status: 204, headers: [["Access-Control-Allow-Origin", "*"]] }],
        actual: { status: 200 },
      },
      "https://down.example/": { unreachable: true },
    },
  };
  const chrome: Verdict = simulate(scenario);
  const firefox: Verdict = simulate(scenario, "firefox");
  const all: Verdicts = simulateAll(scenario);
  const safari: Verdict = all.safari;
  const profile: Browser = safari.browser;
  const names: Browser[] = browsers();
  const list: StepInfo[] = steps();
  const parsed: Scenario = parseScenario("{}");
  const v: string = version();

  const request: RequestVerdict = chrome.requests[0];
  const preflight: PreflightRecord | undefined = request.preflights[0];
  const acrh: string | undefined = preflight?.headers[2]?.[1];
  const preflightStatus: number | null | undefined = preflight?.status;
  const hop: HopRecord = request.hops[0];
  const origin: string | null = hop.origin;
  const type: "basic" | "cors" | "opaque" | "opaqueredirect" | undefined = request.response?.type;
  const code: string | undefined = firefox.requests[0].error?.code;
  const parameter: string | null | undefined = firefox.requests[0].error?.parameter;
  const step: TraceStep = request.trace[0];
  const values: [string, string][] | undefined = step.values;
  const lines: string[] = request.console;
  console.log(profile, names, list, parsed, v, acrh, preflightStatus, origin, type, code, parameter, values, lines);

  // @ts-expect-error: not a browser profile
  simulate(scenario, "opera");
  // @ts-expect-error: a scenario has no such field
  simulate({ page: "https://app.example", requests: [], extra: 1 });
  // @ts-expect-error: the url is required
  simulate({ page: "https://app.example", requests: [{ method: "GET" }] });
  // @ts-expect-error: not a credentials mode
  simulate({ page: "https://app.example", requests: [{ url: "https://a.example/", credentials: "yes" }] });
  // @ts-expect-error: JSON text, not an object
  parseScenario(scenario);

  // <corsim-scenario>: the tag name maps to the element's class (a plain
  // HTMLElement lacks its callbacks, so these lines need the map).
  const element: CorsimScenarioElement | null = document.querySelector("corsim-scenario");
  const created: CorsimScenarioElement = document.createElement("corsim-scenario");
  created.setAttribute("link", "https://playground.example/#s=e30");
  const attributes: readonly string[] = CorsimScenarioElement.observedAttributes;
  console.log(element, attributes);
}
