/** Shared fixtures of the tender e2e tests (not a test file itself). */
import { createPrivateKey, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spkiFor } from '../../apps/server/src/modules/certificate/x509/algorithms.js';
import { buildCsr, csrToPem } from '../../apps/server/src/modules/certificate/x509/csr.js';
import { encodeName } from '../../apps/server/src/modules/certificate/x509/name.js';
import { OID } from '../../apps/server/src/modules/certificate/x509/oids.js';
import { parseSpkiBytes } from '../../apps/server/src/modules/certificate/x509/algorithms.js';
import { type BidManifest, sealedBid } from '../../apps/server/src/modules/tendering/index.js';
import { sm2, sm2Keys, sm3Hex } from '../../apps/server/src/platform/crypto/gm/index.js';
import {
  type CommitRequest,
  manifestOf,
  PlatformClient,
  sealEnvelope,
  signManifest,
  splitChunks,
} from '../../packages/bidtool/src/index.js';
import type { client } from './http.js';

type Api = ReturnType<typeof client>;

export async function registerProjectSection(tenderer: Api, staff: Api, name: string, investProjectCode: string): Promise<string> {
  const project = await tenderer.post('/api/projects', {
    name,
    investProjectCode,
    approval: { kind: 'approval', documentNumber: '观发改审〔2026〕88号', authority: '贵阳市观山湖区发展和改革局', date: '2026-11-10' },
    fundingSource: 'stateBudget',
    regionCode: '520115',
    industryCode: '48',
    category: 'engineeringConstruction',
    contractKind: 'works',
    estimatedAmount: '15000000.00',
    tendererName: '贵阳市观山湖区教育局',
    sections: [{ name: '施工标段', estimatedAmount: '15000000.00' }],
  });
  if (project.status !== 201) throw new Error(`project entry: ${project.status} ${JSON.stringify(project.body)}`);
  const body = project.body as { id: string; sections: Array<{ sectionCode: string }> };
  const accepted = await staff.post(`/api/projects/${body.id}/review`, { decision: 'accept' });
  if (accepted.status !== 200) throw new Error(`project review: ${accepted.status}`);
  return body.sections[0]?.sectionCode ?? '';
}

export function tenderInput(sectionCode: string, overrides: Record<string, unknown> = {}) {
  return {
    procedureType: 'engineeringOpen',
    title: '观山湖区第三中学教学楼建设工程施工招标公告',
    regionCode: '520115',
    announcement: '1. 招标条件 … 2. 项目概况与招标范围 … 3. 投标人资格要求 …',
    bidDeadline: '2026-12-18T01:30:00.000Z',
    sections: [
      {
        sectionCode,
        name: '施工标段',
        estimatedAmount: '15000000.00',
        ceilingPrice: '14800000.00',
        security: { kind: 'electronicGuarantee', amount: '300000.00' },
      },
    ],
    ...overrides,
  };
}

/** Creates, submits and publishes a tender; returns its id. */
export async function publishedTender(tenderer: Api, staff: Api, input: unknown): Promise<string> {
  const created = await tenderer.post('/api/tenders', input);
  if (created.status !== 201) throw new Error(`tender: ${created.status} ${JSON.stringify(created.body)}`);
  const id = (created.body as { id: string }).id;
  await tenderer.post(`/api/tenders/${id}/submit`, {});
  const published = await staff.post(`/api/tenders/${id}/review`, { approve: true });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return id;
}

export interface BidderKey {
  privateKey: string;
  publicKey: string;
  certificatePem: string;
  userId: string;
}

/** An SM2 key whose certificate the platform CA issues to the signed-in user (CSR signed by the key). */
export async function bidderKey(api: Api): Promise<BidderKey> {
  const keys = sm2.generateKeyPair();
  const der = await buildCsr({
    subject: encodeName([{ oid: OID.commonName, value: 'bidder' }]),
    publicKey: parseSpkiBytes(spkiFor('SM2', Buffer.from(keys.publicKey, 'hex'))),
    signatureOid: OID.sm2WithSm3,
    sign: async (info) => sm2.sign(info, keys.privateKey),
  });
  const issued = await api.post('/api/certificates', { csr: csrToPem(der) });
  if (issued.status !== 201) throw new Error(`certificate: ${issued.status} ${JSON.stringify(issued.body)}`);
  const me = (await api.get('/api/auth/me')).body as { id: string };
  return { ...keys, certificatePem: (issued.body as { certificatePem: string }).certificatePem, userId: me.id };
}

