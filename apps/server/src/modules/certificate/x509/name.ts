import {
  children,
  type DerNode,
  oid,
  printableString,
  readOid,
  readString,
  sequence,
  setOf,
  TAG,
  utf8String,
} from '../../../platform/crypto/gm/der.js';
import { ATTRIBUTE_NAMES, OID } from './oids.js';

/** A distinguished name as written (one attribute per RDN, in order) and as read. */
export interface NameAttribute {
  oid: string;
  value: string;
}

export interface DistinguishedName {
  /** The exact DER of the Name; names are matched by these bytes. */
  der: Uint8Array;
  attributes: NameAttribute[];
  /** OpenSSL-style one-line text, e.g. "C=CN, CN=贵州黔建工程有限公司, serialNumber=…". */
  text: string;
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/**
 * RFC 5280 string choices: countryName is PrintableString; serialNumber PrintableString when
 * its characters allow (a USCC does), else UTF8String; every other attribute UTF8String.
 */
function encodeValue(attribute: NameAttribute): Uint8Array {
  if (attribute.oid === OID.countryName) return printableString(attribute.value);
  if (attribute.oid === OID.serialNumber && PRINTABLE.test(attribute.value)) return printableString(attribute.value);
  return utf8String(attribute.value);
}

export function encodeName(attributes: readonly NameAttribute[]): Uint8Array {
  return sequence(...attributes.map((a) => setOf(sequence(oid(a.oid), encodeValue(a)))));
}

export function parseName(node: DerNode | undefined, what: string): DistinguishedName {
  const attributes: NameAttribute[] = [];
  for (const rdn of children(node, TAG.SEQUENCE, what)) {
    for (const atv of children(rdn, TAG.SET, `${what} RDN`)) {
      const [type, value] = children(atv, TAG.SEQUENCE, `${what} attribute`);
      attributes.push({ oid: readOid(type, `${what} attribute type`), value: readString(value, `${what} attribute value`) });
    }
  }
  if (!node) throw new Error('unreachable');
  return { der: node.bytes, attributes, text: formatName(attributes) };
}

export function formatName(attributes: readonly NameAttribute[]): string {
  return attributes.map((a) => `${ATTRIBUTE_NAMES[a.oid] ?? a.oid}=${a.value.replace(/([,\\])/g, '\\$1')}`).join(', ');
}

export function nameAttribute(name: DistinguishedName, attributeOid: string): string | undefined {
  return name.attributes.find((a) => a.oid === attributeOid)?.value;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
