/**
 * Canonical JSON: the JSON text of a value with object keys sorted (by UTF-16 code units, so the
 * order does not depend on a locale), recursively; arrays keep their order. Otherwise it follows
 * JSON.stringify: `toJSON` is honoured (dates become ISO strings), undefined, functions and
 * symbols are left out of objects and become null in arrays, non-finite numbers become null,
 * bigints are refused.
 *
 * Shared (pure, no Node APIs) because the browser must produce exactly the bytes the server
 * signs and verifies: a bid manifest, a bid receipt, an opening record.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value) ?? 'null';
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
