import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BidReceipt } from '@ggzy/contracts';
import { receiptSignatureValid, sealedBid } from '../../apps/server/src/modules/tendering/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { sm2, sm2Keys } from '../../apps/server/src/platform/crypto/gm/index.js';
import { main, type PackageFile } from '../../packages/bidtool/src/index.js';
import { runCli } from '../support/bidtool.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn } from '../support/sign-in.js';
import type { client } from './http.js';
import { type BidderKey, bidderKey, publishedTender, registerProjectSection, tenderInput, writeBidderFiles } from './tender-fixture.js';

type Api = ReturnType<typeof client>;
const MiB = 1024 * 1024;
const PASSPHRASE = '投标人 key 口令 2026';

/**
 * A real HTTP hop between the CLI and the platform that, while `broken`, lets `allowedChunks`
 * chunk PUTs through and then drops the connection of every further one — a network failure in
 * the middle of an upload, at a known place.
 */
async function flakyProxy(target: string, allowedChunks: number) {
  let puts = 0;
  let broken = true;
  const server: Server = createServer((request, response) => {
    void (async () => {
      const isChunk = request.method === 'PUT' && request.url?.includes('/chunks/');
      if (isChunk && broken && ++puts > allowedChunks) {
        request.socket.destroy();
        return;
      }
      const parts: Buffer[] = [];
      for await (const part of request) parts.push(part as Buffer);
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)),
      ) as Record<string, string>;
      const answer = await fetch(target + (request.url ?? '/'), {
        method: request.method ?? 'GET',
        headers,
        body: request.method === 'GET' || request.method === 'HEAD' ? undefined : Buffer.concat(parts),
      });
      const body = Buffer.from(await answer.arrayBuffer());
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' });
      response.end(body);
    })().catch(() => request.socket.destroy());
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heal: () => (broken = false),
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

/** Bytes made on demand in 1 MiB pieces (never held whole), varied so no two chunks are alike. */
function generated(total: number): Readable {
  let sent = 0;
  const piece = Buffer.alloc(MiB);
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const size = Math.min(MiB, total - sent);
      piece.writeUInt32BE(sent / MiB, 0);
      piece.fill(sent % 251, 4);
      this.push(Buffer.from(piece.subarray(0, size)));
      sent += size;
    },
  });
}

async function expectInLog(api: Api, receipt: BidReceipt) {
  let proof = await api.get(`/api/log/proofs/inclusion?index=${receipt.logIndex}&hash=sm3`);
  for (let i = 0; i < 40 && proof.status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 100));
    proof = await api.get(`/api/log/proofs/inclusion?index=${receipt.logIndex}&hash=sm3`);
  }
  expect(proof.body).toMatchObject({ leafHash: receipt.leafHashSm3 });
}

function expectPlatformSignature(receipt: BidReceipt) {
  expect(receiptSignatureValid(receipt)).toBe(true);
}

