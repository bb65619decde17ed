// Starts CongoDB, an in-memory MongoDB-wire-protocol server, on 127.0.0.1 for tests.
// Usage: node congodb.mjs [PORT]   (PORT omitted or 0 = let the OS pick a free port)
// Prints exactly one line "CONGODB_READY mongodb://127.0.0.1:PORT/?directConnection=true"
// on stdout once it accepts connections; stops cleanly on SIGTERM/SIGINT.
// Requires tools/install.sh to have run (it unpacks smartmongo into tools/.smartmongo).

import { filterNarrowed, narrow } from './congodb-narrow.mjs';
import { enforceUniqueIndexes } from './congodb-unique.mjs';
import { collectionOf, sortById, trackSnapshots } from './congodb-ids.mjs';

const entry = new URL('./.smartmongo/dist_ts/congodb/index.js', import.meta.url);
const helloEntry = new URL('./.smartmongo/dist_ts/congodb/server/handlers/HelloHandler.js', import.meta.url);

let CongoServer, UpdateEngine, QueryEngine, AggregationEngine, IndexEngine, MemoryStorageAdapter, CommandRouter, CongoDuplicateKeyError, plugins, HelloHandler;
try {
  ({ CongoServer, UpdateEngine, QueryEngine, AggregationEngine, IndexEngine, MemoryStorageAdapter, CommandRouter, CongoDuplicateKeyError, plugins } = await import(entry.href));
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
  //    Conditions pinning a top-level field (or one inside a top-level $and) to a string or an
  //    ObjectId, or to a $in of them, are decided with hash sets the same way.
  const originalFilter = QueryEngine.filter;
  QueryEngine.filter = function filter(documents, query) {
    return filterNarrowed(documents, query, collectionOf(documents), (docs, q) => originalFilter.call(this, docs, q));
  };

  // 4. Unique secondary indexes are recorded but never enforced (only _id is), and partial filter
  //    expressions are dropped. Keep both, and refuse a write that would duplicate a key of a unique
  //    index with E11000 (code 11000, DuplicateKey), as MongoDB does; see congodb-unique.mjs.
  enforceUniqueIndexes({ IndexEngine, MemoryStorageAdapter, QueryEngine, CongoDuplicateKeyError, ObjectId: plugins.bson.ObjectId });

  // 5. With fix 3 a condition on _id still read every document's ObjectId as hex, mingo still tested
  //    a $in of 1,000 ObjectIds on each of the 1,000 documents it picked (a second per lookup), ranges
  //    on _id (the rows of a batch between two ids, a page after an id) and aggregations were not
  //    narrowed at all, and sorts on _id turned both ObjectIds into hex and ran localeCompare on every
  //    comparison. A 20,000-recipient send stores each outcome by _id (1,000 statements per bulk write,
  //    each a pass over 20,000 deliveries) and its resumed snapshot looks rows up by $in of 1,000 ids:
  //    the MongoDB crash drill at 20,000 took 7 to 11 minutes. When a query's documents are the
  //    collection as it is now (nothing written since they were read), the documents an _id condition
  //    or range allows are taken from the collection's Map by its hex keys, in natural order; a
  //    pipeline's leading $match narrows like a find; mingo does not test again a condition that
  //    fix 3 decided by hash set; a sort that starts with _id over distinct ObjectIds compares each
  //    document's hex once. Same documents, same order; see congodb-ids.mjs and congodb-narrow.mjs.
  trackSnapshots(MemoryStorageAdapter);
  const originalAggregate = AggregationEngine.aggregate;
  AggregationEngine.aggregate = function aggregate(documents, pipeline, options) {
    // (A collation may make strings equal that the hash sets tell apart: then mingo judges alone.)
    const match = Array.isArray(pipeline) && !options?.collation ? pipeline[0]?.$match : undefined;
    const narrowed = match !== null && typeof match === 'object' && !Array.isArray(match) ? narrow(documents, match, collectionOf(documents)) : documents;
    return originalAggregate.call(this, narrowed, pipeline, options);
  };
  const originalSort = QueryEngine.sort;
  QueryEngine.sort = function sort(documents, spec) {
    return sortById(documents, spec, (d) => this.normalizeDirection(d), plugins.bson.ObjectId) ?? originalSort.call(this, documents, spec);
  };
}

// Commands slower than CONGODB_SLOW_MS (default 1000) are logged on stderr: a test that waits on the
// server can then tell a slow command from a lost one.
const slowMs = Number.parseInt(process.env.CONGODB_SLOW_MS ?? '1000', 10);
const originalRoute = CommandRouter.prototype.route;
CommandRouter.prototype.route = async function route(parsedCommand) {
  const started = performance.now();
  try {
    return await originalRoute.call(this, parsedCommand);
  } finally {
    const took = performance.now() - started;
    if (took >= slowMs) {
      const target = parsedCommand.command?.[parsedCommand.commandName];
      console.error(`congodb: slow ${parsedCommand.commandName} ${typeof target === 'string' ? target : ''} took ${Math.round(took)} ms`);
    }
  }
};

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
