#!/usr/bin/env node
// One-line-per-request summary of recorded fixtures, for eyeballing:
//   node tests/browsers/summarize.mjs tests/browsers/fixtures/chromium/*.json
import fs from 'node:fs';
import path from 'node:path';

for (const file of process.argv.slice(2)) {
  const rec = JSON.parse(fs.readFileSync(file, 'utf8'));
  const name = path.basename(file, '.json');
  if (rec.skipped) console.log(`${name}: SKIPPED ${rec.skipped}`);
  if (!rec.verdict) continue;
  rec.verdict.requests.forEach((r, i) => {
    const req = rec.scenario.requests[i];
    const pf = r.preflights.map((p) => `OPTIONS ${p.status} [${p.headers.map(([n, v]) => `${n}: ${v}`).join('; ')}]`).join(' ');
    const hops = r.hops.map((h) => `${h.method} ${h.url} origin=${h.origin} cred=${h.credentials}${h.header_names.length ? ` hdrs=${h.header_names}` : ''}`).join(' -> ');
    const res = r.response ? `${r.response.type} ${r.response.status}${r.response.redirected ? ' redirected' : ''} readable=[${r.response.readable_headers}] body=${r.response.body_readable}` : '';
    const err = r.error ? `${r.error.code}${r.error.parameter ? `(${r.error.parameter})` : ''} during=${r.error.during}${r.error.js ? ` js=${r.error.js.name}: ${r.error.js.message}` : ''}` : '';
    console.log(`${name}#${i} ${req.api || 'fetch'} ${req.method} ${req.url}: ${r.outcome}/${r.phase} ${res}${err}${r.cache_hit ? ' cache_hit' : ''}`);
    if (pf) console.log(`    preflights: ${pf}`);
    if (hops) console.log(`    hops: ${hops}`);
    for (const c of r.console) console.log(`    console: ${c}`);
  });
}
