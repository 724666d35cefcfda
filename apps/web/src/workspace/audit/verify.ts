import { api } from '../../api/client';
import type { AuditEvent, Checkpoint } from '../../api/types';
import type { EntryVerification } from '../../crypto/transparency';

/** The log has not yet signed a checkpoint that covers the entry (it does within about a second). */
export class NotYetCheckpointedError extends Error {
  constructor(
    readonly index: number,
    readonly treeSize: number,
  ) {
    super(`entry ${index} is not yet in a signed checkpoint (tree size ${treeSize})`);
    this.name = 'NotYetCheckpointedError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fetches what a verifier needs for one audit event — the entry's bytes, the latest signed
 * checkpoint, the log's public key and the inclusion proof for the checkpoint's tree size — and
 * checks it all in the browser (crypto/transparency.ts, loaded on first use).
 */
export async function verifyAuditEvent(event: AuditEvent): Promise<EntryVerification> {
  const index = Number(event.id);
  let checkpoint: Checkpoint = await api.get('/api/log/checkpoint');
  // A new entry is covered by a checkpoint within about a second: wait a little for it.
  for (let attempt = 0; checkpoint.treeSize <= index && attempt < 8; attempt += 1) {
    await sleep(500);
    checkpoint = await api.get('/api/log/checkpoint');
  }
  if (checkpoint.treeSize <= index) throw new NotYetCheckpointedError(index, checkpoint.treeSize);
  const [entry, key, proof, { verifyEntry }] = await Promise.all([
    api.get('/api/log/entries/{index}', { params: { index } }),
    api.get('/api/log/key'),
    api.get('/api/log/proofs/inclusion', { query: { index, treeSize: checkpoint.treeSize, hash: 'sm3' } }),
    import('../../crypto/transparency'),
  ]);
  return verifyEntry({ event, entry, checkpoint, key, proof });
}
