// Narrows a collection scan before mingo runs (see congodb.mjs, fix 3): conditions that pin a
// top-level field to strings or ObjectIds are decided with hash sets, and mingo tests the whole
// filter on what is left. Only documents that cannot match are dropped, and order is kept, so no
// result changes.

function isObjectId(value) {
  return value !== null && typeof value === 'object' && value._bsontype === 'ObjectId';
}

// The hash key of a value a pinned condition can decide; null for any other value.
function keyOf(value) {
  if (typeof value === 'string') return `s:${value}`;
  if (isObjectId(value)) return `o:${value.toHexString()}`;
  return null;
}

function hasOnly(condition, operator) {
  return condition !== null && typeof condition === 'object' && !isObjectId(condition) && !Array.isArray(condition)
    && Object.keys(condition).length === 1 && operator in condition;
}

// The set of keys a condition allows when it names only strings and ObjectIds; null otherwise.
function allowedKeys(condition) {
  const single = hasOnly(condition, '$eq') ? condition.$eq : condition;
  const key = keyOf(single);
  if (key !== null) {
    return new Set([key]);
  }
  if (hasOnly(condition, '$in') && Array.isArray(condition.$in)) {
    const keys = condition.$in.map(keyOf);
    return keys.every((k) => k !== null) ? new Set(keys) : null;
  }
  return null;
}

// Top-level field conditions, and those of a top-level $and's clauses (each must hold).
function pinnedConditions(query) {
  const pinned = [];
  const collect = (clause) => {
    if (clause === null || typeof clause !== 'object' || Array.isArray(clause)) return;
    for (const [field, condition] of Object.entries(clause)) {
      if (field === '$and' && Array.isArray(condition)) {
        condition.forEach(collect);
      } else if (!field.startsWith('$') && !field.includes('.')) {
        const keys = allowedKeys(condition);
        if (keys) pinned.push({ field, keys });
      }
    }
  };
  collect(query);
  // _id first: it leaves at most one document for the others to look at.
  return pinned.sort((a, b) => (b.field === '_id') - (a.field === '_id'));
}

// The documents that can match. A document whose value of a pinned field is a string or an ObjectId
// outside the allowed set cannot; missing, array and other values are left for mingo to judge.
export function narrow(documents, query) {
  let candidates = documents;
  for (const { field, keys } of pinnedConditions(query)) {
    candidates = candidates.filter((d) => {
      const key = keyOf(d[field]);
      return key === null || keys.has(key);
    });
  }
  return candidates;
}
