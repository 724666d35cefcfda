/**
 * `@ggzy/contracts/asn1`: DER codec, PEM and PKCS#10 building shared by the server and the
 * browser. A separate entry point because its helper names (`hex`, `fromHex`, `sequence`…) would
 * clash with the Merkle encoding helpers of the main entry.
 */
export * from './der.js';
export * from './pkcs10.js';
