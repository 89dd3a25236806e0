/* The workbench's service worker: the app shell (every built file) is cached at install, so the
 * checklist opens with no network. API answers are not cached here: the app keeps the day's
 * visits in IndexedDB itself and knows what is waiting to be sent. */
const VERSION = 'onevisit-app-__VERSION__';
const PRECACHE = __PRECACHE__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('onevisit-app-') && k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/app/')) return;
  if (request.mode === 'navigate') {
    // The newest shell when online; the cached one in a village without signal.
    event.respondWith(fetch(request).catch(() => caches.match('/app/', { cacheName: VERSION })));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: VERSION }).then((hit) => hit || fetch(request)));
});
