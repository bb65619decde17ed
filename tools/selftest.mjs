// Smoke test for the running tool servers; driven by selftest.sh, which starts them and
// passes their addresses in MASSEMAIL_TEST_MONGO_URI and MASSEMAIL_TEST_SES_URL.
// Needs no MongoDB driver: it speaks one OP_MSG round trip using the bson package.
import net from 'node:net';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const { serialize, deserialize } = require('bson');

const OP_MSG = 2013;

// Sends one command document as an OP_MSG (flags 0, a single kind-0 section) and
// returns the reply document.
function runCommand(host, port, command) {
  return new Promise((resolve, reject) => {
    const body = serialize(command);
    const header = Buffer.alloc(21);
    header.writeInt32LE(21 + body.length, 0); // messageLength
    header.writeInt32LE(1, 4); // requestID
    header.writeInt32LE(0, 8); // responseTo
    header.writeInt32LE(OP_MSG, 12); // opCode
    header.writeUInt32LE(0, 16); // flagBits
    header.writeUInt8(0, 20); // section kind 0: body

    const socket = net.connect(port, host);
    let buffer = Buffer.alloc(0);
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout waiting for reply')));
    socket.on('error', reject);
    socket.on('connect', () => socket.write(Buffer.concat([header, body])));
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < 4 || buffer.length < buffer.readInt32LE(0)) return;
      socket.end();
      assert.equal(buffer.readInt32LE(12), OP_MSG, 'reply opCode');
      assert.equal(buffer.readUInt8(20), 0, 'reply section kind');
      resolve(deserialize(buffer.subarray(21, buffer.readInt32LE(0))));
    });
  });
}

async function checkCongo(uri) {
  const { hostname, port } = new URL(uri);
  const hello = await runCommand(hostname, Number(port), { hello: 1, $db: 'admin' });
  assert.equal(hello.ok, 1, `hello failed: ${JSON.stringify(hello)}`);
  console.log(`congodb: hello ok (maxWireVersion ${hello.maxWireVersion})`);

  const insert = await runCommand(hostname, Number(port), {
    insert: 'selftest', documents: [{ n: 1 }], $db: 'selftest',
  });
  assert.equal(insert.n, 1, `insert failed: ${JSON.stringify(insert)}`);
  const find = await runCommand(hostname, Number(port), { find: 'selftest', filter: {}, $db: 'selftest' });
  assert.equal(find.cursor.firstBatch[0].n, 1, `find failed: ${JSON.stringify(find)}`);
  console.log('congodb: insert + find ok');
}

async function ses(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    // The emulator only checks that an AWS-style Authorization header is present.
    headers: { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=test/selftest' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function checkSes(base) {
  let r = await ses(base, 'POST', '/clear-store');
  assert.equal(r.status, 200);

  r = await ses(base, 'POST', '/v2/email/outbound-emails', {
    FromEmailAddress: 'sender@example.com',
    Destination: { ToAddresses: ['to@example.com'], CcAddresses: ['cc@example.com'] },
    ReplyToAddresses: ['reply@example.com'],
    Content: {
      Simple: {
        Subject: { Data: 'Selftest subject', Charset: 'UTF-8' },
        Body: { Text: { Data: 'plain body' }, Html: { Data: '<p>html body</p>' } },
        Headers: [{ Name: 'X-Campaign', Value: 'selftest' }],
      },
    },
    EmailTags: [{ Name: 'campaign', Value: 'c1' }],
  });
  assert.equal(r.status, 200, `SendEmail: ${JSON.stringify(r.json)}`);
  const messageId = r.json.MessageId;

  r = await ses(base, 'GET', '/store');
  assert.equal(r.status, 200);
  const mail = r.json.emails.find((e) => e.messageId === messageId);
  assert.ok(mail, 'sent mail not in /store');
  assert.deepEqual(mail.destination.to, ['to@example.com']);
  assert.equal(mail.subject, 'Selftest subject');
  assert.equal(mail.body.text, 'plain body');
  console.log(`ses: SendEmail ${messageId} visible in /store`);
  if (process.env.SELFTEST_VERBOSE) console.log(JSON.stringify(r.json, null, 2));

  r = await ses(base, 'POST', '/clear-store');
  r = await ses(base, 'GET', '/store');
  assert.equal(r.json.emails.length, 0, 'clear-store did not empty the store');
  console.log('ses: clear-store ok');

  r = await ses(base, 'GET', '/v2/email/account');
  console.log(`ses: GetAccount -> ${r.status} ${JSON.stringify(r.json)}`);
}

await checkCongo(process.env.MASSEMAIL_TEST_MONGO_URI);
await checkSes(process.env.MASSEMAIL_TEST_SES_URL);
