/**
 * The DER (ITU-T X.690) reader and writer, PEM and hex helpers. The code lives in
 * `@ggzy/contracts/asn1` (pure TypeScript, no Node APIs) because the browser needs the same
 * codec to build certification requests and to read and write PKCS#8 key files; this module
 * keeps the server's import path.
 */
export * from '@ggzy/contracts/asn1';
