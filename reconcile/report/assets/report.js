/* reconcile HTML report: renders the findings, charts and documents from the JSON embedded in the page.
   Every piece of document text reaches the page through textContent or text nodes, never as markup; the only
   markup inserted is the charts' SVG, which the report generator rendered (and escaped) itself. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var T = D.t || {};
  var SEV = ["error", "warning", "info"];
  var SEV_ORDER = { error: 0, warning: 1, info: 2 };
  var F = D.findings;
  var docCache = {};

  function t(key, fields) {
    var s = Object.prototype.hasOwnProperty.call(T, key) ? T[key] : key;
    if (fields) s = s.replace(/\{(\w+)\}/g, function (m, k) { return k in fields ? String(fields[k]) : m; });
    return s;
  }
  function h(tag, props, children) {
    var n = document.createElement(tag);
    if (props) for (var k in props) {
      var v = props[k];
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") n.className = v;
      else if (k === "text") n.textContent = v;
      else if (k.slice(0, 2) === "on") n.addEventListener(k.slice(2), v);
      else n.setAttribute(k, v === true ? "" : String(v));
    }
    if (children) children.forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      n.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    });
    return n;
  }
  function sevBadge(sev) { return h("span", { "class": "sev sev-" + sev, text: t("severity." + sev) }); }
  function roleName(role) { return role ? (("role." + role) in T ? t("role." + role) : role) : t("role.evidence"); }
  function evHref(d, s, e) { return "#ev/" + d + "/" + s + "/" + e; }
  function colon() { return t("punct.colon"); }

  /* ------------------------------------------------------------------ overview */
  function renderOverview() {
    var S = D.summary, sec = document.getElementById("overview");
    sec.appendChild(h("h2", { id: "h-overview", text: t("summary.heading") }));
    var open = S.open_by_severity;
    var cards = [
      [S.documents, t("summary.documents")], [S.figures, t("summary.figures")],
      [S.metrics_multi + " / " + S.metrics, t("summary.metrics_multi") + " / " + t("summary.metrics")],
      [S.findings - S.reviewed, t("summary.findings") + " · " + t("summary.open")], [S.reviewed, t("summary.reviewed")]
    ];
    sec.appendChild(h("div", { "class": "cards" }, cards.map(function (c) {
      return h("div", { "class": "card" }, [h("b", { text: c[0] }), h("span", { text: c[1] })]);
    })));
    sec.appendChild(h("p", null, [t("summary.by_severity") + colon()].concat(SEV.map(function (s) {
      return h("span", null, [sevBadge(s), " " + open[s] + "  "]);
    }))));
    if (D.gate) {
      var g = D.gate;
      sec.appendChild(h("p", null, [h("b", { text: t("gate.heading") + colon() }),
        h("span", { "class": g.failed ? "gate-failed" : "gate-passed", text: t(g.failed ? "gate.failed" : "gate.passed") }),
        " · " + t("gate.failing") + colon() + g.failing.length + " · " + t("gate.involved") + colon() + g.involved +
        " · " + t("gate.fail_on") + colon() + t("severity." + g.fail_on)]));
      sec.appendChild(h("p", { "class": "wrap" }, [t("gate.new_docs") + colon() + (g.new_docs.join(", ") || t("report.none"))]));
    }
    if (S.by_rule.length) {
      sec.appendChild(h("h3", { text: t("summary.by_rule") }));
      var rows = S.by_rule.map(function (r) {
        return h("tr", null, [
          h("td", null, [h("button", { "class": "linkish", text: r.code, onclick: function () { setRule(r.code); } })]),
          h("td", { "class": "wrap", text: r.name }), h("td", null, [sevBadge(r.severity)]),
          h("td", { text: r.open }), h("td", { text: r.reviewed })]);
      });
      sec.appendChild(h("table", { "class": "small-table" }, [
        h("thead", null, [h("tr", null, [t("summary.rule"), t("summary.name"), t("finding.severity"), t("summary.open"), t("summary.reviewed")].map(function (x) { return h("th", { text: x }); }))]),
        h("tbody", null, rows)]));
    }
    sec.appendChild(h("h3", { text: t("summary.coverage") }));
    sec.appendChild(h("p", null, [t("summary.figures_multi") + colon() + S.figures_multi + " / " + S.figures]));
    sec.appendChild(h("p", { "class": "wrap" }, [t("summary.rules_silent") + colon() +
      (S.rules_silent.map(function (r) { return (r[0] + " " + r[1]).trim(); }).join(", ") || t("report.none"))]));
    if (S.problems.length) {
      sec.appendChild(h("h3", { text: t("summary.problems") }));
      sec.appendChild(h("ul", { "class": "wrap" }, S.problems.map(function (p) { return h("li", { text: p }); })));
    }
  }

  /* ------------------------------------------------------------------ findings */
  var state = { sev: { error: true, warning: true, info: true }, rule: "", doc: "", q: "" };
  var tables = [];
  var searchText = F.map(function (f) {
    var quoted = f.quotes.map(function (q) { return q.doc + "\n" + q.segs.map(function (s) { return s[0]; }).join(""); });
    return [f.msg, f.rule, f.name, f.loc, f.fp, f.review ? f.review.reason : ""].concat(quoted).join("\n").toLowerCase();
  });
  var failing = {};
  if (D.gate) D.gate.failing.forEach(function (fp) { failing[fp] = true; });

  function makeTable(list, title, id) {
    var tbody = h("tbody");
    var rows = list.map(function (f) {
      var tr = h("tr", { "class": "row", tabindex: "0", "data-i": f.i, "data-sev": f.sev, "aria-expanded": "false" }, [
        h("td", null, [sevBadge(f.sev)]),
        h("td", { "class": "wrap" }, [h("b", { text: f.rule }), h("br"), h("span", { "class": "muted", text: f.name })]),
        h("td", { "class": "msg wrap" }, [f.msg, failing[f.fp] ? h("span", { "class": "sev sev-error", text: t("gate.failing") }) : null,
          f.review ? h("div", { "class": "muted", text: t("decision." + f.review.decision) + colon() + (f.review.reason || "") }) : null]),
        h("td", { "class": "loc", text: f.loc })]);
      tr.addEventListener("click", function (ev) { if (!ev.target.closest("a,button")) toggle(f.i, true); });
      tr.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); toggle(f.i, true); } });
      tbody.appendChild(tr);
      rowOf[f.i] = tr;
      return { f: f, tr: tr };
    });
    var heads = [["sev", t("finding.severity")], ["rule", t("finding.rule")], ["msg", t("finding.message")], ["loc", t("finding.location")]];
    var table = h("table", { "class": "findings", id: id }, [
      h("thead", null, [h("tr", null, heads.map(function (hd) {
        var th = h("th", { "class": "sortable", "data-key": hd[0], title: t("controls.sort"), "aria-sort": "none", text: hd[1] });
        th.addEventListener("click", function () { sortBy(tb, hd[0], th); });
        return th;
      }))]), tbody]);
    var count = h("p", { "class": "count" });
    var tb = { rows: rows, tbody: tbody, table: table, count: count, key: null, dir: 1 };
    tables.push(tb);
    return h("div", null, [h("h3", { text: title + " (" + list.length + ")" }), count, table]);
  }
  var rowOf = {}, detailOf = {};

  function sortKey(f, key) {
    if (key === "sev") return [SEV_ORDER[f.sev], f.i];
    if (key === "rule") return [f.rule, f.i];
    if (key === "msg") return [f.msg, f.i];
    if (key === "loc") return [f.ldoc, f.lline, f.i];
    return [f.i];
  }
  function cmp(a, b) {
    for (var k = 0; k < a.length; k++) {
      if (a[k] < b[k]) return -1;
      if (a[k] > b[k]) return 1;
    }
    return 0;
  }
  function sortBy(tb, key, th) {
    tb.dir = tb.key === key ? -tb.dir : 1;
    tb.key = key;
    tb.table.querySelectorAll("th").forEach(function (x) { x.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", tb.dir > 0 ? "ascending" : "descending");
    tb.rows.sort(function (a, b) { return tb.dir * cmp(sortKey(a.f, key), sortKey(b.f, key)); });
    var frag = document.createDocumentFragment();
    tb.rows.forEach(function (r) { frag.appendChild(r.tr); if (detailOf[r.f.i]) frag.appendChild(detailOf[r.f.i]); });
    tb.tbody.appendChild(frag);
  }
  function visible(f) {
    if (!state.sev[f.sev]) return false;
    if (state.rule && f.rule !== state.rule) return false;
    if (state.doc !== "" && f.docs.indexOf(+state.doc) < 0) return false;
    if (state.q && searchText[f.i].indexOf(state.q) < 0) return false;
    return true;
  }
  function applyFilters() {
    tables.forEach(function (tb) {
      var n = 0;
      tb.rows.forEach(function (r) {
        var show = visible(r.f);
        r.tr.hidden = !show;
        var d = detailOf[r.f.i];
        if (d) d.hidden = !show || r.tr.getAttribute("aria-expanded") !== "true";
        if (show) n++;
      });
      tb.count.textContent = t("controls.shown", { shown: n, total: tb.rows.length });
    });
  }
  var ruleSelect, docSelect, searchBox, sevBoxes = {};
  function setRule(code) {
    state.rule = code; ruleSelect.value = code; applyFilters();
    document.getElementById("findings").scrollIntoView();
  }

  function renderFindings() {
    var sec = document.getElementById("findings");
    sec.appendChild(h("h2", { id: "h-findings", text: t("finding.heading") + " (" + F.length + ")" }));
    var filters = h("div", { "class": "filters", role: "search" });
    SEV.forEach(function (s) {
      var n = F.filter(function (f) { return f.sev === s; }).length;
      var box = h("input", { type: "checkbox", checked: true, "data-sev": s });
      box.addEventListener("change", function () { state.sev[s] = box.checked; applyFilters(); });
      sevBoxes[s] = box;
      filters.appendChild(h("label", { "class": "toggle" }, [box, sevBadge(s), " " + n]));
    });
    var codes = {};
    F.forEach(function (f) { codes[f.rule] = f.name; });
    ruleSelect = h("select", { "aria-label": t("finding.rule") }, [h("option", { value: "", text: t("controls.all_rules") })].concat(
      Object.keys(codes).sort().map(function (c) { return h("option", { value: c, text: c + " " + codes[c] }); })));
    ruleSelect.addEventListener("change", function () { state.rule = ruleSelect.value; applyFilters(); });
    var withFindings = D.docs.map(function (d, i) { return [d, i]; }).filter(function (x) { return x[0].findings > 0; });
    docSelect = h("select", { "aria-label": t("finding.document") }, [h("option", { value: "", text: t("controls.all_documents") })].concat(
      withFindings.map(function (x) { return h("option", { value: x[1], text: x[0].name + " (" + x[0].findings + ")" }); })));
    docSelect.addEventListener("change", function () { state.doc = docSelect.value; applyFilters(); });
    searchBox = h("input", { type: "search", placeholder: t("controls.search"), "aria-label": t("controls.search") });
    var timer = null;
    searchBox.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = searchBox.value.trim().toLowerCase(); applyFilters(); }, 120);
    });
    filters.appendChild(ruleSelect);
    filters.appendChild(docSelect);
    filters.appendChild(searchBox);
    sec.appendChild(filters);
    var open = F.filter(function (f) { return !f.review; }), done = F.filter(function (f) { return !!f.review; });
    if (!F.length) { filters.hidden = true; sec.appendChild(h("p", { text: t("report.no_findings") })); }
    if (open.length) sec.appendChild(makeTable(open, t("summary.open"), "open-table"));
    if (done.length) sec.appendChild(makeTable(done, t("finding.reviewed_heading"), "reviewed-table"));
    applyFilters();
  }

  function quoteNode(f, q) {
    var where = h("div", { "class": "where" }, [h("span", { "class": "wrap", text: q.doc + ":" + q.line })]);
    var p = h("div", { "class": "q" });
    if (q.cb) p.appendChild(document.createTextNode("…"));
    q.segs.forEach(function (seg) {
      if (seg[1] < 0) { p.appendChild(document.createTextNode(seg[0])); return; }
      var e = f.ev[seg[1]];
      var m = h("mark", { "class": "ev", "data-ev": seg[1], title: roleName(e.role) }, [seg[0]]);
      if (e.role) m.appendChild(h("span", { "class": "role", text: roleName(e.role) }));
      p.appendChild(m);
      if (e.d >= 0) where.appendChild(h("a", { href: evHref(e.d, e.s, e.e), text: t("finding.open_in_doc") + (q.segs.length > 3 ? " · " + roleName(e.role) : "") }));
    });
    if (q.ca) p.appendChild(document.createTextNode("…"));
    return h("div", { "class": "quote" }, [where, p]);
  }
  function pairNode(p) {
    function side(s, cls, label) {
      var body = h("div", { "class": "side " + cls }, [h("div", { "class": "head" }, [label + " · ",
        s.d >= 0 ? h("a", { href: "#doc/" + s.d + "/" + s.line, "class": "wrap", text: s.doc + ":" + s.line }) : s.doc + ":" + s.line])]);
      s.segs.forEach(function (seg) {
        if (seg[1] === "d") body.appendChild(h(cls === "left" ? "del" : "ins", { "class": "d", text: seg[0] }));
        else if (seg[1] === "x") body.appendChild(h("span", { "class": "x", title: t("role.differs"), text: seg[0] }));
        else if (seg[1] === "gap") body.appendChild(h("span", { "class": "gap", text: seg[0] }));
        else body.appendChild(document.createTextNode(seg[0]));
      });
      return body;
    }
    return h("div", { "class": "pair" }, [side(p.l, "left", t("finding.canonical")), side(p.r, "right", t("finding.copy"))]);
  }
  function renderDetail(f) {
    var body = h("div", { "class": "finding-body" });
    body.appendChild(h("h4", { text: t("finding.evidence") }));
    f.quotes.forEach(function (q) { body.appendChild(quoteNode(f, q)); });
    if (f.pairs.length) {
      body.appendChild(h("h4", { text: t("finding.duplicates") }));
      body.appendChild(h("div", { "class": "pairs" }, f.pairs.map(pairNode)));
    }
    if (f.computed.length) {
      body.appendChild(h("h4", { text: t("finding.computed") }));
      var dl = h("dl", { "class": "computed" });
      f.computed.forEach(function (c) { dl.appendChild(h("dt", { text: c[0] })); dl.appendChild(h("dd", { text: c[1] })); });
      body.appendChild(dl);
    }
    if (f.metric !== null && D.metrics[f.metric] && D.metrics[f.metric].chart !== null) {
      body.appendChild(h("h4", { text: t("finding.chart") }));
      body.appendChild(chartCard(D.metrics[f.metric], true));
    }
    if (f.review) {
      var r = f.review;
      body.appendChild(h("h4", { text: t("finding.review") }));
      body.appendChild(h("div", { "class": "review " + (r.decision || "") }, [
        h("b", { text: t("decision." + r.decision) }), colon() + (r.reason || ""),
        h("div", { "class": "muted", text: [r.by, r.date].filter(Boolean).join(" · ") })]));
    }
    var rule = D.rules[f.rule];
    if (rule) {
      var dl2 = h("dl");
      ["what", "why", "example", "fix"].forEach(function (k) {
        if (rule.docs[k]) { dl2.appendChild(h("dt", { text: t("finding." + k) })); dl2.appendChild(h("dd", { text: rule.docs[k] })); }
      });
      body.appendChild(h("details", { "class": "docs" }, [h("summary", { text: t("finding.explanation") + colon() + f.rule + " " + f.name }), dl2]));
    }
    body.appendChild(h("p", { "class": "fp", text: t("finding.fingerprint") + " " + f.fp }));
    return body;
  }
  function ensureDetail(i) {
    if (detailOf[i]) return detailOf[i];
    var tr = rowOf[i];
    var d = h("tr", { "class": "detail", "data-i": i, hidden: true }, [h("td", { colspan: "4" }, [renderDetail(F[i])])]);
    tr.parentNode.insertBefore(d, tr.nextSibling);
    detailOf[i] = d;
    return d;
  }
  function toggle(i, scroll) {
    var tr = rowOf[i], open = tr.getAttribute("aria-expanded") === "true";
    if (open) { tr.setAttribute("aria-expanded", "false"); tr.classList.remove("open"); detailOf[i].hidden = true; return; }
    openFinding(i, scroll);
  }
  function openFinding(i, scroll) {
    var f = F[i], tr = rowOf[i];
    if (!tr) return;
    if (tr.hidden) {  // filtered out: show everything again so the finding can be seen
      state.sev = { error: true, warning: true, info: true }; state.rule = ""; state.doc = ""; state.q = "";
      SEV.forEach(function (s) { sevBoxes[s].checked = true; });
      ruleSelect.value = ""; docSelect.value = ""; searchBox.value = "";
      applyFilters();
    }
    var d = ensureDetail(i);
    d.hidden = false;
    tr.setAttribute("aria-expanded", "true");
    tr.classList.add("open");
    if (scroll) {
      var m = d.querySelector("mark.ev") || d;
      m.scrollIntoView({ block: "center" });
    }
    return f;
  }

  /* ------------------------------------------------------------------ metrics */
  var chartQueue = [], observer = null;
  function fillChart(div) {
    if (div.getAttribute("data-done")) return;
    div.setAttribute("data-done", "1");
    var c = D.charts[+div.getAttribute("data-chart")];
    div.innerHTML = c.svg;  // SVG rendered and escaped by the report generator from the run's data
  }
  function chartCard(m, now) {
    var svg = h("div", { "class": "svg", "data-chart": m.chart, role: "img", "aria-label": m.name });
    var head = [m.name, m.entity, m.unit].filter(Boolean).join(" · ");
    var sources = h("ol", { "class": "sources" }, m.pts.map(function (p) {
      return h("li", null, [p.period + " " + (p.approx === "about" ? "≈" : "") + p.value + (m.unit && m.unit !== "%" ? m.unit : "") + " · ",
        p.d >= 0 ? h("a", { href: evHref(p.d, p.s, p.e), "class": "wrap", text: p.doc + ":" + p.line }) : p.doc + ":" + p.line, " " + p.text]);
    }));
    var card = h("div", { "class": "chart", "data-metric": m.id }, [
      h("h3", { "class": "wrap", text: head }),
      h("div", { "class": "muted", text: t("metrics.sources") + " " + m.sources + " · " + t("metrics.points") + " " + m.n + (m.findings ? " · " + t("metrics.findings") + " " + m.findings : "") }),
      svg, h("details", null, [h("summary", { text: t("chart.sources") }), sources])]);
    if (now) fillChart(svg);
    else if (observer) observer.observe(svg);
    else chartQueue.push(svg);
    return card;
  }
  function sparkline(m) {
    var NS = "http://www.w3.org/2000/svg", w = 90, hgt = 22;
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("width", w); svg.setAttribute("height", hgt); svg.setAttribute("class", "spark");
    svg.setAttribute("viewBox", "0 0 " + w + " " + hgt);
    var vals = m.spark.map(function (p) { return p[1]; });
    if (!vals.length) return svg;
    var lo = Math.min.apply(null, vals), hi = Math.max.apply(null, vals), span = hi - lo || 1;
    var pts = vals.map(function (v, k) {
      var x = vals.length === 1 ? w / 2 : 3 + k * (w - 6) / (vals.length - 1);
      var y = hgt - 3 - (v - lo) / span * (hgt - 6);
      return x.toFixed(1) + "," + y.toFixed(1);
    });
    var line = document.createElementNS(NS, "polyline");
    line.setAttribute("points", pts.join(" ")); line.setAttribute("fill", "none"); line.setAttribute("stroke", "#2c6fbb"); line.setAttribute("stroke-width", "1.5");
    svg.appendChild(line);
    pts.forEach(function (p) {
      var c = document.createElementNS(NS, "circle"), xy = p.split(",");
      c.setAttribute("cx", xy[0]); c.setAttribute("cy", xy[1]); c.setAttribute("r", "1.8"); c.setAttribute("fill", "#2c6fbb");
      svg.appendChild(c);
    });
    return svg;
  }
  function pager(items, make, tbody, more, step) {
    var shown = 0;
    function next() {
      var frag = document.createDocumentFragment();
      items.slice(shown, shown + step).forEach(function (x) { frag.appendChild(make(x)); });
      tbody.appendChild(frag);
      shown = Math.min(items.length, shown + step);
      more.hidden = shown >= items.length;
    }
    more.addEventListener("click", next);
    next();
  }
  function renderMetrics() {
    var sec = document.getElementById("metrics");
    sec.appendChild(h("h2", { id: "h-metrics", text: t("metrics.heading") }));
    if ("IntersectionObserver" in window) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) { if (e.isIntersecting) { fillChart(e.target); observer.unobserve(e.target); } });
      }, { rootMargin: "600px 0px" });
    }
    var charted = D.metrics.filter(function (m) { return m.chart !== null; });
    var rest = D.metrics.filter(function (m) { return m.chart === null; });
    if (!D.metrics.length) { sec.appendChild(h("p", { text: t("metrics.none") })); return; }
    if (charted.length) {
      sec.appendChild(h("h3", { text: t("metrics.charted") + " (" + charted.length + ")" }));
      sec.appendChild(h("p", { "class": "legend" }, [
        h("span", { "class": "dot", style: "background:#c0392b" }), t("metrics.legend_flagged"),
        h("span", { "class": "dot", style: "background:#2c6fbb" }), t("metrics.legend_plain"),
        h("span", { "class": "dot", style: "background:#8e44ad" }), t("metrics.legend_claim"),
        " · " + t("metrics.legend_bounds")]));
      sec.appendChild(h("div", { "class": "charts" }, charted.map(function (m) { return chartCard(m, false); })));
    }
    if (rest.length) {
      var box = h("div", { "class": "metrics-rest" });
      box.appendChild(h("h3", { text: t("metrics.rest") + " (" + rest.length + ")" }));
      var tbody = h("tbody");
      var heads = [t("metrics.metric"), t("metrics.entity"), t("metrics.unit"), t("metrics.sources"), t("metrics.periods"), t("metrics.values"), t("metrics.trend")];
      box.appendChild(h("table", { "class": "wide" }, [h("thead", null, [h("tr", null, heads.map(function (x) { return h("th", { text: x }); }))]), tbody]));
      var more = h("button", { "class": "btn more", text: t("controls.show_more") });
      box.appendChild(more);
      pager(rest, function (m) {
        return h("tr", null, [h("td", { "class": "wrap", text: m.name }), h("td", { "class": "wrap", text: m.entity }), h("td", { text: m.unit }),
          h("td", { text: m.sources + " / " + m.n }), h("td", { text: m.periods }), h("td", { text: m.range }), h("td", null, [sparkline(m)])]);
      }, tbody, more, 100);
      sec.appendChild(box);
    }
  }
  function renderAllCharts() {
    document.querySelectorAll("div.svg[data-chart]").forEach(fillChart);
  }

  /* ------------------------------------------------------------------ documents */
  function renderDocuments() {
    var sec = document.getElementById("documents");
    sec.appendChild(h("h2", { id: "h-documents", text: t("documents.heading") + " (" + D.docs.length + ")" }));
    var tbody = h("tbody");
    var heads = [t("documents.name"), t("documents.title"), t("documents.date"), t("documents.figures"), t("documents.findings")];
    sec.appendChild(h("table", { "class": "wide" }, [h("thead", null, [h("tr", null, heads.map(function (x) { return h("th", { text: x }); }))]), tbody]));
    var more = h("button", { "class": "btn more", text: t("controls.show_more") });
    sec.appendChild(more);
    pager(D.docs.map(function (d, i) { return [d, i]; }), function (x) {
      var d = x[0];
      return h("tr", null, [h("td", null, [h("a", { href: "#doc/" + x[1] + "/0", "class": "wrap", text: d.name })]),
        h("td", { "class": "wrap", text: d.title }), h("td", { text: d.date }), h("td", { text: d.figures }), h("td", { text: d.findings })]);
    }, tbody, more, 200);
  }

  /* ------------------------------------------------------------------ document viewer */
  function docData(d) {
    if (!docCache[d]) {
      var node = document.getElementById("doc-" + d);
      docCache[d] = node ? JSON.parse(node.textContent) : { t: "", f: [] };
    }
    return docCache[d];
  }
  function renderSpans(container, text, spans) {
    var cuts = [0, text.length];
    spans.forEach(function (sp) { cuts.push(Math.max(0, Math.min(text.length, sp.s))); cuts.push(Math.max(0, Math.min(text.length, sp.e))); });
    cuts = cuts.filter(function (v, k, a) { return a.indexOf(v) === k; }).sort(function (a, b) { return a - b; });
    spans.sort(function (a, b) { return a.s - b.s || b.e - a.e; });
    var frag = document.createDocumentFragment(), k = 0, active = [], target = null;
    for (var c = 0; c < cuts.length - 1; c++) {
      var a = cuts[c], b = cuts[c + 1];
      active = active.filter(function (sp) { return sp.e > a; });
      while (k < spans.length && spans[k].s <= a) { if (spans[k].e > a) active.push(spans[k]); else if (spans[k].s === spans[k].e && spans[k].cls === "target") { target = h("mark", { "class": "target", text: "∅" }); frag.appendChild(target); } k++; }
      var piece = text.slice(a, b);
      if (!active.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      var cls = {}, title = "";
      active.forEach(function (sp) { cls[sp.cls] = true; if (sp.title && !title) title = sp.title; });
      var tag = cls.ev || cls.target ? "mark" : "span";
      var node = h(tag, { "class": Object.keys(cls).join(" "), title: title || null }, [piece]);
      if (cls.target && !target) target = node;
      frag.appendChild(node);
    }
    container.appendChild(frag);
    return target;
  }
  function openDoc(d, s, e, line) {
    var info = D.docs[d];
    if (!info) return;
    var data = docData(d), v = document.getElementById("viewer");
    v.textContent = "";
    var close = h("button", { "class": "btn", text: t("documents.close"), onclick: closeDoc });
    v.appendChild(h("div", { "class": "vhead" }, [h("div", { "class": "t" }, [h("b", { text: info.name }),
      h("div", { "class": "muted", text: [info.title, info.date, t("documents.figures") + " " + info.figures, t("documents.findings") + " " + info.findings].filter(Boolean).join(" · ") })]), close]));
    var body = h("div", { "class": "vbody", tabindex: "0" });
    var spans = data.f.map(function (p) { return { s: p[0], e: p[1], cls: "fig" }; });
    F.forEach(function (f) {
      f.ev.forEach(function (ev) { if (ev.d === d && ev.e > ev.s) spans.push({ s: ev.s, e: ev.e, cls: "ev", title: f.rule + " " + f.msg }); });
    });
    if (s !== null) spans.push({ s: s, e: e, cls: "target" });
    v.appendChild(body);
    v.hidden = false;
    var target = renderSpans(body, data.t, spans);
    if (target) target.scrollIntoView({ block: "center" });
    else if (line > 1) { var pos = 0; for (var n = 1; n < line && pos >= 0; n++) pos = data.t.indexOf("\n", pos) + 1; body.scrollTop = body.scrollHeight * (pos / Math.max(1, data.t.length)); }
    close.focus({ preventScroll: true });
  }
  function closeDoc() {
    document.getElementById("viewer").hidden = true;
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  }
  function route() {
    var m = /^#ev\/(\d+)\/(\d+)\/(\d+)$/.exec(location.hash);
    if (m) { openDoc(+m[1], +m[2], +m[3], 0); return; }
    m = /^#doc\/(\d+)\/(\d+)$/.exec(location.hash);
    if (m) { openDoc(+m[1], null, null, +m[2]); return; }
    m = /^#f\/(\d+)$/.exec(location.hash);
    if (m) openFinding(+m[1], true);
  }

  renderOverview();
  renderFindings();
  renderMetrics();
  renderDocuments();
  window.addEventListener("hashchange", route);
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && !document.getElementById("viewer").hidden) closeDoc(); });
  window.addEventListener("beforeprint", function () {
    renderAllCharts();
    tables.forEach(function (tb) { tb.rows.forEach(function (r) { if (!r.tr.hidden) { var d = ensureDetail(r.f.i); d.hidden = false; } }); });
  });
  if (location.hash) route();
  window.reconcileReport = { openFinding: openFinding, renderAllCharts: renderAllCharts, openDoc: openDoc, findings: F.length };
})();
