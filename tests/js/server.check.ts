// Type-checks a caller of `corsim/server` against pkg/server/index.d.ts
// (scripts/test-js runs `tsc -p tests/js`): a server entry takes a policy,
// every new export has its types, and wrong values do not compile.
import init, {
  audit,
  fix,
  importEvidence,
  parseScenario,
  policyRespond,
  simulate,
  simulateAll,
  type Audit,
  type Finding,
  type Fixes,
  type Imported,
  type PolicyResponse,
  type Scenario,
  type Verdict,
  type Verdicts,
} from "corsim/server";

export async function usage(): Promise<void> {
  await init();
  const scenario: Scenario = {
    page: "https://app.example",
    requests: [{ url: "https://api.example/users", method: "PUT", credentials: "include" }],
    server: {
      "https://api.example/users": {
        policy: { framework: "express-cors", options: { origin: ["https://app.example"], credentials: true } },
        actual: { status: 200, headers: [["Content-Type", "application/json"]] },
      },
    },
  };
  const verdict: Verdict = simulate(scenario, "safari");
  const all: Verdicts = simulateAll(scenario);
  const parsed: Scenario = parseScenario(JSON.stringify(scenario));
  const imported: Imported = importEvidence("Access to fetch at ...");
  const kind: "console" | "har" | "curl" = imported.kind;
  const assumed: string[] = imported.scenario["x-import"].assumed;
  const fixes: Fixes = fix(scenario);
  const some: Fixes = fix(scenario, ["chrome", "firefox"]);
  const every: Fixes = fix(scenario, "all");
  const snippet: string | undefined = fixes.fixes[0]?.snippets?.express;
  const report: Audit = audit({ framework: "koa-cors", options: {} }, { pages: ["https://app.example"] });
  const finding: Finding | undefined = report.findings[0];
  const severity: "exploitable" | "broken" | "warning" | undefined = finding?.severity;
  const response: PolicyResponse = policyRespond({
    policy: { framework: "tower-http-cors", options: { allow_origin: "mirror_request" } },
    request: { method: "OPTIONS", url: "https://api.example/x", headers: [["Origin", "https://app.example"]] },
    app_response: { status: 405 },
  });
  const status: number = response.status;
  void [verdict, all, parsed, kind, assumed, some, every, snippet, severity, status];

  // @ts-expect-error: not a framework corsim models.
  audit({ framework: "rails-cors" });
  // @ts-expect-error: not a browser profile.
  fix(scenario, "opera");
  // @ts-expect-error: the evidence is text.
  importEvidence({ text: "..." });
  // @ts-expect-error: a request needs a URL.
  policyRespond({ policy: { framework: "express-cors" }, request: { method: "GET" } });
}
