// Answers _id conditions and _id sorts from the collection's own Map (see congodb.mjs, fix 5).
// CongoDB's memory storage keeps each collection as a Map from the _id's hex string to the document,
// in insertion (natural) order, yet every find, update, delete and aggregate copies the whole Map
// into an array and tests each document, and sorts on _id convert both ObjectIds to hex strings and
// compare them with localeCompare on every comparison.
//
// findAll's arrays are remembered with the storage's write count at the time. While nothing has
// been written since, the array is exactly the Map's values in the Map's order, so the documents an
// _id condition allows can be taken from the Map by key, or picked out by comparing the keys (hex
// strings of equal length compare as the ObjectIds' bytes do), without touching the others. After
// any write the array is a past snapshot, and the scan works as before.

let writes = 0;
const snapshots = new WeakMap();

// The calls of the memory storage that never change a collection; any other call counts as a write,
// when it starts and when it ends (async methods may change the Map on either side of an await).
const READS = new Set([
  'constructor', 'findAll', 'findById', 'count', 'listDatabases', 'databaseExists', 'listCollections',
  'collectionExists', 'getIndexes', 'getOpLogAfter', 'getLatestOpLogTimestamp', 'createSnapshot', 'hasConflicts',
  'ensureCollection', 'getCollection', 'generateTimestamp',
]);

export function trackSnapshots(MemoryStorageAdapter) {
  const proto = MemoryStorageAdapter.prototype;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (READS.has(name) || typeof descriptor.value !== 'function') continue;
    const original = descriptor.value;
    proto[name] = function write(...args) {
      writes++;
      const result = original.apply(this, args);
      if (result && typeof result.then === 'function') {
        return result.finally(() => { writes++; });
      }
      writes++;
      return result;
    };
  }

  const originalFindAll = proto.findAll;
  proto.findAll = async function findAll(dbName, collName) {
    // The original copies the Map before its first await: the count and the Map are those of the copy.
    const before = writes;
    const pending = originalFindAll.call(this, dbName, collName);
    const collection = this.databases.get(dbName)?.get(collName);
    const documents = await pending;
    if (collection && documents.length === collection.size && this.databases.get(dbName)?.get(collName) === collection) {
      snapshots.set(documents, { collection, writes: before });
    }
    return documents;
  };
}

// The collection Map whose values, in order, are exactly these documents; null when unknown or stale.
export function collectionOf(documents) {
  const snapshot = snapshots.get(documents);
  return snapshot && snapshot.writes === writes && snapshot.collection.size === documents.length ? snapshot.collection : null;
}

function isObjectId(value) {
  return value !== null && typeof value === 'object' && value._bsontype === 'ObjectId';
}

const RANGE = { $gt: (k, b) => k > b, $gte: (k, b) => k >= b, $lt: (k, b) => k < b, $lte: (k, b) => k <= b };

// The bounds of _id conditions made only of $gt/$gte/$lt/$lte with ObjectId operands (top level and
// top-level $and clauses): each is a test of the hex key. A range on ObjectIds matches ObjectIds only,
// and every stored _id is one.
export function idBounds(query) {
  const bounds = [];
  const collect = (clause) => {
    if (clause === null || typeof clause !== 'object' || Array.isArray(clause)) return;
    for (const [field, condition] of Object.entries(clause)) {
      if (field === '$and' && Array.isArray(condition)) {
        condition.forEach(collect);
      } else if (field === '_id' && condition !== null && typeof condition === 'object' && !isObjectId(condition)
        && !Array.isArray(condition) && Object.keys(condition).length > 0
        && Object.entries(condition).every(([op, operand]) => op in RANGE && isObjectId(operand))) {
        for (const [op, operand] of Object.entries(condition)) bounds.push([RANGE[op], operand.toHexString()]);
      }
    }
  };
  collect(query);
  return bounds;
}

// The documents of a current snapshot whose _id can satisfy the pinned keys ("o:hex"; a string never
// equals a stored ObjectId _id) and the bounds, in natural order.
export function byId(documents, collection, keys, bounds) {
  const inBounds = (hex) => bounds.every(([test, bound]) => test(hex, bound));
  if (keys) {
    const found = [];
    for (const key of keys) {
      const hex = key.startsWith('o:') ? key.slice(2) : null;
      const doc = hex === null ? undefined : collection.get(hex);
      if (doc !== undefined && inBounds(hex)) found.push(doc);
    }
    if (found.length <= 1) return found;
    const wanted = new Set(found);
    return documents.filter((d) => wanted.has(d));
  }
  const found = [];
  for (const [hex, doc] of collection) {
    if (inBounds(hex)) found.push(doc);
  }
  return found;
}

// A sort whose first key is _id, over documents whose _ids are distinct ObjectIds, orders by the hex
// strings alone: the same order as the original comparison (localeCompare of the same lowercase hex
// strings), computed once per document instead of twice per comparison. Anything else: null.
export function sortById(documents, spec, direction, ObjectId) {
  const first = Array.isArray(spec) ? spec[0] : Object.entries(spec ?? {})[0];
  if (!first || first[0] !== '_id' || !documents.every((d) => d?._id instanceof ObjectId)) return null;
  const sign = direction(first[1]);
  if (sign !== 1 && sign !== -1) return null;
  const keyed = documents.map((d) => [d._id.toHexString(), d]);
  if (new Set(keyed.map(([hex]) => hex)).size !== keyed.length) return null;
  keyed.sort(([a], [b]) => (a < b ? -sign : a > b ? sign : 0));
  return keyed.map(([, d]) => d);
}
