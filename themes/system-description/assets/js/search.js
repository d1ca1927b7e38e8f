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

  function escapeRE(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // snippet is the part of text around the first term found: from the
  // word boundary some way before it, so that the match is in view.
  function snippet(text, terms) {
    var lower = text.toLowerCase();
    var at = -1;
    for (var i = 0; i < terms.length; i++) {
      var k = lower.indexOf(terms[i]);
      if (k >= 0 && (at < 0 || k < at)) { at = k; }
    }
    if (at <= 80) { return text; }
    var start = text.lastIndexOf(" ", at - 60);
    return "…" + text.slice(start < 0 ? 0 : start + 1);
  }

  // mark appends text to el with each occurrence of a term in <mark>,
  // built as nodes: the text is never parsed as HTML.
  function mark(el, text, terms) {
    var re = new RegExp("(" + terms.map(escapeRE).join("|") + ")", "ig");
    var parts = text.split(re);
    for (var i = 0; i < parts.length; i++) {
      if (!parts[i]) { continue; }
      if (i % 2 === 1) {
        var m = document.createElement("mark");
        m.textContent = parts[i];
        el.appendChild(m);
      } else {
        el.appendChild(document.createTextNode(parts[i]));
      }
    }
  }

  function item(doc, terms) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + doc.d.u;
    mark(a, doc.d.t, terms);
    li.appendChild(a);
    if (doc.d.x) {
      var p = document.createElement("p");
      mark(p, snippet(doc.d.x, terms), terms);
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
      list.appendChild(item(hits[j].doc, terms));
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