/** packages/bidtool end to end: the real CLI against the real platform. */
describe.each(e2eDatabaseKinds())('ggzy-bidtool on %s', (database) => {
  const clock = manualClock('2026-11-27T02:00:00Z');
  let server: TestServer;
  let bidder: Api;
  let key: BidderKey;
  let token: string;
  let tenderId: string;
  let sectionCode: string;
  let dir: string;
  let files: { certificate: string; key: string; passphrase: string };

  beforeAll(async () => {
    server = await startTestServer({ database, clock });
    dir = await mkdtemp(join(tmpdir(), 'ggzy-bidtool-e2e-'));
    const at = clock.now();
    const tenderer = (await signIn(server.url, 'tenderer', { at })).api;
    const staff = (await signIn(server.url, 'staff', { at })).api;
    bidder = (await signIn(server.url, 'bidder', { at })).api;
    sectionCode = await registerProjectSection(tenderer, staff, '观山湖区第五中学综合楼建设工程', '2611-520115-48-01-510077');
    tenderId = await publishedTender(
      tenderer,
      staff,
      tenderInput(sectionCode, { bidDeadline: '2026-12-18T01:30:00.000Z', title: '观山湖区第五中学综合楼建设工程施工招标公告' }),
    );
    const custodians = [tenderer, staff];
    const users = await Promise.all(custodians.map(async (api) => ((await api.get('/api/auth/me')).body as { id: string }).id));
    const ceremony = await staff.post(`/api/tenders/${tenderId}/opening-key`, {
      threshold: 2,
      custodians: users.map((userId) => ({ userId, publicKey: sm2.generateKeyPair().publicKey })),
    });
    if (ceremony.status !== 201) throw new Error(`opening key: ${ceremony.status} ${JSON.stringify(ceremony.body)}`);
    await bidder.post(`/api/tenders/${tenderId}/documents/registration`, {});
    key = await bidderKey(bidder);
    files = await writeBidderFiles(dir, key, PASSPHRASE);
    token = ((await bidder.post('/api/auth/tokens', { name: 'ggzy-bidtool', expiresInDays: 30 })).body as { token: string }).token;
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'encrypts, packages, signs and uploads with the CLI; an upload cut off by the network resumes with the chunks already sent; the receipt is signed and in the log',
    { timeout: 120_000 },
    async () => {
      const plaintext = join(dir, '投标文件.pdf');
      const content = Buffer.concat([Buffer.from('%PDF-1.7 投标总价 PLAINTEXT-MARKER '), Buffer.alloc(20 * MiB, 7)]);
      await writeFile(plaintext, content);
      const auth = { GGZY_SERVER: server.url, GGZY_API_TOKEN: token };

      // encrypt: opening key, bidder id and version come from the platform.
      const sealed = await runCli(
        [
          'encrypt',
          '--file',
          plaintext,
          '--tender',
          tenderId,
          '--section',
          sectionCode,
          '--price',
          '14500000.00',
          '--duration',
          '365日',
          '--quality',
          '合格',
          '--certificate',
          files.certificate,
        ],
        auth,
      );
      expect(sealed.stderr).toContain('sealed');
      expect(sealed.code).toBe(0);
      const bid = `${plaintext}.ggzybid`;
      expect((await runCli(['package', bid])).code).toBe(0);
      const signed = await runCli([
        'sign',
        bid,
        '--key',
        files.key,
        '--certificate',
        files.certificate,
        '--passphrase-file',
        files.passphrase,
      ]);
      expect(signed.stderr).toBe(`signed by ${files.certificate}\n`);
      expect(signed.code).toBe(0);
      const pkg = JSON.parse(await readFile(`${bid}.json`, 'utf8')) as Required<PackageFile>;
      expect(pkg.manifest).toMatchObject({ tenderId, sectionCode, bidderId: key.userId, version: 1, chunkCount: 3 });
      // Neither the plaintext nor the data key is in the package description.
      expect(JSON.stringify(pkg)).not.toContain('PLAINTEXT-MARKER');
      const dataKey = sealedBid.unwrapKey(pkg.manifest.wrappedKeys.bidder, key.privateKey);
      expect(JSON.stringify(pkg)).not.toContain(dataKey.toString('hex'));
      expect(JSON.stringify(pkg)).not.toContain(dataKey.toString('base64'));
      // The sealed file opens with the key the bidder unwraps at the opening, as the platform's envelope code reads it.
      expect(sealedBid.open(dataKey, await readFile(bid)).equals(content)).toBe(true);
      expect(JSON.parse(sealedBid.open(dataKey, Buffer.from(pkg.envelope.summary, 'base64')).toString())).toEqual({
        price: '14500000.00',
        duration: '365日',
        quality: '合格',
      });

      // The network fails after the first chunk: the CLI retries, gives up with a clear message, and the platform keeps chunk 0.
      const proxy = await flakyProxy(server.url, 1);
      try {
        const cut = await runCli(['upload', bid, '--server', proxy.url, '--parallel', '1'], { GGZY_API_TOKEN: token });
        expect(cut.code).toBe(1);
        expect(cut.stderr).toContain('[SERVER_UNREACHABLE]');
        expect(cut.stderr).toContain('run the same command again to resume');
        const state = JSON.parse(await readFile(`${bid}.upload.json`, 'utf8')) as { uploadId: string };
        const status = (await bidder.get(`/api/bid-uploads/${state.uploadId}`)).body as {
          status: string;
          chunks: Array<{ index: number; sm3: string }>;
        };
        expect(status).toMatchObject({ status: 'open', chunks: [{ index: 0, sm3: pkg.chunkSm3[0] }] });

        proxy.heal();
        const resumed = await runCli(['upload', bid, '--server', proxy.url, '--lang', 'zh-CN'], { GGZY_API_TOKEN: token });
        expect(resumed.stderr).toContain(`续传 ${state.uploadId}：平台上已有 1/3 个分片`);
        expect(resumed.stderr).not.toContain('分片 0 已上传');
        expect(resumed.stderr).toContain('已记入透明日志');
        expect(resumed.code).toBe(0);
        const receipt = JSON.parse(resumed.stdout) as BidReceipt;
        expect(receipt).toMatchObject({
          tenderId,
          sectionCode,
          bidderId: key.userId,
          version: 1,
          packageSm3: pkg.manifest.packageSm3,
          size: pkg.manifest.size,
          receivedAt: clock.now().toISOString(),
        });
        expectPlatformSignature(receipt);
        await expectInLog(bidder, receipt);
        const saved = JSON.parse(await readFile(`${bid}.receipt.json`, 'utf8')) as {
          receipt: BidReceipt;
          inclusion: { treeSize: number } | null;
        };
        expect(saved.receipt).toEqual(receipt);
        expect(saved.inclusion?.treeSize).toBeGreaterThan(receipt.logIndex);

        // Run again (say the answer was lost): the saved Idempotency-Key replays the same receipt, no second version.
        // (In-process this time, through the same entry as the bin: a child process start is seconds on a busy machine.)
        let replayed = '';
        const again = await main(
          ['upload', bid, '--server', server.url, '--proof-wait', '0'],
          { GGZY_API_TOKEN: token },
          { stdout: (t) => (replayed += t), stderr: () => {} },
        );
        expect(again).toBe(0);
        expect((JSON.parse(replayed) as BidReceipt).bidId).toBe(receipt.bidId);
        expect(((await bidder.get(`/api/tenders/${tenderId}/my-bids`)).body as { items: unknown[] }).items).toHaveLength(1);
      } finally {
        await proxy.close();
      }
    },
  );

  it('explains refusals in the chosen language: the platform’s own message, a key that is not the certificate’s, a missing passphrase', async () => {
    const lines: string[] = [];
    const io = { stdout: (t: string) => lines.push(t), stderr: (t: string) => lines.push(t) };
    const plaintext = join(dir, 'refused.pdf');
    await writeFile(plaintext, 'a small bid');
    // A revoked or wrong token: the server's UNAUTHENTICATED, in Chinese by default.
    // `encrypt` of this small bid to the tender; the summary fields do not matter here.
    const encrypt = (apiToken: string, out: string[] = []) =>
      ['encrypt', '--file', plaintext, ...out, '--tender', tenderId, '--section', sectionCode, '--price', '1', '--duration', '1', '--quality', '1', '--certificate', files.certificate, '--server', server.url, '--token', apiToken];
    const code = await main(encrypt('ggzy_wrong'), {}, io);
    expect(code).toBe(1);
    expect(lines.join('')).toMatch(/错误 \[SERVER_REFUSED\]: 平台拒绝了请求（HTTP 401，UNAUTHENTICATED）：请先登录/);

    lines.length = 0;
    const bid = join(dir, 'refused.pdf.ggzybid');
    expect(await main(encrypt(token, ['--out', bid]), {}, io)).toBe(0);
    expect(await main(['package', bid], {}, io)).toBe(0);
    const other = join(dir, 'other.key.pem');
    const otherPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(sm2Keys.privateKeyToPkcs8(sm2.generateKeyPair().privateKey)).toString('base64')}\n-----END PRIVATE KEY-----\n`;
    await writeFile(other, otherPem);
    lines.length = 0;
    expect(await main(['sign', bid, '--key', other, '--certificate', files.certificate, '--lang', 'en'], {}, io)).toBe(1);
    expect(lines.join('')).toContain('[KEY_CERTIFICATE_MISMATCH]: The private key does not belong to the certificate');
    lines.length = 0;
    expect(await main(['sign', bid, '--key', files.key, '--certificate', files.certificate], { LANG: 'en_GB.UTF-8' }, io)).toBe(2);
    expect(lines.join('')).toContain('[KEY_PASSPHRASE_REQUIRED]');
    lines.length = 0;
    expect(await main(['upload', bid, '--server', server.url, '--token', token], {}, io)).toBe(1);
    expect(lines.join('')).toContain('尚未完成“sign”步骤，请先运行 ggzy-bidtool sign');
  });

  // One database is enough to show the size is accepted: the chunk path does not touch the
  // database differently by size, and a second 500 MB run would double the file's time.
  it.runIf(database === 'pglite')(
    'accepts a 500 MiB bid through the CLI (submit), with the platform’s memory growing < 64 MB during the upload (PGlite only: the size path is the same on PostgreSQL)',
    { timeout: 180_000 },
    async () => {
      const size = 500 * MiB;
      const sealedPath = join(dir, 'large.ggzybid');
      const baseline = process.memoryUsage();
      let peak = 0;
      // This test process is the server: sample its memory while the CLI (another process) uploads.
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        peak = Math.max(peak, now.heapUsed + now.arrayBuffers - (baseline.heapUsed + baseline.arrayBuffers));
      }, 20);
      let result: Awaited<ReturnType<typeof runCli>>;
      try {
        result = await runCli(
          [
            'submit',
            '--file',
            '-',
            '--out',
            sealedPath,
            '--tender',
            tenderId,
            '--section',
            sectionCode,
            '--summary',
            await summaryFile(),
            '--certificate',
            files.certificate,
            '--key',
            files.key,
            '--passphrase-file',
            files.passphrase,
            '--proof-wait',
            '5',
          ],
          { GGZY_SERVER: server.url, GGZY_API_TOKEN: token },
          // The plaintext is generated as the CLI reads it (stdin): it exists nowhere whole.
          generated(size),
        );
      } finally {
        clearInterval(sampler);
      }
      expect(result.code, result.stderr).toBe(0);
      const receipt = JSON.parse(result.stdout) as BidReceipt;
      const pkg = JSON.parse(await readFile(`${sealedPath}.json`, 'utf8')) as Required<PackageFile>;
      // Sealed size = header (24) + plaintext + tag (32); 63 chunks of 8 MiB.
      expect(receipt.size).toBe(size + 24 + 32);
      expect((await stat(sealedPath)).size).toBe(receipt.size);
      expect(pkg.manifest.chunkCount).toBe(63);
      expect(receipt.packageSm3).toBe(pkg.manifest.packageSm3);
      expectPlatformSignature(receipt);
      await expectInLog(bidder, receipt);
      expect(peak, `server heap + buffers grew by ${(peak / MiB).toFixed(1)} MiB`).toBeLessThan(64 * MiB);
      await rm(sealedPath, { force: true });
    },
  );

  async function summaryFile(): Promise<string> {
    const path = join(dir, '开标一览表.json');
    await writeFile(path, JSON.stringify({ price: '14480000.00', duration: '360日', quality: '合格', note: '大文件' }));
    return path;
  }
});
