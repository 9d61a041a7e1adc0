/* goalcheck widget: inline feedback under every textarea marked data-goalcheck.

   <script src="http://127.0.0.1:8765/widget.js" defer></script>
   <textarea data-goalcheck></textarea>                one goal (the default)
   <textarea data-goalcheck="lines"></textarea>        one goal per line
   <textarea data-goalcheck="draft"></textarea>        a whole draft: goalcheck finds the goals
   Optional on the textarea: data-goalcheck-age, data-goalcheck-grade, data-goalcheck-transition (true/false).
   Optional on the script tag: data-goalcheck-token (only on pages that staff alone can see).

   The feedback lives in a shadow root, so the vendor's styles and ours do not mix. The
   server must allow the page's origin: goalcheck serve --cors-origin https://vendor.example */
(function () {
  "use strict";
  var core = GoalcheckCore;
  var script = document.currentScript;
  var base = new URL(".", script.src).href.replace(/\/$/, "");
  var token = script.getAttribute("data-goalcheck-token");
  var DELAY_MS = 500;
  var count = 0;

  function attach(area) {
    if (area.goalcheckAttached) return;
    area.goalcheckAttached = true;
    var host = document.createElement("div");
    host.id = "goalcheck-feedback-" + (++count);
    host.className = "goalcheck-feedback";
    host.setAttribute("role", "status");
    host.setAttribute("aria-live", "polite");
    host.setAttribute("aria-label", "goalcheck feedback");
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + host.id);
    area.insertAdjacentElement("afterend", host);
    var root = host.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent = core.css;
    root.appendChild(style);
    var box = core.el("div", "gc-widget");
    root.appendChild(box);
    var inflight = null, sequence = 0;

    function check() {
      var text = area.value;
      box.textContent = "";
      if (!/\S/.test(text)) return;
      if (inflight) inflight.abort();
      inflight = new AbortController();
      var mine = ++sequence;
      box.appendChild(core.el("p", "gc-status", "goalcheck: checking…"));
      core.post(base + pathFor(area), bodyFor(area, text), token, inflight.signal).then(function (result) {
        if (mine !== sequence) return;
        box.textContent = "";
        if (result.status !== 200) {
          box.appendChild(core.el("p", "gc-status", "goalcheck: " + core.errorMessage(result)));
          return;
        }
        var goals = core.goalsOf(result.body);
        if (!goals.length) box.appendChild(core.el("p", "gc-status", "goalcheck: no goal found yet."));
        goals.forEach(function (goal) { box.appendChild(core.renderGoal(goal, { compact: true })); });
      }, function (err) {
        if (err.name === "AbortError" || mine !== sequence) return;
        box.textContent = "";
        box.appendChild(core.el("p", "gc-status",
          "goalcheck is not reachable from this page (is this site's origin allowed with --cors-origin?)"));
      });
    }

    area.addEventListener("input", core.debounce(check, DELAY_MS));
    if (/\S/.test(area.value)) check();
  }

  function pathFor(area) {
    return area.getAttribute("data-goalcheck") === "draft" ? "/v1/check/text" : "/v1/check/goals";
  }

  function bodyFor(area, text) {
    var mode = area.getAttribute("data-goalcheck"), body;
    if (mode === "draft") body = { text: text };
    else if (mode === "lines") body = { goals: text.split("\n").filter(function (l) { return /\S/.test(l); }) };
    else body = { goals: [text] };
    var age = area.getAttribute("data-goalcheck-age"), grade = area.getAttribute("data-goalcheck-grade");
    var transition = area.getAttribute("data-goalcheck-transition");
    if (age && /^\d+$/.test(age)) body.age = parseInt(age, 10);
    if (grade && /^-?\d+$/.test(grade)) body.grade = parseInt(grade, 10);
    if (transition === "true" || transition === "false") body.transition = transition === "true";
    return body;
  }

  function scan(node) {
    if (node.nodeType !== 1) return;
    if (node.matches("textarea[data-goalcheck]")) attach(node);
    node.querySelectorAll("textarea[data-goalcheck]").forEach(attach);
  }

  function start() {
    scan(document.body);
    // Editors that add textareas later (a new goal row) get feedback too.
    new MutationObserver(function (records) {
      records.forEach(function (r) { r.addedNodes.forEach(scan); });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
