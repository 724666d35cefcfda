/* ggzy service worker: keeps the app shell available offline.
 * - /api/* and /docs*: never touched (always the network, never cached).
 * - page navigations: network first; offline, the cached shell (index.html) answers.
 * - /assets/* (content-hashed by vite): cache first, then kept.
 * - other same-origin GETs (manifest, icons): network first, cache as fallback.
 * Bump VERSION to drop every older cache on activation.
 */
const VERSION = 'ggzy-shell-v1';
const SHELL = ['/', '/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(VERSION)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== VERSION).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

function isBypassed(url) {
  return url.pathname === '/api' || url.pathname.startsWith('/api/') || url.pathname === '/docs' || url.pathname.startsWith('/docs/');
}

function isCacheable(response, { htmlOnly }) {
  if (!response.ok || response.type !== 'basic') return false;
  return !htmlOnly || (response.headers.get('content-type') ?? '').includes('text/html');
}

async function networkFirst(request, fallbackKey) {
  const cache = await caches.open(VERSION);
  try {
    const response = await fetch(request);
    if (isCacheable(response, { htmlOnly: fallbackKey !== undefined })) await cache.put(fallbackKey ?? request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(fallbackKey ?? request);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(VERSION);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (isCacheable(response, { htmlOnly: false })) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isBypassed(url)) return;

  if (request.mode === 'navigate') {
    // Every route of the single-page app is the same index.html; cache it under '/'.
    event.respondWith(networkFirst(request, '/'));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
    return;
  }
  event.respondWith(networkFirst(request));
});
