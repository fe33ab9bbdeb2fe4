// The app under test: an Express API whose CORS is configured with the
// `cors` middleware for one front end.
import express from "express";

export const FRONT_END = "https://app.example";

export function createApp() {
  const app = express();
  app.use(express.json());
  // A route the front end may not read: no CORS headers.
  app.get("/internal/health", (req, res) => res.json({ ok: true }));
  // The public API: allowed for the front end, with cookies.
  app.use("/api", (req, res, next) => {
    res.set("Access-Control-Allow-Origin", FRONT_END);
    res.set("Access-Control-Allow-Credentials", "true");
    res.set("Vary", "Origin");
    if (req.method === "OPTIONS") {
      res.set("Access-Control-Allow-Methods", "GET, POST");
      res.set("Access-Control-Allow-Headers", "Content-Type");
      res.status(204).end();
      return;
    }
    next();
  });
  app.post("/api/notes", (req, res) => res.status(201).json({ id: 7, text: req.body.text }));
  return app;
}
