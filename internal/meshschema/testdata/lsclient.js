// lsclient opens YAML files in the YAML language server (yaml-language-server, the server
// behind VS Code's redhat.vscode-yaml) over stdio, as an editor does, and prints the
// diagnostics of each file as JSON: {"<path>": [{"line": 1, "message": "..."}]}.
//
//   node lsclient.js <yaml-language-server main script> <file.yaml>...
//
// TestLanguageServer runs it when SMUSMESH_YAML_LANGUAGE_SERVER names the server.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const [server, ...args] = process.argv.slice(2);
const files = args.map((f) => path.resolve(f));
const ls = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const pending = new Map();
const diagnostics = new Map();
let buf = Buffer.alloc(0);
let id = 0;

function send(msg) {
  const s = JSON.stringify(Object.assign({ jsonrpc: '2.0' }, msg));
  ls.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`);
}

function request(method, params) {
  const i = ++id;
  send({ id: i, method, params });
  return new Promise((resolve) => pending.set(i, resolve));
}

const settings = { validate: true, hover: true, completion: true, schemaStore: { enable: false } };

ls.stdout.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const h = buf.indexOf('\r\n\r\n');
    if (h < 0) return;
    const len = Number(/Content-Length: (\d+)/i.exec(buf.slice(0, h).toString())[1]);
    if (buf.length < h + 4 + len) return;
    const msg = JSON.parse(buf.slice(h + 4, h + 4 + len).toString());
    buf = buf.slice(h + 4 + len);
    if (msg.method === 'textDocument/publishDiagnostics') {
      diagnostics.set(msg.params.uri, msg.params.diagnostics);
    } else if (msg.method !== undefined && msg.id !== undefined) {
      // A request of the server (workspace/configuration ...).
      const result = msg.method === 'workspace/configuration' ? msg.params.items.map(() => settings) : null;
      send({ id: msg.id, result });
    } else if (pending.has(msg.id)) {
      pending.get(msg.id)(msg.result);
      pending.delete(msg.id);
    }
  }
});

(async () => {
  await request('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { publishDiagnostics: {} } } });
  send({ method: 'initialized', params: {} });
  send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: settings } } });
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file://' + f, languageId: 'yaml', version: 1, text } } });
  }
  // The server validates each file once its schema is loaded: wait for every file.
  for (let i = 0; i < 300 && files.some((f) => !diagnostics.has('file://' + f)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const out = {};
  for (const f of files) {
    out[f] = (diagnostics.get('file://' + f) || []).map((x) => ({ line: x.range.start.line + 1, message: x.message }));
  }
  console.log(JSON.stringify(out));
  process.exit(0);
})();
