// attest serve: reloads the page after each rebuild, and shows the errors
// that stopped a rebuild over the page, which stays the last good render.
(function () {
  "use strict";
  var script = document.currentScript;
  var site = script ? script.getAttribute("data-site") : "public";
  var loadedBuild = script ? Number(script.getAttribute("data-build")) : 0;
  var overlay = null;

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = "/__attest/overlay.css";
  document.head.appendChild(css);

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function show(problems) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "attest-overlay";
    overlay.setAttribute("role", "alert");
    var box = document.createElement("div");
    box.className = "attest-overlay-box";
    var h = document.createElement("h2");
    h.textContent = problems.length === 1 ? "1 error: the page shows the last good build"
      : problems.length + " errors: the page shows the last good build";
    box.appendChild(h);
    var list = document.createElement("ol");
    problems.forEach(function (p) {
      var li = document.createElement("li");
      if (p.pos) {
        var pos = document.createElement("code");
        pos.className = "attest-pos";
        pos.textContent = p.pos;
        li.appendChild(pos);
        li.appendChild(document.createTextNode(" "));
      }
      var msg = document.createElement("span");
      msg.className = "attest-msg";
      msg.textContent = p.message;
      li.appendChild(msg);
      list.appendChild(li);
    });
    box.appendChild(list);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", hide);
    box.appendChild(close);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  var source = new EventSource("/__attest/events");
  source.addEventListener("state", function (e) {
    var st = JSON.parse(e.data);
    if (st.problems && st.problems.length) {
      show(st.problems);
      return;
    }
    hide();
    if (st[site] !== loadedBuild) {
      source.close();
      location.reload();
    }
  });
})();
