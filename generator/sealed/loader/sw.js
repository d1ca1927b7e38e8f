// The service worker of a sealed site: every request under the site's
// folder is answered with the file it names, fetched from o/ by the keyed
// hash of its path and decrypted with the keys unlock.js kept. Relative
// links, search and the print view work as on the plain site.
'use strict';
importScripts('keys.js');

const scope = new URL(self.registration.scope);
const plainFiles = ['index.html', 'keys.js', 'unlock.js', 'unlock.css', 'lock.svg', 'sw.js', 'sealed.json'];
const loaderURL = scope.href + 'index.html';
const sitePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'";
// Evidence files (a version's evidence/ folder: compile keeps them there)
// are the program's material, often exported from other systems: an HTML,
// SVG or XML one opened on its own is sandboxed, so that it runs no script,
// not even one from this origin, and has an origin of its own, away from the
// keys kept here. (Other types run no script; a PDF viewer would refuse a
// sandboxed document.)
const evidencePolicy = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'";
const evidencePath = /^([^/]+\/)?evidence\//;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) {
    return;
  }
  let path;
  try {
    path = decodeURIComponent(url.pathname.slice(scope.pathname.length));
  } catch (e) {
    return;
  }
  if (path === '' || path.endsWith('/')) {
    path += 'index.html';
  }
  if (path.startsWith('o/') || (plainFiles.includes(path) && path !== 'index.html')) {
    return;
  }
  // A link with a key in it goes to the loader, which reads the key.
  if (path === 'index.html' && new URLSearchParams(url.hash.slice(1)).has('k')) {
    return;
  }
  event.respondWith(serve(req, path));
});

async function serve(req, path) {
  // Without keys, or with keys that open nothing here (the site was
  // published again with a new key), the loader says what to do.
  const unlock = () => {
    if (path === 'index.html') return fetch(loaderURL, { cache: 'no-store' });
    if (req.mode === 'navigate') return Response.redirect(loaderURL, 302);
    return new Response('', { status: 404, statusText: 'Not Found' });
  };
  const keys = await sealed.load(scope.href).catch(() => null);
  if (!keys) return unlock();
  // The page's cache mode carries over (a reload that bypasses the cache
  // fetches the object anew); only-if-cached needs a same-origin request.
  const cache = req.cache === 'only-if-cached' ? 'default' : req.cache;
  const r = await fetch(scope.href + (await sealed.objectName(keys, path)), { cache });
  if (r.status === 404 || r.status === 403) return unlock(); // S3 answers 403 for a missing object without list rights
  if (!r.ok) return new Response('', { status: r.status, statusText: r.statusText });
  let file;
  try {
    file = await sealed.open(keys, await r.arrayBuffer());
  } catch (e) {
    return unlock();
  }
  if (file.path !== path) {
    // The path is authenticated with the content: an object under another
    // name than its own was moved there by the host.
    return new Response('', { status: 502, statusText: 'Object does not match its name' });
  }
  const headers = { 'Content-Type': file.type, 'X-Content-Type-Options': 'nosniff' };
  const active = /^(text\/html|image\/svg\+xml|application\/xml)/.test(file.type);
  if (active && evidencePath.test(path)) {
    headers['Content-Security-Policy'] = evidencePolicy;
  } else if (active) {
    // The system description's own policy, for every document: a page has
    // it already; any other HTML or SVG file gets it too, so that no inline
    // script it holds runs where the keys are.
    headers['Content-Security-Policy'] = sitePolicy;
  }
  return new Response(file.body, { headers });
}
