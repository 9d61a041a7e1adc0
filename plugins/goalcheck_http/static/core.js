/* goalcheck core: render one goal's feedback; shared by the web page and widget.js.
   No dependencies, no external assets. Builds DOM nodes with textContent only:
   goal text is never parsed as HTML. */
var GoalcheckCore = (function () {
  "use strict";

  var LABELS = {
    educational: "Reads as educational",
    medical: "Reads as medical",
    ambiguous: "Reads as ambiguous"
  };
  var LABEL_HELP = {
    educational: "educationally relevant: a skill the student needs to take part in school",
    medical: "clinic-based, home or community-focused",
    ambiguous: "no clear school setting or purpose"
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* Only safe fixes are applied (fix.safe, set by the engine: plain words for clinical
     shorthand). Unsafe ones, such as "By the annual review, ", state something only the team
     can decide. Same choice as goalcheck.fixes.fixes_to_apply(..., unsafe=False). */
  function safeFixes(findings) {
    var fixes = findings.filter(function (f) { return f.fix && f.fix.safe; })
      .map(function (f) { return f.fix; })
      .sort(function (a, b) { return a.start - b.start || a.end - b.end; });
    var out = [], lastEnd = -1;
    fixes.forEach(function (fix) {
      if (fix.start >= lastEnd) { out.push(fix); lastEnd = fix.end; }
    });
    return out;
  }

  function reword(text, findings) {
    var fixes = safeFixes(findings), out = text;
    for (var i = fixes.length - 1; i >= 0; i--) {
      var fix = fixes[i];
      out = out.slice(0, fix.start) + fix.replacement + out.slice(fix.end);
    }
    return { text: out, applied: fixes.length };
  }

  /* The goal text as nodes, with each piece of evidence in a <mark>. */
  function highlighted(text, evidence) {
    var frag = document.createDocumentFragment(), at = 0;
    evidence.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (ev) {
      if (ev.start < at || ev.end > text.length) return;
      frag.appendChild(document.createTextNode(text.slice(at, ev.start)));
      var mark = el("mark", "gc-ev gc-ev-" + ev.label, text.slice(ev.start, ev.end));
      mark.title = "pushes toward " + ev.label;
      frag.appendChild(mark);
      frag.appendChild(el("span", "gc-sr", " (toward " + ev.label + ")"));
      at = ev.end;
    });
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = el("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  /* One goal's feedback. options.compact: the widget's shorter form. */
  function renderGoal(goal, options) {
    options = options || {};
    var card = el("article", "gc-goal gc-goal-" + goal.label);
    var head = el(options.compact ? "p" : "h3", "gc-head");
    head.appendChild(el("span", "gc-badge gc-badge-" + goal.label, LABELS[goal.label] || goal.label));
    head.appendChild(el("span", "gc-conf", Math.round(goal.confidence * 100) + "% confidence"));
    card.appendChild(head);
    if (!options.compact) card.appendChild(el("p", "gc-help", LABEL_HELP[goal.label] || ""));
    var text = el("p", "gc-text");
    text.appendChild(highlighted(goal.text, goal.evidence));
    card.appendChild(text);
    if (goal.suggestion) card.appendChild(suggestionBlock(goal.suggestion, options));
    card.appendChild(findingsList(goal.findings, options.compact ? 3 : Infinity));
    var rewording = reword(goal.text, goal.findings);
    if (rewording.applied && rewording.text !== goal.text) {
      card.appendChild(rewordBlock(rewording.text, options));
    }
    return card;
  }

  /* The widget folds the suggestion away: it sits under the vendor's textarea. */
  function suggestionBlock(suggestion, options) {
    if (options.compact) {
      var fold = el("details", "gc-suggestion");
      fold.appendChild(el("summary", null, "Suggestion"));
      fold.appendChild(el("p", null, suggestion));
      return fold;
    }
    var sug = el("p", "gc-suggestion");
    sug.appendChild(el("strong", null, "Suggestion: "));
    sug.appendChild(document.createTextNode(suggestion));
    return sug;
  }

  var SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

  function findingsList(findings, limit) {
    if (!findings.length) return el("p", "gc-none", "No quality findings.");
    var list = el("ul", "gc-findings");
    list.setAttribute("aria-label", findings.length + " finding" + (findings.length === 1 ? "" : "s"));
    var shown = findings.slice().sort(function (a, b) { return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]; });
    var rest = Math.max(0, shown.length - limit);
    shown = shown.slice(0, limit);
    shown.forEach(function (f) {
      var item = el("li", "gc-finding");
      item.appendChild(el("span", "gc-sev gc-sev-" + f.severity, f.severity));
      item.appendChild(el("code", "gc-rule", f.rule));
      item.appendChild(document.createTextNode(" " + f.message));
      list.appendChild(item);
    });
    if (rest) list.appendChild(el("li", "gc-more", "and " + rest + " more"));
    return list;
  }

  function rewordBlock(text, options) {
    var box = el("div", "gc-reword");
    var title = el("p", "gc-reword-title");
    title.appendChild(el("strong", null, "Suggested rewording"));
    title.appendChild(document.createTextNode(" (clinical shorthand in plain words; nothing else changed)"));
    box.appendChild(title);
    box.appendChild(el("blockquote", "gc-reword-text", text));
    var button = el("button", "gc-copy", "Copy rewording");
    button.type = "button";
    var status = el("span", "gc-copied");
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      copyText(text).then(function () { status.textContent = "Copied."; },
                          function () { status.textContent = "Could not copy: select the text and copy it."; });
    });
    box.appendChild(button);
    box.appendChild(status);
    return box;
  }

  /* POST JSON; resolves to {status, body}. */
  function post(url, body, token, signal) {
    var headers = { "Content-Type": "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    return fetch(url, { method: "POST", headers: headers, body: JSON.stringify(body), signal: signal,
                        credentials: "omit", cache: "no-store" })
      .then(function (response) {
        return response.json().then(function (data) { return { status: response.status, body: data }; },
                                     function () { return { status: response.status, body: null }; });
      });
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  function goalsOf(doc) {
    var out = [];
    doc.files.forEach(function (file) { out = out.concat(file.goals); });
    return out;
  }

  function errorMessage(result) {
    if (result.body && result.body.error) return result.body.error.message;
    return "the server answered " + result.status;
  }

  return { renderGoal: renderGoal, reword: reword, post: post, debounce: debounce, goalsOf: goalsOf,
           errorMessage: errorMessage, el: el, LABELS: LABELS };
})();
