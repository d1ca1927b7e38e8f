// The loader: reads the key from the link's fragment (or derives it from a
// passphrase), checks it against sealed.json, keeps it in IndexedDB and
// starts the service worker (sw.js) that decrypts every page the site asks
// for. Nothing here is secret; the site itself is under o/, encrypted.
'use strict';
(async function () {
  const status = document.getElementById('status');
  const form = document.getElementById('unlock');
  // The passphrase form is in the page only while a passphrase is asked for.
  form.remove();
  const say = (msg, error) => {
    status.textContent = msg;
    status.className = error ? 'error' : '';
  };
  const scope = new URL('./', location.href).href;
  // A link pasted over this page's differs in its fragment alone, which
  // loads nothing: read it afresh.
  window.addEventListener('hashchange', () => location.reload());

  if (location.protocol === 'file:') {
    say('This site is encrypted and cannot be opened from a file: browsers run the service worker that decrypts it only for pages served over https or from localhost. Serve this folder, for example with "python3 -m http.server -d private 8000", and open http://localhost:8000/index.html with the same #k=… at the end.', true);
    return;
  }
  if (!window.isSecureContext || !('serviceWorker' in navigator) || !self.crypto || !self.crypto.subtle) {
    say('This site is encrypted and opens over https (or from localhost) in a current browser: the service worker that decrypts it needs a secure context.', true);
    return;
  }
  let manifest;
  try {
    const r = await fetch('sealed.json', { cache: 'no-store' });
    if (!r.ok) throw new Error('HTTP ' + r.status);
    manifest = await r.json();
  } catch (e) {
    say('This site\'s sealed.json could not be read (' + e.message + '): the site is not fully published here.', true);
    return;
  }
  if (manifest.format !== 'attest-sealed-1') {
    say('This site was sealed in a format this loader does not read (' + manifest.format + ').', true);
    return;
  }

  // enter keeps the keys and opens the site's first page through the
  // service worker. A service worker that does not take over would bring
  // the reader back here: the second time within seconds, say so rather than loop.
  async function enter(keys) {
    await sealed.save(scope, keys);
    history.replaceState(null, '', location.pathname + location.search); // the key leaves the address bar
    const last = Number(sessionStorage.getItem('attest-sealed-entered') || 0);
    if (Date.now() - last < 5000) {
      sessionStorage.removeItem('attest-sealed-entered');
      say('The service worker that decrypts this site did not start (is the browser blocking it, or site data?). Reload to try again.', true);
      return;
    }
    sessionStorage.setItem('attest-sealed-entered', String(Date.now()));
    say('Unlocking…');
    await navigator.serviceWorker.register('sw.js', { scope: './' });
    await navigator.serviceWorker.ready;
    // Leave only once this page has loaded: a navigation started before
    // its load event would cut it short (and a browser driving it would
    // see the load aborted).
    if (document.readyState !== 'complete') {
      await new Promise(resolve => window.addEventListener('load', resolve, { once: true }));
    }
    location.replace('./index.html');
  }

  const k = new URLSearchParams(location.hash.slice(1)).get('k');
  if (k) {
    let keys = null;
    try {
      keys = await sealed.fromLink(k);
    } catch (e) {
      keys = null;
    }
    if (!keys || !(await sealed.opens(keys, manifest))) {
      say('This link\'s key does not open this site.', true);
      return;
    }
    await enter(keys);
    return;
  }
  const kept = await sealed.load(scope).catch(() => null);
  if (kept && (await sealed.opens(kept, manifest))) {
    await enter(kept);
    return;
  }
  if (kept) {
    await sealed.forget(scope).catch(() => {});
  }
  if (!manifest.kdf) {
    say(kept
      ? 'The key this browser kept no longer opens this site: it was published again with a new key. Open the new link you were given.'
      : 'This site is encrypted. Open it with the whole link you were given, which ends in #k=…', true);
    return;
  }
  say('This site is encrypted with a passphrase.');
  status.after(form);
  form.hidden = false;
  const input = document.getElementById('passphrase');
  input.focus();
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    say('Deriving the key (' + manifest.kdf.iterations.toLocaleString('en') + ' rounds of PBKDF2)…');
    const keys = await sealed.fromPassphrase(input.value, manifest.kdf);
    if (!(await sealed.opens(keys, manifest))) {
      say('This passphrase does not open this site.', true);
      input.select();
      return;
    }
    form.remove();
    await enter(keys);
  });
})();
