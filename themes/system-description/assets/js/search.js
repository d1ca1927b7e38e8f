// Client-side search over the index written at build time (search-index.js
// sets window.attestSearch). Nothing is fetched: both files are loaded by
// <script> tags, which also works when the site is opened from disk.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var all = document.getElementById("all-pages");
  var rootLink = document.getElementById("site-root");
  if (!input || !list || !status) {
    return;
  }
  var root = rootLink ? rootLink.href.replace(/index\.html$/, "") : "";
  var docs = (window.attestSearch || []).map(function (d) {
    return {
      d: d,
      title: d.t.toLowerCase(),
      words: (d.s || "").toLowerCase(),
      text: (d.x || "").toLowerCase()
    };
  });
  var limit = 100;

  function score(doc, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      var s = 0;
      if (doc.title.indexOf(t) >= 0) { s += 10; }
      if (doc.words.indexOf(t) >= 0) { s += 4; }
      if (doc.text.indexOf(t) >= 0) { s += 1; }
      if (s === 0) { return 0; }
      total += s;
    }
    return total;
  }

  function item(doc) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + doc.d.u;
    a.textContent = doc.d.t;
    li.appendChild(a);
    if (doc.d.x) {
      var p = document.createElement("p");
      p.textContent = doc.d.x;
      li.appendChild(p);
    }
    return li;
  }

  function run() {
    var q = input.value.trim().toLowerCase();
    list.textContent = "";
    if (!q) {
      status.textContent = "";
      if (all) { all.hidden = false; }
      return;
    }
    if (all) { all.hidden = true; }
    var terms = q.split(/\s+/);
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var s = score(docs[i], terms);
      if (s > 0) { hits.push({ s: s, doc: docs[i] }); }
    }
    hits.sort(function (a, b) {
      return b.s - a.s || (a.doc.d.t < b.doc.d.t ? -1 : a.doc.d.t > b.doc.d.t ? 1 : 0);
    });
    var shown = Math.min(hits.length, limit);
    for (var j = 0; j < shown; j++) {
      list.appendChild(item(hits[j].doc));
    }
    status.textContent = hits.length === 0 ? "No page matches." :
      hits.length + (hits.length === 1 ? " page matches" : " pages match") +
      (hits.length > limit ? "; the first " + limit + " are shown." : ".");
  }

  input.addEventListener("input", run);
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { input.value = q; }
  run();
})();
