// Unique secondary indexes for CongoDB (see congodb.mjs, fix 4). CongoDB records unique indexes but
// only ever enforces _id, and forgets partial filter expressions. This keeps the partial filter with
// the stored index, and checks every insert and update against a hash map per unique index that is
// built from the collection on first use and rebuilt whenever the collection or its indexes change.
// The check and the write happen in one synchronous step, so concurrent commands cannot both pass.

let engines;

export function enforceUniqueIndexes(bound) {
  engines = bound;
  const { IndexEngine, MemoryStorageAdapter } = bound;

  // Keep partialFilterExpression with the stored index, and report it when indexes are listed.
  // The filter is known from the moment the create starts: a listing by another client while the build
  // runs must not see the index without it (MongoDB stores the whole spec at once).
  const building = new Map();
  const originalCreate = IndexEngine.prototype.createIndex;
  IndexEngine.prototype.createIndex = async function createIndex(key, options) {
    const pending = options?.partialFilterExpression && options?.name ? `${this.dbName}.${this.collName}.${options.name}` : null;
    if (pending) building.set(pending, options.partialFilterExpression);
    try {
      const name = await originalCreate.call(this, key, options);
      if (options?.partialFilterExpression) {
        const stored = (await this.storage.getIndexes(this.dbName, this.collName)).find((i) => i.name === name);
        if (stored && !stored.partialFilterExpression) {
          stored.partialFilterExpression = options.partialFilterExpression;
        }
      }
      return name;
    } finally {
      if (pending) building.delete(pending);
    }
  };
  const originalList = IndexEngine.prototype.listIndexes;
  IndexEngine.prototype.listIndexes = async function listIndexes() {
    const listed = await originalList.call(this);
    const stored = await this.storage.getIndexes(this.dbName, this.collName);
    return listed.map((l) => {
      const filter = stored.find((i) => i.name === l.name)?.partialFilterExpression
        ?? building.get(`${this.dbName}.${this.collName}.${l.name}`);
      return filter ? { ...l, partialFilterExpression: filter } : l;
    });
  };

  // MongoDB answers a drop of a missing index with IndexNotFound (27); CongoDB with 86 (IndexKeySpecsConflict).
  const originalDrop = IndexEngine.prototype.dropIndex;
  IndexEngine.prototype.dropIndex = async function dropIndex(name) {
    try {
      return await originalDrop.call(this, name);
    } catch (e) {
      if (typeof e?.message === 'string' && e.message.startsWith('index not found')) {
        e.code = 27;
        e.codeName = 'IndexNotFound';
      }
      throw e;
    }
  };

  const { insertOne, updateById, deleteById } = MemoryStorageAdapter.prototype;
  MemoryStorageAdapter.prototype.insertOne = function (dbName, collName, doc) {
    const hex = idHex(doc._id);
    if (hex === null) return insertOne.call(this, dbName, collName, doc);
    const keys = stateOf(this, dbName, collName).map((index) => [index, keyOf(index, doc)]);
    if (this.databases.get(dbName)?.get(collName)?.has(hex)) return insertOne.call(this, dbName, collName, doc);
    refuseTaken(dbName, collName, keys, null);
    addKeys(keys, hex);
    return insertOne.call(this, dbName, collName, doc).catch((error) => {
      removeKeys(keys, hex);
      throw error;
    });
  };
  MemoryStorageAdapter.prototype.updateById = function (dbName, collName, id, doc) {
    const hex = id.toHexString();
    const before = this.databases.get(dbName)?.get(collName)?.get(hex);
    if (!before) return updateById.call(this, dbName, collName, id, doc);
    const state = stateOf(this, dbName, collName);
    const keys = state.map((index) => [index, keyOf(index, doc)]);
    const old = state.map((index) => [index, keyOf(index, before)]);
    refuseTaken(dbName, collName, keys, hex);
    removeKeys(old, hex);
    addKeys(keys, hex);
    return updateById.call(this, dbName, collName, id, doc);
  };
  MemoryStorageAdapter.prototype.deleteById = function (dbName, collName, id) {
    const hex = id.toHexString();
    const before = this.databases.get(dbName)?.get(collName)?.get(hex);
    if (before) removeKeys(stateOf(this, dbName, collName).map((index) => [index, keyOf(index, before)]), hex);
    return deleteById.call(this, dbName, collName, id);
  };
}

