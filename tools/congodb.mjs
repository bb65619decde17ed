// Starts CongoDB, an in-memory MongoDB-wire-protocol server, on 127.0.0.1 for tests.
// Usage: node congodb.mjs [PORT]   (PORT omitted or 0 = let the OS pick a free port)
// Prints exactly one line "CONGODB_READY mongodb://127.0.0.1:PORT/?directConnection=true"
// on stdout once it accepts connections; stops cleanly on SIGTERM/SIGINT.
// Requires tools/install.sh to have run (it unpacks smartmongo into tools/.smartmongo).

const entry = new URL('./.smartmongo/dist_ts/congodb/index.js', import.meta.url);
const helloEntry = new URL('./.smartmongo/dist_ts/congodb/server/handlers/HelloHandler.js', import.meta.url);

let CongoServer, UpdateEngine, QueryEngine, plugins, HelloHandler;
try {
  ({ CongoServer, UpdateEngine, QueryEngine, plugins } = await import(entry.href));
  ({ HelloHandler } = await import(helloEntry.href));
} catch (err) {
  console.error(`congodb: cannot load ${entry.pathname} - run tools/install.sh first`);
  console.error(err);
  process.exit(2);
}

// Compatibility fixes for smartmongo 2.2.0, all our own code; set CONGODB_NO_COMPAT_PATCH=1
// to see the unpatched behaviour.
//
// 1. Its hello reply carries a topologyVersion, which makes drivers switch to streaming
//    ("exhaust") server monitoring; the server never sets moreToCome, so the driver's monitor
//    fails and clears the connection pool every heartbeat ("Server ended moreToCome
//    unexpectedly"), breaking in-flight operations. Without topologyVersion drivers poll.
//
// 2. UpdateEngine.deepClone only knows ObjectId, Date and
//    Timestamp, so every update/findAndModify/upsert turns Binary (UUID/Guid), Decimal128 and
//    Long values into plain sub-documents that drivers can no longer read. Clone those values
//    by a BSON round trip instead; everything else still goes through the original code.
if (process.env.CONGODB_NO_COMPAT_PATCH !== '1') {
  const originalHello = HelloHandler.prototype.handle;
  HelloHandler.prototype.handle = async function handle(context) {
    const reply = await originalHello.call(this, context);
    delete reply.topologyVersion;
    return reply;
  };

  const { bson } = plugins;
  const originalDeepClone = UpdateEngine.deepClone;
  UpdateEngine.deepClone = function deepClone(value) {
    const bsonType = value !== null && typeof value === 'object' ? value._bsontype : undefined;
    if (typeof bsonType === 'string' && bsonType !== 'ObjectId' && bsonType !== 'Timestamp') {
      const copy = bson.deserialize(bson.serialize({ v: value }), { promoteValues: false, bsonRegExp: true });
      return copy.v;
    }
    return originalDeepClone.call(this, value);
  };

  // 3. Every query is a scan of the whole collection through mingo, and mingo's ObjectId
  //    comparisons are slow (a $in of 1,000 ids over 5,000 documents takes seconds), so writes of
  //    one delivery row at a time by _id and lookups by a list of ids made a 5,000-recipient send
  //    take minutes. Before mingo runs, drop the documents whose top-level ObjectId value cannot
  //    satisfy a condition that pins that field to an ObjectId (or a $in of ObjectIds). mingo still
  //    tests the whole filter on the rest, and order is kept, so no result changes.
  const originalFilter = QueryEngine.filter;
  QueryEngine.filter = function filter(documents, query) {
    return originalFilter.call(this, narrow(documents, query), query);
  };
}

function isObjectId(value) {
  return value !== null && typeof value === 'object' && value._bsontype === 'ObjectId';
}

function hasOnly(condition, operator) {
  return condition !== null && typeof condition === 'object' && !isObjectId(condition) && !Array.isArray(condition)
    && Object.keys(condition).length === 1 && operator in condition;
}

// A test of an ObjectId value against a condition naming ObjectIds only; null for other conditions.
function objectIdTest(condition) {
  const single = isObjectId(condition) ? condition : hasOnly(condition, '$eq') && isObjectId(condition.$eq) ? condition.$eq : null;
  if (single) {
    return (value) => value.equals(single);
  }
  if (hasOnly(condition, '$in') && Array.isArray(condition.$in) && condition.$in.every(isObjectId)) {
    const wanted = new Set(condition.$in.map((id) => id.toHexString()));
    return (value) => wanted.has(value.toHexString());
  }
  return null;
}

// The documents that can match: those whose value of such a field is not a scalar ObjectId outside
// the condition. Missing, array or other values are left for mingo to judge.
function narrow(documents, query) {
  if (query === null || typeof query !== 'object') {
    return documents;
  }
  // _id first: it leaves at most one document for the other fields to look at.
  const fields = Object.keys(query).filter((k) => !k.startsWith('$') && !k.includes('.')).sort((a, b) => (b === '_id') - (a === '_id'));
  let candidates = documents;
  for (const field of fields) {
    const test = objectIdTest(query[field]);
    if (test) {
      candidates = candidates.filter((d) => !isObjectId(d[field]) || test(d[field]));
    }
  }
  return candidates;
}

const requestedPort = Number.parseInt(process.argv[2] ?? '0', 10);
if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
  console.error(`congodb: invalid port "${process.argv[2]}"`);
  process.exit(2);
}

const server = new CongoServer({ host: '127.0.0.1', port: requestedPort, storage: 'memory' });
await server.start();

// With port 0 the real port is only known from the listening socket.
const port = server.server.address().port;
console.log(`CONGODB_READY mongodb://127.0.0.1:${port}/?directConnection=true`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.error(`congodb: ${signal} received, stopping`);
  try {
    await server.stop();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
