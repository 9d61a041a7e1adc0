/* The web page: check what is typed, debounced, and show each goal's feedback. */
(function () {
  "use strict";
  var core = GoalcheckCore;
  var DELAY_MS = 350;
  var form, area, out, status, tokenField, tokenInput;
  var inflight = null, sequence = 0;

  function value(id) { return document.getElementById(id).value; }

  function requestFor(text) {
    var meta = {};
    if (value("age") !== "") meta.age = parseInt(value("age"), 10);
    if (value("grade") !== "") meta.grade = parseInt(value("grade"), 10);
    if (value("transition") !== "") meta.transition = value("transition") === "true";
    if (form.elements.mode.value === "draft") {
      return { path: "/v1/check/text", body: Object.assign({ text: text }, meta) };
    }
    var goals = text.split("\n").map(function (line) {
      return line.replace(/^\s*(?:[-*\u2022]|\d+[.)])\s+/, "").trim();  // list markers are not part of a goal
    }).filter(function (line) { return line !== ""; });
    return { path: "/v1/check/goals", body: Object.assign({ goals: goals }, meta) };
  }

  function check() {
    var text = area.value;
    if (!/\S/.test(text)) {
      show([]);
      status.textContent = "";
      return;
    }
    var age = value("age");
    if (age !== "" && !(/^\d+$/.test(age) && +age <= 120)) {
      status.textContent = "Age must be a whole number from 0 to 120.";
      return;
    }
    var req = requestFor(text);
    if (inflight) inflight.abort();
    inflight = new AbortController();
    var mine = ++sequence;
    status.textContent = "Checking…";
    core.post(req.path, req.body, sessionStorage.getItem("goalcheck-token"), inflight.signal).then(function (result) {
      if (mine !== sequence) return;  // a newer request is on its way
      if (result.status === 401) {
        tokenField.hidden = false;
        status.textContent = "This server needs its access token: enter it below.";
        return;
      }
      if (result.status !== 200) {
        status.textContent = "Could not check: " + core.errorMessage(result);
        return;
      }
      var goals = core.goalsOf(result.body);
      show(goals);
      status.textContent = summary(result.body, goals);
    }, function (err) {
      if (err.name !== "AbortError" && mine === sequence) status.textContent = "Could not reach the goalcheck server.";
    });
  }

  function summary(doc, goals) {
    var errors = doc.files.filter(function (f) { return f.error; }).map(function (f) { return f.error; });
    if (!goals.length) return errors.length ? "No goals found: " + errors[0] : "No goals found in the text.";
    var labels = doc.summary.labels, findings = 0;
    goals.forEach(function (g) { findings += g.findings.length; });
    return goals.length + (goals.length === 1 ? " goal: " : " goals: ") + labels.educational + " educational, " +
      labels.medical + " medical, " + labels.ambiguous + " ambiguous; " + findings + " finding" + (findings === 1 ? "" : "s") + ".";
  }

  function show(goals) {
    out.textContent = "";
    if (!goals.length) {
      out.appendChild(core.el("p", "empty", "Type a goal above to see how it reads."));
      return;
    }
    goals.forEach(function (goal, i) {
      var card = core.renderGoal(goal);
      card.setAttribute("aria-label", "Goal " + (i + 1));
      out.appendChild(card);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    form = document.getElementById("form");
    area = document.getElementById("goals");
    out = document.getElementById("goals-out");
    status = document.getElementById("status");
    tokenField = document.getElementById("token-field");
    tokenInput = document.getElementById("token");
    var later = core.debounce(check, DELAY_MS);
    form.addEventListener("submit", function (e) { e.preventDefault(); check(); });
    form.addEventListener("input", function (e) {
      if (e.target === tokenInput) sessionStorage.setItem("goalcheck-token", tokenInput.value);
      later();
    });
    form.addEventListener("change", later);
    if (/\S/.test(area.value)) check();
  });
})();
