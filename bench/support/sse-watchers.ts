import http from 'node:http';

/**
 * The watchers, in their own process: N SSE connections to one lot. For every frame it records
 * the arrival time (performance.timeOrigin + performance.now(), comparable across processes on
 * one machine) under the frame's key: `s<seq>` for the lot's events, `p<key>` for bench pings.
 * Prints `READY` once every connection is open. The ping with key `done` carries the send time
 * of every measured event; once it has reached every watcher, this prints one JSON line with the
 * latency percentiles (arrival − send, over every event × watcher) of the bids and the pings.
 * argv: url count
 */
const [url = '', countText = '1000'] = process.argv.slice(2);
const count = Number(countText);
const arrivals = new Map<string, number[]>();
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
let open = 0;
let done = 0;
const now = () => performance.timeOrigin + performance.now();

function record(key: string, at: number) {
  let list = arrivals.get(key);
  if (!list) arrivals.set(key, (list = []));
  list.push(at);
}

function connect() {
  const request = http.get(url, { agent, headers: { accept: 'text/event-stream' } }, (response) => {
    open++;
    if (open === count) process.stdout.write('READY\n');
    response.setEncoding('utf8');
    let buffer = '';
    response.on('data', (chunk: string) => {
      const at = now();
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.startsWith('id: ')) {
          record(`s${frame.slice(4, frame.indexOf('\n'))}`, at);
        } else if (frame.startsWith('event: ping')) {
          const key = /"key":"([^"]+)"/.exec(frame)?.[1] ?? '';
          if (key === 'done') {
            done++;
            if (done === count) finish(JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as { sends: Record<string, number> });
          } else record(`p${key}`, at);
        }
      }
    });
  });
  request.on('error', (error) => {
    process.stderr.write(`watcher connection failed: ${error.message}\n`);
    process.exit(1);
  });
}

function finish(last: { sends: Record<string, number> }) {
  const bid: number[] = [];
  const ping: number[] = [];
  let missing = 0;
  for (const [key, sentAt] of Object.entries(last.sends)) {
    const list = arrivals.get(key) ?? [];
    missing += count - list.length;
    for (const at of list) (key.startsWith('s') ? bid : ping).push(at - sentAt);
  }
  process.stdout.write(`${JSON.stringify({ bid: stats(bid), ping: stats(ping), missing })}\n`);
  process.exit(0);
}

function stats(values: number[]) {
  const sorted = values.toSorted((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)] ?? Number.NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

// Open the connections in small batches so the server's accept queue never overflows.
for (let i = 0; i < count; i += 100) {
  for (let j = i; j < Math.min(count, i + 100); j++) connect();
  await new Promise((r) => setTimeout(r, 20));
}
