import { PassThrough } from 'node:stream';
import Type from 'typebox';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, platformError } from '../../platform/errors.js';
import { requirePrincipal } from '../../platform/http/access.js';
import type { App, PlatformDeps } from '../../platform/module.js';
import { filesError } from './files.errors.js';
import './files.tables.js';

const StoredFileSchema = Type.Object(
  {
    key: Type.String({ format: 'uuid' }),
    size: Type.Integer(),
    sm3: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    contentType: Type.Union([Type.String(), Type.Null()]),
    fileName: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'StoredFile' },
);

const tags = ['files'];

/**
 * Uploads stream straight to the file store with SM3 and SHA-256 computed on the way; the body
 * is never parsed or buffered. The uploader (and only they, until a module attaches the file to
 * something with its own access rules) may download it.
 */
export function filesRoutes(app: App, deps: PlatformDeps) {
  const maxBytes = deps.config.UPLOAD_MAX_BYTES;
  // Any content type: the body is the file itself, read as a stream by the handler.
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  app.post(
    '/files',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Upload a file (the request body is the file; name in the X-File-Name header, URL-encoded)',
        headers: Type.Object({ 'x-file-name': Type.Optional(Type.String({ maxLength: 1024 })) }),
        response: { 201: StoredFileSchema },
      },
    },
    async (request, reply) => {
      const declared = Number(request.headers['content-length'] ?? Number.NaN);
      if (declared > maxBytes) throw platformError('PAYLOAD_TOO_LARGE', { limit: maxBytes });
      const fileName = decodeFileName(request.headers['x-file-name']);
      const contentType = request.headers['content-type'] ?? null;
      // The store destroys its source on failure; a PassThrough keeps the socket open so the 413 reaches the client.
      const source = new PassThrough();
      request.raw.pipe(source);
      const stored = await deps.files
        .put(source, { maxBytes, sha256: true, ...(contentType ? { contentType } : {}), ...(fileName ? { fileName } : {}) })
        .catch((error: unknown) => {
          request.raw.unpipe(source);
          if (error instanceof AppError) {
            if (error.code === 'PAYLOAD_TOO_LARGE') reply.header('connection', 'close');
            throw error;
          }
          throw filesError('UPLOAD_INCOMPLETE');
        });
      const principal = requirePrincipal(request);
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('files.file')
          .values({
            key: stored.key,
            uploader_id: principal.userId,
            size: String(stored.size),
            sm3: stored.sm3,
            sha256: stored.sha256,
            content_type: contentType,
            file_name: fileName,
            created_at: now,
          })
          .execute();
        await recordAudit(tx, {
          actorId: principal.userId,
          actorName: principal.username,
          action: 'files.upload',
          target: `file:${stored.key}`,
          outcome: 'success',
          ip: request.ip,
          detail: { size: stored.size, sm3: stored.sm3 },
          at: now,
        });
      });
      return reply.status(201).send({ key: stored.key, size: stored.size, sm3: stored.sm3, sha256: stored.sha256, contentType, fileName });
    },
  );

  app.get(
    '/files/:key',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Download a file I uploaded', params: Type.Object({ key: Type.String({ format: 'uuid' }) }) },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const row = await deps.db.selectFrom('files.file').selectAll().where('key', '=', request.params.key).executeTakeFirst();
      if (!row || (row.uploader_id !== principal.userId && !principal.roles.includes('admin'))) throw filesError('FILE_NOT_FOUND');
      const content = await deps.files.open(row.key);
      reply.header('content-type', row.content_type ?? 'application/octet-stream');
      reply.header('content-length', row.size);
      reply.header('x-content-sm3', row.sm3);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.file_name ?? row.key)}`);
      return reply.send(content);
    },
  );
}

function decodeFileName(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const raw = Array.isArray(header) ? (header[0] ?? '') : header;
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw filesError('FILE_NAME_INVALID', { reason: 'not URL-encoded UTF-8' });
  }
  if ([...name].some((c) => c.charCodeAt(0) < 0x20 || c === '/' || c === '\\'))
    throw filesError('FILE_NAME_INVALID', { reason: 'control characters or path separators' });
  return name;
}
