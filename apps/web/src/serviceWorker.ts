/**
 * Registers public/sw.js (production builds only; the dev server must never be cached).
 * The worker caches the app shell so the trading hall opens offline; it never caches /api.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      console.warn('Service worker registration failed', error);
    });
  });
}
