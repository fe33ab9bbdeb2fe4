// The app's CORS as Chrome and Firefox would see it, in a Vitest suite, with
// no browser and no port to manage: `createFetch` from corsim/node sends what
// the browser would send (its preflight included) to the app in process.
import { describe, expect, test } from "vitest";
import { createFetch } from "corsim/node";

import { FRONT_END, createApp } from "./app.js";

describe.each(["chrome", "firefox"])("the front end, in %s", (browser) => {
  const fetch = createFetch({ browser, page: FRONT_END, target: createApp() });

  test("posts a note with cookies, after a preflight", async () => {
    const response = await fetch("https://api.example/api/notes", {
      method: "POST",
      credentials: "include",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: "hello" }),
    });
    expect(response.type).toBe("cors");
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 7, text: "hello" });
  });

  test("cannot read the health check", async () => {
    const error = await fetch("https://api.example/internal/health").catch((e) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.verdict.error.code).toBe("MissingAllowOriginHeader");
    expect(error.console).toHaveLength(1);
  });
});

test("Chrome's console line says what is missing", async () => {
  const fetch = createFetch({ browser: "chrome", page: FRONT_END, target: createApp() });
  const error = await fetch("https://api.example/internal/health").catch((e) => e);
  expect(error.message).toBe("Failed to fetch");
  expect(error.console).toEqual([
    "Access to fetch at 'https://api.example/internal/health' from origin 'https://app.example' " +
      "has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  ]);
});
