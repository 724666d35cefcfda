import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Seals a secret at rest with national algorithms (GB/T 39786 storage confidentiality and
 * integrity): SM4-CBC for confidentiality and HMAC-SM3 over iv‖ciphertext for integrity
 * (encrypt-then-MAC), with independent halves of one 32-byte key-encryption key. Node has no
 * SM4-GCM, hence the explicit MAC.
 */
const VERSION = 'v1';

export function sealSecret(kek: Buffer, plaintext: Buffer): string {
  const { encKey, macKey } = split(kek);
  const iv = randomBytes(16);
  const cipher = createCipheriv('sm4-cbc', encKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const mac = createHmac('sm3', macKey).update(iv).update(ciphertext).digest();
  return [VERSION, iv.toString('base64'), ciphertext.toString('base64'), mac.toString('base64')].join('.');
}

export function openSecret(kek: Buffer, sealed: string): Buffer {
  const [version, ivText, ciphertextText, macText] = sealed.split('.');
  if (version !== VERSION || !ivText || !ciphertextText || !macText) throw new Error('Sealed secret has an unknown format');
  const { encKey, macKey } = split(kek);
  const iv = Buffer.from(ivText, 'base64');
  const ciphertext = Buffer.from(ciphertextText, 'base64');
  const expected = createHmac('sm3', macKey).update(iv).update(ciphertext).digest();
  const mac = Buffer.from(macText, 'base64');
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
    throw new Error('Sealed secret failed its integrity check (wrong KEY_ENCRYPTION_KEY, or the record was altered)');
  }
  const decipher = createDecipheriv('sm4-cbc', encKey, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

function split(kek: Buffer): { encKey: Buffer; macKey: Buffer } {
  if (kek.length !== 32) throw new Error('The key-encryption key must be 32 bytes');
  return { encKey: kek.subarray(0, 16), macKey: kek.subarray(16, 32) };
}
