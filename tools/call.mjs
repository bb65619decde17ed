// Calls one gRPC method of a running MassEmail service with a JSON request and prints the JSON reply.
// Run it through dev/call (see `bash dev/call --help`). The transport and the proto3 JSON mapping are
// `buf curl` from tools/ (already pinned for lint), so requests and replies use the canonical JSON
// of the protos in protos/; this script adds what a newcomer needs on top: the address and the demo
// key of dev/start, short service names, a selector for one field of the reply (no jq needed), and
// readable google.rpc error details (buf curl prints them base64-encoded).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const tools = dirname(fileURLToPath(import.meta.url));
const root = dirname(tools);
const buf = join(tools, 'node_modules', '.bin', 'buf');
const apiProtos = join(root, 'protos');
// Our own copy of the google.rpc detail messages the service sends (same names and field numbers).
const detailProtos = join(tools, 'protos');
const apiPackage = 'massemail.v1';

const usage = `usage: bash dev/call [--get PATH] SERVICE/METHOD [JSON]
       bash dev/call --list
  SERVICE  a ${apiPackage} service (TemplatesService) or a full name (grpc.health.v1.Health)
  JSON     the request in proto3 JSON, field names as in protos/ (snake_case) or lowerCamelCase;
           default {}; for a client-streaming method, several objects one after the other
  --get    print only this field of the reply (the last one of a stream), e.g. --get template.id
           or --get templates.0.id; a string is printed without quotes
  --list   list the methods the service offers (server reflection)
environment (the same as dev/start's):
  MASSEMAIL_GRPC_PORT  the service's port on 127.0.0.1 (5080)
  MASSEMAIL_API_KEY    the API key to send (default: the demo key in $MASSEMAIL_DATA_DIR/demo-key.txt)
  MASSEMAIL_DATA_DIR   dev/start's data directory (.data; a relative path starts at the repository)
On an RPC error the status, its message and its details go to stderr as JSON and the exit
code is the gRPC status code (INVALID_ARGUMENT = 3, ...); other failures exit with 1, bad usage with 64.`;

const codes = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED',
  'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];

function fail(message, exitCode = 1) {
  console.error(`dev/call: ${message}`);
  process.exit(exitCode);
}

function parseArguments(argv) {
  const options = { get: null, list: false, positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (arg === '--list') {
      options.list = true;
    } else if (arg === '--get') {
      if (i + 1 >= argv.length) fail('--get needs a field path\n' + usage, 64);
      options.get = argv[++i];
    } else if (arg.startsWith('--')) {
      fail(`unknown option ${arg}\n${usage}`, 64);
    } else {
      options.positional.push(arg);
    }
  }

  if (options.list ? options.positional.length > 0 : options.positional.length < 1 || options.positional.length > 2) {
    fail(usage, 64);
  }

  return options;
}

function address() {
  const port = process.env.MASSEMAIL_GRPC_PORT || '5080';
  if (!/^\d+$/.test(port)) fail(`MASSEMAIL_GRPC_PORT must be a port number, not '${port}'`, 64);
  return `http://127.0.0.1:${port}`;
}

function apiKey() {
  if (process.env.MASSEMAIL_API_KEY) return process.env.MASSEMAIL_API_KEY;
  const file = join(resolve(root, process.env.MASSEMAIL_DATA_DIR || '.data'), 'demo-key.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

/** `TemplatesService/CreateTemplate` → `massemail.v1.TemplatesService/CreateTemplate`. */
function fullMethod(name) {
  const slash = name.indexOf('/');
  if (slash <= 0 || slash === name.length - 1 || name.indexOf('/', slash + 1) >= 0) {
    fail(`'${name}' is not SERVICE/METHOD\n${usage}`, 64);
  }

  return name.slice(0, slash).includes('.') ? name : `${apiPackage}.${name}`;
}

/** The top-level JSON values of buf curl's output, which prints one value per streamed message. */
function jsonValues(text) {
  const values = [];
  let depth = 0, start = -1, inString = false, escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
    }
  }

  return values;
}

const camel = (segment) => segment.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** A field of a reply by a dotted path; snake_case segments match the JSON's lowerCamelCase names. */
function select(value, path) {
  let current = value;
  for (const segment of path.split('.')) {
    const key = current !== null && typeof current === 'object'
      ? [segment, camel(segment)].find((k) => Object.prototype.hasOwnProperty.call(current, k))
      : undefined;
    if (key === undefined) {
      fail(`the reply has no field '${path}' (proto3 JSON leaves out fields with default values):\n${JSON.stringify(value, null, 2)}`);
    }

    current = current[key];
  }

  return typeof current === 'string' ? current : JSON.stringify(current, null, 2);
}

/** A google.rpc detail from buf curl ({type, value: base64}) as proto3 JSON for an Any, decoded when the type is known. */
function decodeDetail(detail) {
  const any = { '@type': `type.googleapis.com/${detail.type}` };
  const converted = spawnSync(buf, ['convert', detailProtos, '--type', detail.type, '--from', '-#format=binpb', '--to', '-#format=json'],
    { input: Buffer.from(detail.value ?? '', 'base64'), encoding: 'utf8' });
  return converted.status === 0 ? { ...any, ...JSON.parse(converted.stdout) } : { ...any, value: detail.value };
}

/** Prints buf curl's error (JSON with a lower-case code) with decoded details; returns the exit code. */
function reportError(method, stderr, exitCode) {
  const error = jsonValues(stderr).find((v) => v && typeof v.code === 'string');
  if (!error) {
    process.stderr.write(stderr);
    return exitCode === 0 ? 1 : Math.min(exitCode, 125);
  }

  const code = error.code.toUpperCase();
  const status = { code, message: error.message ?? '', details: (error.details ?? []).map(decodeDetail) };
  console.error(`dev/call: ${method} failed: ${code}: ${status.message}`);
  console.error(JSON.stringify(status, null, 2));
  return codes.indexOf(code) > 0 ? codes.indexOf(code) : 1;
}

const options = parseArguments(process.argv.slice(2));
if (!existsSync(buf)) fail(`${buf} is missing: run 'bash tools/install.sh' (dev/start does)`);

const curl = ['curl', '--protocol', 'grpc', '--http2-prior-knowledge'];
let method = null;
if (options.list) {
  curl.push('--list-methods', address());
} else {
  method = fullMethod(options.positional[0]);
  // The API's methods are resolved from protos/ (the contract in this checkout), others by server reflection.
  if (method.startsWith(`${apiPackage}.`)) curl.push('--schema', apiProtos);
  const key = apiKey();
  if (key) curl.push('--header', `authorization: Bearer ${key}`);
  curl.push('--data', options.positional[1] ?? '{}', `${address()}/${method}`);
}

const child = spawn(buf, curl, { stdio: ['ignore', options.get === null ? 'inherit' : 'pipe', 'pipe'] });
let stdout = '';
let stderr = '';
child.stdout?.setEncoding('utf8').on('data', (chunk) => { stdout += chunk; });
child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });
child.on('close', (exitCode) => {
  if (exitCode !== 0) {
    process.exit(reportError(method ?? '--list', stderr, exitCode ?? 1));
  }

  process.stderr.write(stderr);
  if (options.get !== null) {
    const replies = jsonValues(stdout);
    if (replies.length === 0) fail(`${method} sent no reply to select '${options.get}' from`);
    console.log(select(replies[replies.length - 1], options.get));
  }
});
