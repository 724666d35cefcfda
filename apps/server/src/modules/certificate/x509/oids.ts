/** Object identifiers of the X.509 profile (RFC 5280, GM/T 0015, RFC 5480/5758). */
export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  /** sm2p256v1 named curve (GM/T 0006), the SM2 key parameter in GM/T 0015. */
  sm2Curve: '1.2.156.10197.1.301',
  prime256v1: '1.2.840.10045.3.1.7',
  /** SM2 signature with SM3 (GM/T 0006 "SM2-with-SM3"). */
  sm2WithSm3: '1.2.156.10197.1.501',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',

  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
  emailAddress: '1.2.840.113549.1.9.1',

  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  cRLNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  cRLDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

/** Short names used when printing distinguished names (OpenSSL style). */
export const ATTRIBUTE_NAMES: Record<string, string> = {
  [OID.countryName]: 'C',
  [OID.stateOrProvinceName]: 'ST',
  [OID.localityName]: 'L',
  [OID.organizationName]: 'O',
  [OID.organizationalUnitName]: 'OU',
  [OID.commonName]: 'CN',
  [OID.serialNumber]: 'serialNumber',
  [OID.emailAddress]: 'emailAddress',
};
