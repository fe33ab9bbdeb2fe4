// Records the `curl -v` transcripts of tests/import/curl/ with the real curl
// binary against the loopback server of server.mjs (started and stopped
// here; nothing leaves 127.0.0.1: --resolve maps the names to it).
//
//   node tests/import/record-curl.mjs
//
// The ports are ephemeral, so each run writes different port numbers; the
// tests read the transcripts as they are.

import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { makeCert } from '../browsers/lib/server.mjs';
import { start } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'curl');
fs.mkdirSync(out, { recursive: true });
const cert = makeCert(['api.example']);
const server = await start(cert);
const { httpPort: hp, httpsPort: sp } = server;
const resolve = ['--resolve', `api.example:${hp}:127.0.0.1`, '--resolve', `api.example:${sp}:127.0.0.1`];
const cases = {
  'missing-acao-http1': ['-H', 'Origin: https://app.example', `http://api.example:${hp}/no-acao`],
  'preflight-no-header-h2': ['-k', '--http2', '-X', 'OPTIONS', '-H', 'Origin: https://app.example',
    '-H', 'Access-Control-Request-Method: PUT', '-H', 'Access-Control-Request-Headers: x-trace',
    `https://api.example:${sp}/no-header`],
  'redirect-h2': ['-k', '--http2', '-L', '-H', 'Origin: https://app.example', `https://api.example:${sp}/redirect`],
  'allowed-put-http1': ['-X', 'PUT', '-H', 'Origin: https://app.example', '-H', 'X-Trace: 1',
    '-H', 'Content-Type: application/json', '--data', '{}', `http://api.example:${hp}/allowed`],
  'no-origin-h2': ['-k', '--http2', `https://api.example:${sp}/no-acao`],
};
try {
  for (const [name, args] of Object.entries(cases)) {
    // -v writes to stderr, the body to stdout: both, as a terminal shows
    // them. Asynchronously: the server answers from this same process.
    const { stdout: text } = await promisify(execFile)(
      'sh', ['-c', 'curl -sS -v --max-time 10 "$@" 2>&1', 'curl', ...resolve, ...args], { encoding: 'utf8' });
    fs.writeFileSync(path.join(out, `${name}.txt`), text);
    console.log(`wrote ${name}.txt (${text.length} bytes)`);
  }
} finally {
  await server.close();
  fs.rmSync(cert.dir, { recursive: true, force: true });
}
