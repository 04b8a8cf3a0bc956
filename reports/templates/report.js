// mlsec HTML report: filters and renders the findings embedded as JSON, one page at a time.
// Every string from the report is inserted as text (textContent), never as markup.
(function () {
  "use strict";

  var PAGE_SIZE = 50;
  var data = JSON.parse(document.getElementById("mlsec-data").textContent);
  var rules = data.rules;
  var all = data.findings;
  var byRule = null;     // findings ordered by rule, built on first use
  var matching = [];
  var page = 0;
  var printing = false;
  // Control, zero-width and bidirectional formatting characters (but tabs and newlines,
  // which code blocks need), so a name cannot hide or reorder what is shown.
  var CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

  function visible(value) {
    // Shown escaped, as in the text report.
    return String(value).replace(CONTROL, function (c) {
      var code = c.charCodeAt(0);
      return code < 0x100 ? "\\x" + ("0" + code.toString(16)).slice(-2) : "\\u" + ("000" + code.toString(16)).slice(-4);
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = visible(text); }
    return node;
  }

  function byId(id) { return document.getElementById(id); }

  function location(f) {
    var r = f.resource;
    if (r.file) { return r.line ? r.file + ":" + r.line : r.file; }
    return r.arn || r.id;
  }

  function resourceKey(f) {
    var r = f.resource;
    return [r.file || [r.account, r.region].join("/"), r.type, r.id].join("\u0000");
  }

  // -- filters ---------------------------------------------------------------------------

  function fillSelect(select, values, label) {
    values.forEach(function (value) {
      var option = el("option", null, label ? label(value) : value);
      option.value = value;
      select.appendChild(option);
    });
  }

  function setUpFilters() {
    var sources = {};
    all.forEach(function (f) { sources[f.resource.source] = true; });
    fillSelect(byId("f-source"), Object.keys(sources).sort());
    fillSelect(byId("f-rule"), Object.keys(rules).sort(), function (id) { return id + " " + rules[id].name; });
    if (data.has_previous) { byId("f-change-label").hidden = false; }
    ["f-group", "f-status", "f-severity", "f-suppressed", "f-source", "f-rule", "f-change"].forEach(function (id) {
      byId(id).addEventListener("change", function () { page = 0; update(); });
    });
    var timer = null;
    byId("f-text").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { page = 0; update(); }, 150);
    });
    byId("filters").addEventListener("submit", function (event) { event.preventDefault(); });
    Array.prototype.forEach.call(document.querySelectorAll(".pager .prev"), function (b) {
      b.addEventListener("click", function () { if (page > 0) { page -= 1; draw(true); } });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".pager .next"), function (b) {
      b.addEventListener("click", function () { if (page < pageCount() - 1) { page += 1; draw(true); } });
    });
  }

  function haystack(f) {
    if (f._text === undefined) {
      var r = f.resource, rule = rules[f.rule] || {};
      f._text = [f.rule, rule.name, rule.control, r.type, r.id, r.file, r.arn, r.account, r.region,
                 f.subject, f.message, f.reason].join("\n").toLowerCase();
    }
    return f._text;
  }

  function currentFilters() {
    return {
      status: byId("f-status").value, severity: byId("f-severity").value,
      suppressed: byId("f-suppressed").value, source: byId("f-source").value,
      rule: byId("f-rule").value, change: byId("f-change").value,
      text: byId("f-text").value.trim().toLowerCase(), group: byId("f-group").value
    };
  }

  function accepts(f, q) {
    if (q.status === "open") { if (f.status !== "fail" && f.status !== "unknown") { return false; } }
    else if (q.status && f.status !== q.status) { return false; }
    if (q.severity && f.severity !== q.severity) { return false; }
    if (q.suppressed === "hide" && f.suppressed) { return false; }
    if (q.suppressed === "only" && !f.suppressed) { return false; }
    if (q.source && f.resource.source !== q.source) { return false; }
    if (q.rule && f.rule !== q.rule) { return false; }
    if (q.change && q.change !== "fixed" && f.change !== q.change) { return false; }
    if (q.text && haystack(f).indexOf(q.text) < 0) { return false; }
    return true;
  }

  function ordered(q) {
    if (q.change === "fixed") { return data.fixed; }
    if (q.group !== "rule") { return all; }
    if (!byRule) {
      byRule = all.map(function (f, i) { return [f.rule, i]; });
      byRule.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]; });
      byRule = byRule.map(function (pair) { return all[pair[1]]; });
    }
    return byRule;
  }

  function update() {
    var q = currentFilters();
    matching = ordered(q).filter(function (f) { return accepts(f, q); });
    draw(false);
  }

  function pageCount() { return Math.max(1, Math.ceil(matching.length / PAGE_SIZE)); }

  // -- rendering -------------------------------------------------------------------------

  function draw(scroll) {
    var q = currentFilters();
    var shown = printing ? matching : matching.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    var start = printing ? 0 : page * PAGE_SIZE;
    var list = byId("findings");
    var fragment = document.createDocumentFragment();
    var lastGroup = null;
    shown.forEach(function (f) {
      var key = q.group === "rule" ? f.rule : resourceKey(f);
      if (key !== lastGroup) {
        fragment.appendChild(q.group === "rule" ? ruleHead(f) : resourceHead(f));
        lastGroup = key;
      }
      fragment.appendChild(card(f, q.group));
    });
    list.replaceChildren(fragment);
    var total = q.change === "fixed" ? data.fixed.length : all.length;
    byId("match-count").textContent = matching.length === 0 ? "No finding matches these filters (" + total + " in the report)."
      : "Showing " + (start + 1) + "–" + (start + shown.length) + " of " + matching.length +
        " matching findings (" + total + " in the report).";
    byId("match-count").dataset.matching = String(matching.length);
    Array.prototype.forEach.call(document.querySelectorAll(".pager"), function (nav) {
      nav.querySelector(".page-no").textContent = "Page " + (page + 1) + " of " + pageCount();
      nav.querySelector(".prev").disabled = page === 0;
      nav.querySelector(".next").disabled = page >= pageCount() - 1;
    });
    if (scroll) { byId("findings-title").scrollIntoView(); }
  }

  function resourceHead(f) {
    var head = el("h3", "group-head", f.resource.type + " " + f.resource.id);
    head.appendChild(el("span", "where", location(f)));
    return head;
  }

  function ruleHead(f) {
    var rule = rules[f.rule] || {name: "", title: ""};
    var head = el("h3", "group-head", f.rule + " " + rule.name);
    head.appendChild(el("span", "where", rule.title));
    return head;
  }

  function card(f, group) {
    var rule = rules[f.rule] || {name: "", remediation: {}};
    var node = el("article", "finding status-" + f.status + (f.suppressed ? " is-suppressed" : ""));
    node.dataset.fingerprint = f.fingerprint;
    var title = el("div", "title");
    title.appendChild(el("span", "badge status-" + f.status, f.status.replace("_", " ")));
    title.appendChild(el("span", "sev sev-" + f.severity, f.severity));
    if (f.suppressed) { title.appendChild(el("span", "badge suppressed", "suppressed")); }
    if (f.change) { title.appendChild(el("span", "change change-" + f.change, f.change)); }
    title.appendChild(group === "rule" ? el("span", "what", f.resource.type + " " + f.resource.id)
                                       : el("span", "what", f.rule + " " + rule.name));
    if (f.subject) { title.appendChild(el("span", "subject", "[" + f.subject + "]")); }
    node.appendChild(title);
    node.appendChild(el("p", "message", f.message));
    var where = el("div", "location", "Location: " + location(f));
    if (f.resource.source) { where.appendChild(document.createTextNode(visible(" · " + f.resource.source))); }
    node.appendChild(where);
    if (f.suppressed) {
      var s = f.suppressed;
      node.appendChild(el("p", "suppression", "Suppressed by " + (s.by || "?") + (s.expires ? " until " + s.expires : "") +
                                              ": " + (s.reason || "")));
    }
    if (rule.remediation && rule.remediation.summary) {
      node.appendChild(el("p", "fix", "Fix: " + rule.remediation.summary));
    }
    var more = el("details", "more");
    more.appendChild(el("summary", null, "Evidence and remediation"));
    more.addEventListener("toggle", function () {
      if (more.open && more.childNodes.length === 1) { fillDetails(more, f, rule); }
    });
    if (printing) { fillDetails(more, f, rule); more.open = true; }
    node.appendChild(more);
    return node;
  }

  function fillDetails(more, f, rule) {
    if (f.reason) { more.appendChild(el("p", "reason", "Reason: " + f.reason)); }
    if (f.evidence) { more.appendChild(el("pre", "evidence", JSON.stringify(f.evidence, null, 2))); }
    var rem = rule.remediation || {};
    var forms = [["cloudformation", "CloudFormation"], ["terraform", "Terraform"], ["cli", "AWS CLI"]]
      .filter(function (form) { return rem[form[0]]; });
    if (!forms.length) { return; }
    var tabs = el("div", "tabs");
    tabs.setAttribute("role", "tablist");
    var panes = [];
    forms.forEach(function (form, i) {
      var tab = el("button", null, form[1]);
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-selected", i === 0 ? "true" : "false");
      var pane = el("div", "pane");
      pane.setAttribute("role", "tabpanel");
      pane.hidden = i !== 0;
      var code = el("pre", "code", rem[form[0]]);
      var copy = el("button", "copy", "Copy");
      copy.type = "button";
      copy.addEventListener("click", function () { copyText(rem[form[0]], copy); });
      pane.appendChild(copy);
      pane.appendChild(code);
      tab.addEventListener("click", function () {
        Array.prototype.forEach.call(tabs.children, function (t) { t.setAttribute("aria-selected", "false"); });
        panes.forEach(function (p) { p.hidden = true; });
        tab.setAttribute("aria-selected", "true");
        pane.hidden = false;
      });
      tabs.appendChild(tab);
      panes.push(pane);
    });
    more.appendChild(tabs);
    panes.forEach(function (p) { more.appendChild(p); });
  }

  function copyText(text, button) {
    function done(ok) {
      button.textContent = ok ? "Copied" : "Copy failed";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    }
    function fallback() {
      var area = el("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      done(ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  // Printing (audit binders) lays out every matching finding with its details, not one page.
  // Closed <details> in the summary are opened for print and closed again afterwards.
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    printing = true;
    draw(false);
    reopened = Array.prototype.filter.call(document.querySelectorAll("details.framework, details.rules-run"),
                                           function (d) { return !d.open; });
    reopened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    printing = false;
    reopened.forEach(function (d) { d.open = false; });
    draw(false);
  });

  setUpFilters();
  update();
  document.documentElement.dataset.ready = "true";
}());
