import Fastify from 'fastify';

/**
 * The baseline server: bare Fastify 5 answering `{ hello: 'world' }`, started the same way as
 * the platform (`node --import tsx`). Ratios against it show what the platform's plugins,
 * hooks, validation and database add on top of the framework and the machine.
 */
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

const port = Number(process.env.PORT ?? 3000);
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port });

const close = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
