/**
 * The national-algorithm layer (GM/T): SM3, SM4, SM2. The only place that knows the JS library
 * used for SM2 arithmetic and SM4-GCM (sm-crypto-v2), so it can be swapped.
 */
export * as sm2 from './sm2.js';
export * as sm2Keys from './sm2-keys.js';
export { createSm3, hmacSm3, sm3, sm3Hex } from './sm3.js';
export { createSm4Cipher, createSm4Decipher, sm4Decrypt, sm4Encrypt, sm4GcmDecrypt, sm4GcmEncrypt, type Sm4Mode } from './sm4.js';
