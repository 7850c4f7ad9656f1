// The service worker (registered by www/pwa.js): keeps the app's files so
// that it opens with no network. Its list of files, each with its SRI hash,
// and the version made from them are written into this file at build time
// (scripts/post-build/precache.mjs), since Trunk's file names are hashed; a
// new build is a new sw.js, which the browser installs beside the old one:
// it takes over once no page of the old one is open, and its activation
// deletes the old build's cache.
const PRECACHE = /* precache list */ null;

const scope = self.registration.scope;
// Caches belong to the origin: several copies of the app on one server are told apart by scope.
const CACHE_PREFIX = `netvu-viewer ${scope} `;
const CACHE = CACHE_PREFIX + PRECACHE.version;
const INDEX = new URL('index.html', scope).href;
const appFiles = new Set(PRECACHE.files.map(({ url }) => new URL(url, scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(PRECACHE.files.map(async ({ url, integrity }) => {
      // The hash refuses a file of another build (a half-done upload, a stale HTTP cache).
      const response = await fetch(new URL(url, scope), { integrity, cache: 'no-cache' });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await cache.put(new URL(url, scope), response);
    }));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const old = (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE);
    await Promise.all(old.map((name) => caches.delete(name)));
  })());
});

// The app's own files from the cache; anything else (a recording opened by
// ?src=) is left to the network.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  let url = request.url;
  if (request.mode === 'navigate') {
    // The page, whatever its query (?src=…).
    const page = new URL(url);
    page.search = '';
    page.hash = '';
    url = page.href === scope ? INDEX : page.href;
  }
  if (!appFiles.has(url)) return;
  event.respondWith((async () => (await (await caches.open(CACHE)).match(url)) ?? fetch(request))());
});
