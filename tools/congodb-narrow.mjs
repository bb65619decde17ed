// Narrows a collection scan before mingo runs (see congodb.mjs, fix 3): conditions that pin a
// top-level field to strings or ObjectIds are decided with hash sets, and mingo tests the whole
// filter on what is left. Only documents that cannot match are dropped, and order is kept, so no
// result changes. Given the collection Map of a current snapshot (congodb-ids.mjs), _id conditions are
// answered from the Map's keys instead. filterNarrowed then lets mingo skip the conditions the hash
// sets decided (congodb.mjs, fix 5).

import { byId, idBounds } from './congodb-ids.mjs';

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
        if (keys) pinned.push({ field, keys, clause });
      }
    }
  };
  collect(query);
  // _id first: it leaves at most one document for the others to look at.
  return pinned.sort((a, b) => (b.field === '_id') - (a.field === '_id'));
}

// The documents that can match. A document whose value of a pinned field is a string or an ObjectId
// outside the allowed set cannot; missing, array and other values are left for mingo to judge.
export function narrow(documents, query, collection = null) {
  let candidates = documents;
  let pinned = pinnedConditions(query);
  if (collection) {
    const ids = pinned.find((p) => p.field === '_id');
    const bounds = idBounds(query);
    if (ids || bounds.length > 0) {
      candidates = byId(documents, collection, ids?.keys, bounds);
      pinned = pinned.filter((p) => p !== ids);
    }
  }
  for (const { field, keys } of pinned) {
    candidates = candidates.filter((d) => {
      const key = keyOf(d[field]);
      return key === null || keys.has(key);
    });
  }
  return candidates;
}

function isEmpty(clause) {
  return clause !== null && typeof clause === 'object' && !Array.isArray(clause) && Object.keys(clause).length === 0;
}

// The query without the pinned conditions: a document whose values of all pinned fields are strings
// or ObjectIds in the allowed sets (what narrow kept of them) satisfies them, as MongoDB judges equality
// of strings and of ObjectIds, so mingo need not test them again (its $in over ObjectIds compares each
// value with each operand). Clauses of a $and left empty are dropped, and the $and with them.
function without(query, pinned) {
  const dropped = new Map();
  for (const { field, clause } of pinned) {
    if (!dropped.has(clause)) dropped.set(clause, new Set());
    dropped.get(clause).add(field);
  }
  const strip = (clause) => {
    if (clause === null || typeof clause !== 'object' || Array.isArray(clause)) return clause;
    const copy = {};
    for (const [field, condition] of Object.entries(clause)) {
      if (field === '$and' && Array.isArray(condition) && condition.length > 0) {
        const kept = condition.map((c) => [c, strip(c)]).filter(([c, stripped]) => isEmpty(c) || !isEmpty(stripped)).map(([, stripped]) => stripped);
        if (kept.length > 0) copy.$and = kept;
      } else if (!dropped.get(clause)?.has(field)) {
        copy[field] = condition;
      }
    }
    return copy;
  };
  return strip(query);
}

// filter(documents, query) as `test` (mingo) answers it, after narrow: the documents that narrow decided
// on every pinned field are tested against the rest of the query only. Order is kept.
export function filterNarrowed(documents, query, collection, test) {
  const candidates = narrow(documents, query, collection);
  const pinned = pinnedConditions(query);
  if (pinned.length === 0 || candidates.length === 0) return test(candidates, query);
  const decided = [];
  const undecided = [];
  for (const d of candidates) {
    (pinned.every(({ field }) => keyOf(d[field]) !== null) ? decided : undecided).push(d);
  }
  const passed = new Set(test(decided, without(query, pinned)));
  for (const d of test(undecided, query)) passed.add(d);
  return passed.size === candidates.length ? candidates : candidates.filter((d) => passed.has(d));
}