/**
 * The bidder's key material as files, as a bidder holds them for packages/bidtool: the
 * certificate (PEM) and its private key as PKCS#8 encrypted with PBES2 / AES-256-CBC (the format
 * the web page saves, `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes).
 */
export async function writeBidderFiles(dir: string, key: BidderKey, passphrase: string) {
  const pkcs8 = createPrivateKey({ key: Buffer.from(sm2Keys.privateKeyToPkcs8(key.privateKey)), format: 'der', type: 'pkcs8' });
  const files = { certificate: join(dir, 'bidder.crt'), key: join(dir, 'bidder.key.pem'), passphrase: join(dir, 'passphrase.txt') };
  await writeFile(files.certificate, key.certificatePem);
  await writeFile(files.key, pkcs8.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }));
  await writeFile(files.passphrase, `${passphrase}\n`);
  return files;
}

export interface SealedBid {
  dataKey: Buffer;
  chunks: Buffer[];
  summary: Buffer;
  manifest: BidManifest;
}

/**
 * What the bidder's client does, in memory (small test bids), with the same functions as
 * packages/bidtool: seal the file and the opening summary, wrap the key twice, split into chunks.
 */
export function sealBid(input: {
  tenderId: string;
  sectionCode: string;
  bidder: BidderKey;
  openingPublicKey: string;
  file: Buffer;
  summary: object;
  chunkSize: number;
  version?: number;
}): SealedBid {
  const dataKey = sealedBid.newDataKey();
  const envelope = sealEnvelope(dataKey, {
    tenderId: input.tenderId,
    sectionCode: input.sectionCode,
    bidderId: input.bidder.userId,
    version: input.version ?? 1,
    bidderPublicKey: input.bidder.publicKey,
    openingPublicKey: input.openingPublicKey,
    summary: input.summary as Parameters<typeof sealEnvelope>[1]['summary'],
  });
  const sealed = sealedBid.seal(dataKey, input.file);
  const chunks = splitChunks(sealed, input.chunkSize);
  const manifest = manifestOf(
    envelope,
    sealed.length,
    chunks.map((c) => sm3Hex(c)),
  );
  return { dataKey, chunks, summary: Buffer.from(envelope.summary, 'base64'), manifest };
}

/** The bidtool's API client, signed in with the test session's cookie. */
export function platformClient(baseUrl: string, api: Api): PlatformClient {
  return new PlatformClient({ server: baseUrl, auth: { cookie: api.cookie } });
}

export async function putChunk(baseUrl: string, api: Api, uploadId: string, index: number, bytes: Buffer, sm3 = sm3Hex(bytes)) {
  const reply = await platformClient(baseUrl, api).putChunk(uploadId, index, bytes, sm3);
  return { status: reply.status, body: reply.body as Record<string, unknown> };
}

export function commitBody(bid: SealedBid, bidder: BidderKey): CommitRequest {
  return {
    manifest: bid.manifest,
    summary: bid.summary.toString('base64'),
    signature: signManifest(bid.manifest, bidder.privateKey, { pem: bidder.certificatePem, publicKey: bidder.publicKey }),
    certificate: bidder.certificatePem,
  };
}

/** Uploads every chunk and commits; returns the commit reply. */
export async function submitBid(
  baseUrl: string,
  api: Api,
  tenderId: string,
  bid: SealedBid,
  bidder: BidderKey,
  idempotencyKey = randomBytes(8).toString('hex'),
) {
  const upload = await api.post(`/api/tenders/${tenderId}/sections/${bid.manifest.sectionCode}/bid-uploads`, {});
  if (upload.status !== 201) return upload;
  const uploadId = (upload.body as { uploadId: string }).uploadId;
  for (const [index, chunk] of bid.chunks.entries()) {
    const put = await putChunk(baseUrl, api, uploadId, index, chunk);
    if (put.status !== 200) throw new Error(`chunk ${index}: ${put.status} ${JSON.stringify(put.body)}`);
  }
  return api.post(`/api/bid-uploads/${uploadId}/commit`, commitBody(bid, bidder), { 'idempotency-key': idempotencyKey });
}
