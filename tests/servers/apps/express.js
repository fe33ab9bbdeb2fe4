'use strict';
// Express 5 with the `cors` middleware, mounted as its README shows:
// app.use(cors(options)) before the routes. See common.js for the protocol.
const { TEXT, policy, decode, say, startupError } = require('./common.js');
const path = require('path');
const modules = path.join(__dirname, '..', 'node_modules');
const express = require(path.join(modules, 'express'));
const cors = require(path.join(modules, 'cors'));

const p = policy();
const app = express();
try {
  if (p) app.use(cors(decode(p.options || {})));
} catch (err) {
  startupError(err);
}
const text = (req, res) => res.type('text/plain').send(TEXT);
app.get('/api/text', text);
app.put('/api/text', text);
app.post('/api/text', text);
app.delete('/api/text', text);
app.get('/api/error', () => {
  throw new Error('boom');
});
const server = app.listen(0, '127.0.0.1', (err) => {
  if (err) startupError(err);
  say({ port: server.address().port });
});
