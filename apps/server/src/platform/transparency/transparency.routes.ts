import { fromHex, toHex } from '@ggzy/contracts';
import Type from 'typebox';
import type { App, PlatformDeps } from '../module.js';
import { DEFAULT_LOG_ORIGIN } from './checkpointer.js';
import { type CheckpointRecord, LogIntegrityError, logServiceFor, type StoredEntry } from './log-service.js';
import { CHECKPOINT_KEY_NAME, keyHashOf } from './signer.js';
import { transparencyError } from './transparency.errors.js';
import { CheckpointSchema, ConsistencyProofSchema, HashQuery, InclusionProofSchema, LogEntrySchema, LogKeySchema } from './transparency.schemas.js';
import '../keys/key-store.js';

const tags = ['transparency log'];
/** Entries contain personal data (names, addresses): only these roles read them. */
const ENTRY_READERS = { roles: ['admin', 'supervisor'] } as const;

/**
 * The log over HTTP. Who may read what:
 * - checkpoints, the signing key, inclusion and consistency proofs: anyone (`public`). They are
 *   hashes only, and every leaf hash commits to a random nonce, so they reveal nothing about
 *   the entries; publishing them is what lets outsiders hold the platform to its history.
 * - entries themselves (who, what, from which address): admin and supervisor only.
 */
export function transparencyRoutes(app: App, deps: PlatformDeps) {
  const log = logServiceFor(deps.db);

  /** Runs a proof computation, turning an integrity failure into a 503 for the caller. */
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      if (log.problem) throw new LogIntegrityError(log.problem);
      return await work();
    } catch (error) {
      if (error instanceof LogIntegrityError) {
        deps.logger.error({ err: error }, 'transparency log integrity failure');
        throw transparencyError('LOG_INCONSISTENT');
      }
      throw error;
    }
  };

  app.get(
    '/log/checkpoint',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The latest signed checkpoint', response: { 200: CheckpointSchema } },
    },
    async () => {
      const checkpoint = await log.latestCheckpoint();
      if (!checkpoint) throw transparencyError('NO_CHECKPOINT');
      return checkpointJson(checkpoint);
    },
  );

  app.get(
    '/log/checkpoints',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Signed checkpoints in tree-size order (for witnesses and the verifier)',
        querystring: Type.Object({
          after: Type.Integer({ minimum: 0, default: 0, description: 'Only checkpoints with a larger tree size' }),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(CheckpointSchema) }) },
      },
    },
    async (request) => ({ items: (await log.checkpoints(request.query.after, request.query.limit)).map(checkpointJson) }),
  );

  app.get(
    '/log/key',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The public key that signs checkpoints (pin it out of band: a verifier should not learn it from the log it checks)',
        response: { 200: LogKeySchema },
      },
    },
    async () => {
      const key = await deps.db.selectFrom('platform.key').select(['algorithm', 'public_key']).where('name', '=', CHECKPOINT_KEY_NAME).executeTakeFirst();
      if (!key) throw transparencyError('NO_CHECKPOINT');
      return {
        algorithm: 'SM2' as const,
        keyName: DEFAULT_LOG_ORIGIN,
        publicKey: key.public_key,
        keyHash: toHex(keyHashOf(DEFAULT_LOG_ORIGIN, fromHex(key.public_key))),
      };
    },
  );

  app.get(
    '/log/proofs/inclusion',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Inclusion proof of an entry in the tree of a given size (default: the latest checkpoint)',
        querystring: Type.Object({
          index: Type.Integer({ minimum: 0, description: 'Leaf index = the audit event id' }),
          treeSize: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the latest checkpoint’s tree size' })),
          hash: HashQuery,
        }),
        response: { 200: InclusionProofSchema },
      },
    },
    async (request) =>
      guarded(async () => {
        const { index, hash } = request.query;
        const { treeSize, checkpoint } = await resolveSize(request.query.treeSize);
        if (index >= treeSize) throw transparencyError('LEAF_NOT_IN_TREE', { index, size: treeSize });
        const proof = log.inclusionProof(hash, index, treeSize);
        return { hash, index, treeSize, ...proof, checkpoint: checkpoint ? checkpointJson(checkpoint) : null };
      }),
  );

  app.get(
    '/log/proofs/consistency',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Consistency proof between two tree sizes (default `to`: the latest checkpoint)',
        querystring: Type.Object({
          from: Type.Integer({ minimum: 1 }),
          to: Type.Optional(Type.Integer({ minimum: 1 })),
          hash: HashQuery,
        }),
        response: { 200: ConsistencyProofSchema },
      },
    },
    async (request) =>
      guarded(async () => {
        const { from, hash } = request.query;
        const { treeSize: to } = await resolveSize(request.query.to);
        if (from > to) throw transparencyError('BAD_CONSISTENCY_RANGE', { from, to });
        await ensure(from);
        return { hash, from, to, proof: log.consistencyProof(hash, from, to) };
      }),
  );

  app.get(
    '/log/entries/:index',
    {
      config: { access: ENTRY_READERS },
      schema: {
        tags,
        summary: 'One log entry: its exact bytes, leaf hashes and audit columns (personal data: admin and supervisor only)',
        params: Type.Object({ index: Type.Integer({ minimum: 0 }) }),
        response: { 200: LogEntrySchema },
      },
    },
    async (request) => {
      const [entry] = await log.entries(request.params.index, 1);
      if (!entry || entry.index !== request.params.index) throw transparencyError('ENTRY_NOT_FOUND', { index: request.params.index });
      return entryJson(entry);
    },
  );

  app.get(
    '/log/entries',
    {
      config: { access: ENTRY_READERS },
      schema: {
        tags,
        summary: 'Log entries in index order, from an index on (for the verifier; admin and supervisor only)',
        querystring: Type.Object({
          from: Type.Integer({ minimum: 0, default: 0 }),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(LogEntrySchema) }) },
      },
    },
    async (request) => ({ items: (await log.entries(request.query.from, request.query.limit)).map(entryJson) }),
  );

  async function ensure(size: number): Promise<void> {
    if (!(await log.ensure(size))) throw transparencyError('TREE_SIZE_TOO_LARGE', { size: await log.headSize(), requested: size });
  }

  /** The requested tree size, or the latest checkpoint's; with the checkpoint of that size if there is one. */
  async function resolveSize(requested: number | undefined): Promise<{ treeSize: number; checkpoint: CheckpointRecord | undefined }> {
    const checkpoint = requested === undefined ? await log.latestCheckpoint() : await log.checkpointAt(requested);
    if (requested === undefined && !checkpoint) throw transparencyError('NO_CHECKPOINT');
    const treeSize = requested ?? checkpoint?.treeSize ?? 0;
    await ensure(treeSize);
    return { treeSize, checkpoint };
  }
}

function checkpointJson(c: CheckpointRecord) {
  return {
    treeSize: c.treeSize,
    rootSm3: c.rootSm3.toString('hex'),
    rootSha256: c.rootSha256.toString('hex'),
    timestamp: c.signedAt.toISOString(),
    note: c.note,
  };
}

function entryJson(e: StoredEntry) {
  return {
    index: e.index,
    data: e.leaf.toString('base64'),
    leafHashSm3: e.leafSm3.toString('hex'),
    leafHashSha256: e.leafSha256.toString('hex'),
    recorded: { ...e.recorded, at: e.recorded.at.toISOString() },
  };
}
