// What unlock.js and sw.js share: a site key split into its two keys
// (HKDF-SHA256, as generator/sealed does), the check that a key opens the
// site, object names, decryption, and the keys kept in IndexedDB.
'use strict';
var sealed = (function () {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const subtle = self.crypto.subtle;

  function fromBase64url(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    return Uint8Array.from(atob(s), c => c.charCodeAt(0));
  }

  // split derives the content key (AES-GCM, decrypt only) and the names key
  // (HMAC-SHA256) from the 32-byte site key; neither can be exported.
  async function split(secret) {
    const base = await subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
    const hkdf = info => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: enc.encode(info) });
    return {
      content: await subtle.deriveKey(hkdf('attest sealed v1 content'), base, { name: 'AES-GCM', length: 256 }, false, ['decrypt']),
      names: await subtle.deriveKey(hkdf('attest sealed v1 names'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
    };
  }

  function fromLink(k) {
    const secret = fromBase64url(k);
    if (secret.length !== 32) throw new Error('not a site key');
    return split(secret);
  }

  async function fromPassphrase(pass, kdf) {
    if (kdf.name !== 'PBKDF2-SHA256') throw new Error('unknown key derivation ' + kdf.name);
    const base = await subtle.importKey('raw', enc.encode(pass), 'PBKDF2', false, ['deriveBits']);
    const bits = await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64url(kdf.salt), iterations: kdf.iterations }, base, 256);
    return split(new Uint8Array(bits));
  }

  async function decrypt(keys, data, aad) {
    const bytes = new Uint8Array(data);
    return subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: enc.encode(aad) }, keys.content, bytes.subarray(12));
  }

  // opens tells whether keys decrypt the manifest's check value.
  async function opens(keys, manifest) {
    try {
      const plain = await decrypt(keys, fromBase64url(manifest.check), 'attest sealed v1 check');
      return dec.decode(plain) === 'attest sealed v1 check';
    } catch (e) {
      return false;
    }
  }

  async function objectName(keys, path) {
    const mac = new Uint8Array(await subtle.sign('HMAC', keys.names, enc.encode(path)));
    return 'o/' + Array.from(mac.subarray(0, 16), b => b.toString(16).padStart(2, '0')).join('');
  }

  // open decrypts an object into its path, Content-Type and body.
  async function open(keys, data) {
    const plain = await decrypt(keys, data, 'attest sealed v1 file');
    const view = new DataView(plain);
    let at = 0;
    const field = size => {
      const n = size === 2 ? view.getUint16(at) : view.getUint32(at);
      at += size;
      if (at + n > plain.byteLength) throw new Error('malformed object');
      const f = new Uint8Array(plain, at, n);
      at += n;
      return f;
    };
    const path = dec.decode(field(2));
    const type = dec.decode(field(2));
    return { path, type, body: field(4) };
  }

  function store(mode, fn) {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open('attest-sealed', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('keys');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction('keys', mode);
        const r = fn(tx.objectStore('keys'));
        tx.oncomplete = () => { db.close(); resolve(r.result); };
        tx.onerror = () => { db.close(); reject(tx.error); };
      };
    });
  }

  return {
    fromLink, fromPassphrase, opens, objectName, open,
    // The keys are kept per site (its folder's URL) until the browser's
    // site data is cleared or forget is called.
    save: (scope, keys) => store('readwrite', s => s.put(keys, scope)),
    load: scope => store('readonly', s => s.get(scope)),
    forget: scope => store('readwrite', s => s.delete(scope)),
  };
})();
