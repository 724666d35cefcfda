import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, platformError } from '../errors.js';
import { localeOf } from './locale.js';

/** The one place where errors become HTTP: `{ code, message, details, requestId }`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(appError, request, reply);
  });
}

export function sendError(error: AppError, request: FastifyRequest, reply: FastifyReply) {
  return reply.status(error.status).send({
    code: error.code,
    message: error.messageIn(localeOf(request)),
    details: error.details ?? null,
    requestId: request.id,
  });
}

function toAppError(error: FastifyError | AppError | Error, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if ('validation' in error && Array.isArray(error.validation)) {
    const details = error.validation.map((v) => ({
      path: `${error.validationContext ?? 'body'}${v.instancePath || ''}`,
      message: v.message ?? 'invalid',
    }));
    const summary = details.map((d) => `${d.path} ${d.message}`).join('; ');
    return platformError('VALIDATION_FAILED', { summary }, details);
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status === 413) return platformError('PAYLOAD_TOO_LARGE', { limit: request.routeOptions.bodyLimit ?? 0 });
  if (status === 404) return platformError('NOT_FOUND');
  if (status === 415 || status === 400) return platformError('VALIDATION_FAILED', { summary: error.message });
  return platformError('INTERNAL', { requestId: request.id });
}
