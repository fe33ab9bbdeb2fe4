// Type-checks a caller of corsim/node against pkg/node/index.d.ts
// (scripts/test-js runs `tsc -p tests/js`): a probe of a URL or a handler,
// a fetch that rejects with the browser's console lines, and wrong values
// that do not compile.
import { createFetch, probe, simulate, type CorsimFetchError, type ProbeReport } from "corsim/node";

declare function listener(req: { url?: string }, res: { end(): void }): void;
declare const fastify: { routing(req: unknown, res: unknown): void; ready(): Promise<undefined> };

export async function callers(): Promise<void> {
  const report: ProbeReport = await probe("https://api.example/users", {}, { page: "https://app.example" });
  const replayed = simulate(report.scenario, report.verdicts[0].browser);
  const same: boolean = replayed.requests[0].outcome === report.verdicts[0].requests[0].outcome;
  await probe(listener, { url: "https://api.example/users", method: "PUT" }, { page: "https://app.example", browsers: ["firefox"] });
  await probe(fastify, "https://api.example/users", { page: "https://app.example", timeout: 500 });

  const fetch = createFetch({ browser: "safari", page: "https://app.example", target: listener });
  try {
    const response: Response = await fetch("/users", { method: "POST", body: "{}" });
    const type: ResponseType = response.type;
    void [type, same];
  } catch (error) {
    const lines: string[] = (error as CorsimFetchError).console;
    void lines;
  }

  // @ts-expect-error: the page is required
  await probe(listener, {}, {});
  // @ts-expect-error: not a browser profile
  createFetch({ browser: "edge", page: "https://app.example", target: listener });
  // @ts-expect-error: a number is not a target
  await probe(42, {}, { page: "https://app.example" });
}
