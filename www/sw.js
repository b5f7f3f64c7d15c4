// Offline support: cache the page, its JS, styles, the package (JS glue + wasm, which embeds the
// rule pack) on install (a flow package, `pkg/flows/<flow>/`, when the page that loaded it asks:
// see the message handler); answer from the network when it is there (so updates arrive) and from the
// cache when it is not. The cache is versioned by the package build (`sw.js?v=<build>`): a new
// build installs a new worker whose activation deletes the old caches.
const VERSION = new URL(self.location.href).searchParams.get("v") || "dev";
const CACHE = `frontdesk-${VERSION}`;
const ASSETS = [
  "./",
  "index.html",
  "app.js",
  "shell.js",
  "ui.js",
  "style.css",
  "favicon.svg",
  "entry.js",
  "pkg/flows.js",
  "pkg/frontdesk.js",
  "pkg/frontdesk_bg.wasm",
  "pkg/build.json",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const build = await fetch("pkg/build.json", { cache: "no-store" }).then((r) => r.json());
      // addAll refuses duplicate requests: the build's www list repeats some fixed assets.
      // A package built without the embedded default pack names the bundle it fetches instead.
      const pack = build.defaultPack ? [`pkg/${build.defaultPack}`] : [];
      await cache.addAll([...new Set([...ASSETS, ...(build.www || []), ...pack])]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith("frontdesk-") && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

// The page names the package it loaded when that is not the full one (a flow's package, fetched
// before this worker controlled the page): cached with the rest, under pkg/ only, then answered.
self.addEventListener("message", (event) => {
  const urls = Array.isArray(event.data?.cache) ? event.data.cache : [];
  const pkg = new URL("pkg/", self.location.href).href;
  const ok = urls.length > 0 && urls.every((u) => typeof u === "string" && u.startsWith(pkg) && !u.includes(".."));
  event.waitUntil(
    (async () => {
      let done = false;
      if (ok) {
        try {
          await (await caches.open(CACHE)).addAll(urls);
          done = true;
        } catch {
          /* offline or gone: the page does not say "ready offline" */
        }
      }
      event.ports[0]?.postMessage({ ok: done });
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const response = await fetch(event.request);
        if (response.ok) cache.put(event.request, response.clone());
        return response;
      } catch (err) {
        const hit = (await cache.match(event.request, { ignoreSearch: true })) || (url.pathname.endsWith("/") && (await cache.match("index.html")));
        if (hit) return hit;
        throw err;
      }
    })(),
  );
});