// The hex string the storage files a document under (it turns every _id into an ObjectId).
function idHex(id) {
  if (id?._bsontype === 'ObjectId') return id.toHexString();
  try {
    return new engines.ObjectId(id).toHexString();
  } catch {
    return null;
  }
}

// Per collection: the unique indexes' hash maps, with what they were built from.
const states = new WeakMap();

function stateOf(storage, dbName, collName) {
  const documents = storage.databases.get(dbName)?.get(collName);
  if (!documents) return [];
  const specs = (storage.indexes.get(dbName)?.get(collName) ?? []).filter((i) => i.unique && i.name !== '_id_');
  const signature = JSON.stringify(specs.map((i) => [i.name, i.key, i.sparse, i.partialFilterExpression]));
  let byCollection = states.get(storage);
  if (!byCollection) states.set(storage, (byCollection = new Map()));
  const cached = byCollection.get(`${dbName}\u0000${collName}`);
  if (cached && cached.documents === documents && cached.signature === signature) return cached.indexes;
  const indexes = specs.map((spec) => ({ spec, owners: new Map() }));
  for (const [hex, doc] of documents) {
    for (const index of indexes) {
      const key = keyOf(index, doc);
      if (key !== null && !index.owners.has(key)) index.owners.set(key, hex);
    }
  }
  byCollection.set(`${dbName}\u0000${collName}`, { documents, signature, indexes });
  return indexes;
}

function refuseTaken(dbName, collName, keys, hex) {
  for (const [index, key] of keys) {
    const owner = key === null ? undefined : index.owners.get(key);
    if (owner !== undefined && owner !== hex) {
      throw new engines.CongoDuplicateKeyError(
        `E11000 duplicate key error collection: ${dbName}.${collName} index: ${index.spec.name} dup key: ${key.slice(0, 200)}`,
        index.spec.key, null);
    }
  }
}

function addKeys(keys, hex) {
  for (const [index, key] of keys) if (key !== null) index.owners.set(key, hex);
}

function removeKeys(keys, hex) {
  for (const [index, key] of keys) if (key !== null && index.owners.get(key) === hex) index.owners.delete(key);
}

// The document's key in the index, or null when the index leaves the document out.
function keyOf(index, doc) {
  const { key, sparse, partialFilterExpression } = index.spec;
  if (partialFilterExpression && engines.QueryEngine.filter([doc], partialFilterExpression).length === 0) return null;
  const values = Object.keys(key).map((path) => valueAt(doc, path));
  if (sparse && values.every((v) => v === undefined)) return null;
  return values.map(canonical).join('\u0001');
}

function valueAt(doc, path) {
  let value = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[part];
  }
  return value;
}

// Equal keys for values MongoDB treats as equal in an index (numbers of any BSON type compare by value).
function canonical(value) {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return `s${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'bigint') return `n${Number(value)}`;
  if (typeof value === 'boolean') return `b${value}`;
  if (value instanceof Date) return `d${value.getTime()}`;
  switch (value._bsontype) {
    case 'ObjectId': return `o${value.toHexString()}`;
    case 'Long': case 'Int32': case 'Double': case 'Decimal128': return `n${Number(value.toString())}`;
    case 'Binary': return `x${value.sub_type}:${Buffer.from(value.buffer).toString('base64')}`;
    default: break;
  }
  if (Array.isArray(value)) return `a[${value.map(canonical).join(',')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}
