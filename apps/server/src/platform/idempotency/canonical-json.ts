import { createHash } from 'node:crypto';

/**
 * Canonical JSON: the JSON text of a value with object keys sorted (by UTF-16 code units, so the
 * order does not depend on a locale), recursively; arrays keep their order. Otherwise it follows
 * JSON.stringify: `toJSON` is honoured (dates become ISO strings), undefined, functions and
 * symbols are left out of objects and become null in arrays, non-finite numbers become null,
 * bigints are refused.
 *
 * Two requests that mean the same thing (same fields, keys in another order) must get the same
 * idempotency hash, or a client library that rebuilds its JSON on retry would be told its key
 * was reused.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value) ?? 'null';
}

/** SHA-256 (hex) of the canonical JSON of a request body: what an idempotency key is bound to. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

function serialize(input: unknown): string | undefined {
  const value = withToJson(input);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      throw new TypeError('canonicalJson cannot encode a bigint; send it as a decimal string');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((item: unknown) => serialize(item) ?? 'null').join(',')}]`;
      return serializeObject(value);
  }
}

function serializeObject(value: object): string {
  const members: string[] = [];
  for (const key of Object.keys(value).toSorted(byCodeUnits)) {
    const member = serialize(Reflect.get(value, key));
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${members.join(',')}}`;
}

function withToJson(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'toJSON' in value && typeof value.toJSON === 'function') {
    const converted: unknown = value.toJSON();
    return converted;
  }
  return value;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
