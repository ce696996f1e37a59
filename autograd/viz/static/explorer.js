/* The autograd graph explorer: steps, pan/zoom, explanations, groups.
 * Reads the page data written by autograd/viz/pagedata.py (see its build() for
 * the format). Uses Panzoom (pan/zoom) and dagre (layout after a group is
 * opened or closed), both inlined above. No network, no external files. */
(function () {
  "use strict";

  var D = JSON.parse(document.getElementById("graph-data").textContent);
  var N = D.nodes, BW = D.backward, SCOPES = D.scopes;
  var COUNT = N.name.length;
  var LINE = 16, PAD = 8, NAME_CHARS = 36;  // as in pagedata.py
  var READABLE = 1;  // the first view never scales 12px text below this factor

  var $ = function (id) { return document.getElementById(id); };
  var svg = $("graph"), scene = $("scene"), viewport = $("viewport"), panel = $("panel");

  // ---- numbers and names ---------------------------------------------------------
  var NONFINITE = { "NaN": NaN, "Infinity": Infinity, "-Infinity": -Infinity };
  function isNum(x) { return typeof x === "number" || (typeof x === "string" && x in NONFINITE); }
  function num(x) { return typeof x === "number" ? x : NONFINITE[x]; }
  function trimZeros(s) { return s.indexOf(".") < 0 ? s : s.replace(/0+$/, "").replace(/\.$/, ""); }
  /* A number with at most 4 significant digits, as autograd.viz.style.fmt_number. */
  function fmt(x) {
    if (x === null || x === undefined) return "—";
    if (!isNum(x)) return String(x);  // an array's summary
    x = num(x);
    if (isNaN(x)) return "nan";
    if (!isFinite(x)) return x > 0 ? "inf" : "-inf";
    if (x === 0) return "0";
    var parts = x.toExponential(3).split("e"), e = parseInt(parts[1], 10);
    if (e < -4 || e >= 4) return trimZeros(parts[0]) + "e" + e;
    return trimZeros(x.toFixed(3 - e));
  }
  function finite(x) { return !isNum(x) || isFinite(num(x)); }
  function shortName(s) { return s.length <= NAME_CHARS ? s : s.slice(0, NAME_CHARS - 1) + "…"; }
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }
  function opOf(i) { return N.op[i] >= 0 ? D.ops[N.op[i]] : null; }
  function kindOf(i) { return D.kinds[N.kind[i]]; }
  function isTensor(i) { return D.shapes.hasOwnProperty(String(i)); }
  function link(i) { return '<a data-node="' + i + '">' + esc(N.name[i]) + "</a>"; }

  // ---- steps ---------------------------------------------------------------------
  var forwardSteps = [], fwdStepOf = new Array(COUNT), bwStepOf = new Array(COUNT);
  var terms = [];  // per node: [step, slot] of each gradient it received, in backward order
  for (var i = 0; i < COUNT; i++) {
    fwdStepOf[i] = -1; bwStepOf[i] = -1; terms.push([]);
    if (N.op[i] >= 0) { fwdStepOf[i] = forwardSteps.length; forwardSteps.push(i); }
  }
  BW.node.forEach(function (j, k) {
    bwStepOf[j] = k;
    N.parents[j].forEach(function (p, slot) {
      if (BW.sent[k][slot] !== null) terms[p].push([k, slot]);
    });
  });
  var state = { mode: D.start, step: 0, selected: -1, expanded: new Set(D.initial.expanded) };
  function stepList() { return state.mode === "forward" ? forwardSteps : BW.node; }
  function currentNode() { var s = stepList(); return s.length ? s[state.step] : -1; }

  /* "local × received = sent" for input `slot` of backward step k (the edge label). */
  function sentText(k, slot) {
    var j = BW.node[k], sent = BW.sent[k][slot], local = BW.local[k];
    if (sent === null) return "";
    if (local && local[slot] !== null) return fmt(local[slot]) + " × " + fmt(N.grad[j]) + " = " + fmt(sent);
    return fmt(sent);
  }

  // ---- which boxes are shown (the rule of pagelayout.py) ----------------------------
  function foldTargets() {
    var target = [];
    SCOPES.forEach(function (s, k) {
      var up = s.parent >= 0 ? target[s.parent] : -1;
      target.push(up >= 0 ? up : (state.expanded.has(k) ? -1 : k));
    });
    return N.scope.map(function (s) { return s < 0 ? -1 : target[s]; });
  }
  function computeView() {
    var folded = foldTargets(), boxes = new Map(), edges = new Map();
    var box = function (i) { return folded[i] < 0 ? "v" + i : "g" + folded[i]; };
    for (var i = 0; i < COUNT; i++) {
      if (folded[i] >= 0) { boxes.set("g" + folded[i], SCOPES[folded[i]].parent); continue; }
      boxes.set("v" + i, N.scope[i]);
      if (N.op[i] >= 0) { boxes.set("o" + i, N.scope[i]); edges.set("o" + i + ">v" + i, ["o" + i, "v" + i, 1]); }
    }
    N.parents.forEach(function (parents, i) {
      var dst = folded[i] < 0 ? "o" + i : box(i);
      parents.forEach(function (p, slot) {
        var src = box(p);
        if (folded[i] < 0 && folded[p] < 0) { edges.set(src + ">" + dst + ":" + slot, [src, dst, 1]); return; }
        if (src === dst) return;
        var key = src + ">" + dst, old = edges.get(key);
        edges.set(key, [src, dst, old ? old[2] + 1 : 1]);
      });
    });
    return { folded: folded, boxes: boxes, edges: edges };
  }
  function boxSize(id) {
    var n = +id.slice(1);
    return id[0] === "v" ? N.box[n] : id[0] === "o" ? N.opBox[n] : SCOPES[n].box;
  }
  function setKey(set) { return Array.from(set).sort(function (a, b) { return a - b; }).join(","); }
  var initialKey = setKey(state.expanded);

  // ---- layout: Graphviz's for the first view, dagre after a group opens or closes --
  function dagreLayout(view) {
    var g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
    g.setGraph({ rankdir: D.rankdir, nodesep: 18, ranksep: 32, edgesep: 8, marginx: 10, marginy: 10 });
    var frames = new Set();
    view.boxes.forEach(function (frame, id) {
      var size = boxSize(id);
      g.setNode(id, { width: size[0], height: size[1] });
      for (var s = frame; s >= 0; s = SCOPES[s].parent) frames.add(s);
    });
    frames.forEach(function (s) { g.setNode("f" + s, { paddingTop: 18 }); });
    frames.forEach(function (s) { if (SCOPES[s].parent >= 0) g.setParent("f" + s, "f" + SCOPES[s].parent); });
    view.boxes.forEach(function (frame, id) { if (frame >= 0) g.setParent(id, "f" + frame); });
    view.edges.forEach(function (e, key) {
      var label = edgeLabelSize(key);
      g.setEdge(e[0], e[1], { width: label[0], height: label[1], labelpos: "c", key: key }, key);
    });
    dagre.layout(g);
    var out = { w: g.graph().width, h: g.graph().height, pos: {}, edges: {}, frames: {} };
    view.boxes.forEach(function (frame, id) { var n = g.node(id); out.pos[id] = [n.x, n.y]; });
    frames.forEach(function (s) {
      var n = g.node("f" + s);
      out.frames[s] = [n.x - n.width / 2, n.y - n.height / 2, n.width, n.height];
    });
    g.edges().forEach(function (e) {
      var label = g.edge(e);
      out.edges[label.key] = [smoothPath(label.points), label.width ? label.x : null, label.width ? label.y + 4 : null];
    });
    return out;
  }
  function edgeLabelSize(key) {
    var m = /^v(\d+)>o(\d+):(\d+)$/.exec(key);
    if (!m) return [0, 0];
    var k = bwStepOf[+m[2]];
    var text = k >= 0 ? sentText(k, +m[3]) : "";
    return text ? [text.length * 6.6 + 6, 14] : [0, 0];
  }
  function smoothPath(pts) {
    var d = "M" + pts[0].x.toFixed(1) + "," + pts[0].y.toFixed(1);
    for (var k = 1; k < pts.length - 1; k++) {  // through the midpoints, bending at the points
      var mx = (pts[k].x + pts[k + 1].x) / 2, my = (pts[k].y + pts[k + 1].y) / 2;
      d += "Q" + pts[k].x.toFixed(1) + "," + pts[k].y.toFixed(1) + " " + mx.toFixed(1) + "," + my.toFixed(1);
    }
    var last = pts[pts.length - 1];
    return d + "L" + last.x.toFixed(1) + "," + last.y.toFixed(1);
  }

  // ---- drawing -------------------------------------------------------------------
  var view, layout, els;
  function textLines(lines, h) {
    return lines.map(function (line, k) {
      var y = -h / 2 + PAD / 2 + LINE * k + 12;
      return '<text class="' + line[1] + '" x="0" y="' + y + '" text-anchor="middle">' + esc(line[0]) + "</text>";
    }).join("");
  }
  function valueBox(i, w, h) {
    var lines = [[shortName(N.name[i]), "name"]];
    if (isTensor(i)) lines.push([D.shapes[String(i)], "small"]);
    lines.push(["data " + fmt(N.data[i]), "data"]);
    if (N.kind[i] !== D.kinds.indexOf("constant")) lines.push(["grad " + fmt(N.grad[i]), "grad"]);
    return '<rect x="' + -w / 2 + '" y="' + -h / 2 + '" width="' + w + '" height="' + h + '" rx="3"></rect>' +
      textLines(lines, h);
  }
  function groupBox(s, w, h) {
    var lines = SCOPES[s].lines.map(function (t, k) { return [t, k === 1 ? "name" : "small"]; });
    return '<rect x="' + -w / 2 + '" y="' + -h / 2 + '" width="' + w + '" height="' + h + '" rx="6"></rect>' +
      textLines(lines, h);
  }
  function draw() {
    var parts = [], frames = [], labels = [], edges = [];
    Object.keys(layout.frames).forEach(function (s) {
      var f = layout.frames[s], name = SCOPES[s].path.split("/").pop();
      frames.push('<g class="frame" data-scope="' + s + '"><rect x="' + f[0] + '" y="' + f[1] + '" width="' + f[2] +
        '" height="' + f[3] + '" rx="6"></rect><text x="' + (f[0] + 6) + '" y="' + (f[1] + 13) +
        '"><title>close this group</title>⊟ ' + esc(name) + "</text></g>");
    });
    view.edges.forEach(function (e, key) {
      var path = layout.edges[key];
      if (!path) return;
      var width = e[2] > 1 ? ' style="stroke-width:' + Math.min(1 + Math.log2(e[2]) / 2, 5).toFixed(1) + '"' : "";
      edges.push('<path class="edge" data-key="' + key + '" d="' + path[0] + '"' + width + "></path>");
      if (path[1] !== null && /:\d+$/.test(key)) {
        labels.push('<text class="elabel" data-key="' + key + '" x="' + path[1] + '" y="' + path[2] + '"></text>');
      }
    });
    view.boxes.forEach(function (frame, id) {
      var p = layout.pos[id], size = boxSize(id), w = size[0], h = size[1], n = +id.slice(1);
      if (!p) return;
      var head = '<g class="box ', body;
      if (id[0] === "v") { head += "value k-" + kindOf(n); body = valueBox(n, w, h); }
      else if (id[0] === "o") {
        head += "op";
        body = '<ellipse rx="' + w / 2 + '" ry="' + h / 2 + '"></ellipse><text x="0" y="4" text-anchor="middle">' +
          esc(opOf(n).detail) + "</text>";
      } else { head += "group"; body = groupBox(n, w, h); }
      parts.push(head + '" data-box="' + id + '" transform="translate(' + p[0] + "," + p[1] + ')">' +
        body + "<title>" + esc(id[0] === "g" ? SCOPES[n].path + " (click to open)" : N.name[n]) + "</title></g>");
    });
    scene.innerHTML = '<g class="frames">' + frames.join("") + '</g><g class="edges">' + edges.join("") +
      '</g><g class="labels">' + labels.join("") + '</g><g class="boxes">' + parts.join("") + "</g>";
    els = { box: {}, edge: {}, label: {}, grad: {}, data: {} };
    scene.querySelectorAll(".box").forEach(function (el) {
      var id = el.getAttribute("data-box");
      els.box[id] = el;
      if (id[0] === "v") {
        els.grad[id] = el.querySelector(".grad");
        els.data[id] = el.querySelector(".data");
      }
    });
    scene.querySelectorAll(".edge").forEach(function (el) { els.edge[el.getAttribute("data-key")] = el; });
    scene.querySelectorAll(".elabel").forEach(function (el) { els.label[el.getAttribute("data-key")] = el; });
    if (D.bad) { var b = boxOf(D.bad.node); if (els.box[b]) els.box[b].classList.add("bad"); }
  }
  function boxOf(i) { return view.folded[i] >= 0 ? "g" + view.folded[i] : "v" + i; }
  function opBoxOf(i) { return view.folded[i] >= 0 ? "g" + view.folded[i] : "o" + i; }

  // ---- a step's state ----------------------------------------------------------------
  var hot = [];
  function toggle(el, cls, on) { if (el) el.classList.toggle(cls, on); }
  function applyState() {
    var k = state.step, backward = state.mode === "backward", j = currentNode();
    view.boxes.forEach(function (frame, id) {
      if (id[0] !== "v") return;
      var i = +id.slice(1);
      toggle(els.grad[id], "pending", !backward || N.ready[i] < 0 || N.ready[i] > k);
      toggle(els.data[id], "pending", !backward && N.op[i] >= 0 && fwdStepOf[i] > k);
    });
    Object.keys(els.label).forEach(function (key) {
      var m = /^v\d+>o(\d+):(\d+)$/.exec(key), s = bwStepOf[+m[1]], el = els.label[key];
      var shown = backward && s >= 0 && s <= k;
      el.textContent = shown ? sentText(s, +m[2]) : "";
      toggle(el, "hot", shown && s === k);
    });
    hot.forEach(function (el) { el.classList.remove("hot", "current"); });
    hot = [];
    if (j < 0) return;
    [boxOf(j), opBoxOf(j)].forEach(function (id) {
      if (els.box[id]) { els.box[id].classList.add("current"); hot.push(els.box[id]); }
    });
    N.parents[j].forEach(function (p, slot) {
      var el = els.edge["v" + p + ">o" + j + ":" + slot];
      if (el && (!backward || BW.sent[k][slot] !== null)) { el.classList.add("hot"); hot.push(el); }
    });
  }
  function caption() {
    var j = currentNode(), steps = stepList(), k = state.step;
    if (j < 0) return state.mode === "forward" ? "This graph has no op to compute." : "Nothing to backpropagate.";
    var head = (state.mode === "forward" ? "Forward" : "Backward") + " step " + (k + 1) + " of " + steps.length + ": ";
    var op = opOf(j).name;
    if (state.mode === "forward") {
      var args = N.parents[j].map(function (p) { return N.name[p] + " = " + fmt(N.data[p]); });
      return head + op + "(" + args.join(", ") + ") gives " + N.name[j] + " = " + fmt(N.data[j]);
    }
    var sends = [];
    N.parents[j].forEach(function (p, slot) {
      if (BW.sent[k][slot] !== null) sends.push(N.name[p] + ": " + sentText(k, slot));
    });
    return head + op + " (" + N.name[j] + ") receives grad " + fmt(N.grad[j]) + ", sends " +
      (sends.length ? sends.join("; ") : "nothing");
  }
  function show(k, keepView) {
    var last = Math.max(stepList().length - 1, 0);
    state.step = Math.max(0, Math.min(last, k));
    $("slider").max = last;
    $("slider").value = state.step;
    $("counter").textContent = stepList().length ? "Step " + (state.step + 1) + " / " + stepList().length : "";
    $("prev").disabled = state.step === 0;
    $("next").disabled = state.step >= last;
    $("mode-forward").setAttribute("aria-pressed", state.mode === "forward");
    $("mode-backward").setAttribute("aria-pressed", state.mode === "backward");
    $("mode-backward").disabled = BW.node.length === 0;
    $("caption").textContent = caption();
    applyState();
    if (!keepView && currentNode() >= 0) keepInView(opBoxOf(currentNode()));
    if (state.selected >= 0) explain(state.selected, state.selectedOp);
  }
  function setMode(mode) {
    if (mode === state.mode || (mode === "backward" && !BW.node.length)) return;
    stop();
    state.mode = mode;
    show(0);
  }

  // ---- pan and zoom (Panzoom) -----------------------------------------------------------
  var pz = Panzoom(scene, { canvas: true, maxScale: 6, minScale: 0.005, step: 0.25, cursor: "grab" });
  viewport.addEventListener("wheel", function (e) { pz.zoomWithWheel(e); });
  function viewSize() { return [viewport.clientWidth, viewport.clientHeight]; }
  /* Show graph point (x, y) in the middle at `scale`, but never leave blank space beside
     a graph larger than the view, and center a graph smaller than it. */
  function centerOn(x, y, scale) {
    var v = viewSize(), size = [layout.w, layout.h], at = [x, y], pan = [0, 0];
    for (var a = 0; a < 2; a++) {
      var room = v[a] / scale;
      if (size[a] <= room) pan[a] = (room - size[a]) / 2;
      else pan[a] = Math.min(10, Math.max(room - size[a] - 10, room / 2 - at[a]));
    }
    pz.zoom(scale, { animate: false, force: true });
    pz.pan(pan[0], pan[1], { animate: false, force: true });
  }
  function fitScale() {
    var v = viewSize();
    return Math.min((v[0] - 20) / layout.w, (v[1] - 20) / layout.h, 2);
  }
  function fit() { centerOn(layout.w / 2, layout.h / 2, fitScale()); }
  function zoomBy(factor) {
    var r = viewport.getBoundingClientRect();
    pz.zoomToPoint(pz.getScale() * factor, { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 });
  }
  function keepInView(id) {
    var p = layout.pos[id];
    if (!p) return;
    var s = pz.getScale(), pan = pz.getPan(), v = viewSize(), size = boxSize(id);
    var x = (p[0] + pan.x) * s, y = (p[1] + pan.y) * s, mx = size[0] * s / 2 + 20, my = size[1] * s / 2 + 20;
    if (x < mx || x > v[0] - mx || y < my || y > v[1] - my) centerOn(p[0], p[1], s);
  }
  function firstView() {
    var s = fitScale();
    if (s >= READABLE) { fit(); return; }
    var j = currentNode(), id = j >= 0 ? opBoxOf(j) : "v" + (COUNT - 1), p = layout.pos[id] || [0, 0];
    centerOn(p[0], p[1], Math.max(READABLE, Math.min(s, 1)));
  }

  // ---- groups --------------------------------------------------------------------------
  var layouts = {};
  function relayout(keepScale) {
    var key = setKey(state.expanded);
    view = computeView();
    if (key === initialKey) layout = D.initial.layout;
    else if (layouts[key]) layout = layouts[key];
    else layout = layouts[key] = dagreLayout(view);
    draw();
    show(state.step, true);
    if (keepScale === undefined) firstView();
  }
  function setGroup(s, open) {
    var before = new Set(state.expanded);
    if (open) state.expanded.add(s); else state.expanded.delete(s);
    try {
      relayout(true);
      $("status").textContent = "";
      var id = open ? firstBoxIn(s) : "g" + s;
      if (id && layout.pos[id]) centerOn(layout.pos[id][0], layout.pos[id][1], Math.max(pz.getScale(), READABLE));
    } catch (err) {  // dagre runs out of stack on very deep views
      state.expanded = before;
      relayout(true);
      $("status").textContent = "This group is too large to open here (" + err.message + ").";
    }
  }
  function firstBoxIn(s) {
    var found = null;
    view.boxes.forEach(function (frame, id) {
      if (found) return;
      for (var f = frame; f >= 0; f = SCOPES[f].parent) if (f === s) { found = id; return; }
    });
    return found;
  }

  // ---- explanations ---------------------------------------------------------------------------
  function row(cells) { return "<tr>" + cells.map(function (c) { return "<td>" + c + "</td>"; }).join("") + "</tr>"; }
  function explainValue(i) {
    var kind = kindOf(i), html = "<h2>" + esc(N.name[i]) + "</h2>";
    var where = N.scope[i] >= 0 ? " in " + esc(SCOPES[N.scope[i]].path) : "";
    html += '<p class="sub">' + kind + (isTensor(i) ? " · " + esc(D.shapes[String(i)]) : "") + where + "</p>";
    html += "<table>" + row(["data", '<span class="data-value">' + esc(fmt(N.data[i])) + "</span>"]) +
      (kind === "constant" ? "" : row(["grad", esc(fmt(N.grad[i]))])) + "</table>";
    if (N.op[i] >= 0) html += '<p>Made by <a data-op="' + i + '">' + esc(opOf(i).detail) + "</a> from " +
      N.parents[i].map(link).join(", ") + ".</p>";
    if (D.bad && D.bad.node === i) html += '<p class="bad">The first node whose ' + D.bad.what + " is not finite.</p>";
    html += "<h3>Why this gradient</h3>";
    if (kind === "constant") return html + '<p class="note">A constant: no gradient flows into it.</p>';
    if (kind === "output") {
      return html + '<p class="rule">grad(' + esc(N.name[i]) + ") = 1</p><p class=\"note\">Backward starts " +
        "here: the output's gradient with respect to itself is 1.</p>";
    }
    var list = terms[i];
    if (!list.length) return html + '<p class="note">No gradient reaches it in this pass.</p>';
    html += "<p>It is used by " + list.length + (list.length > 1 ? " ops" : " op") + "; the chain rule adds up " +
      "what each one sends back, local derivative × that op's grad" + (isTensor(i) ? " (element-wise)" : "") + ":</p><table>";
    var shown = [];
    list.forEach(function (t) {
      var k = t[0], slot = t[1], j = BW.node[k], sent = BW.sent[k][slot], local = BW.local[k];
      var term = local && local[slot] !== null ? fmt(local[slot]) + " × " + fmt(N.grad[j]) : fmt(sent);
      shown.push(term);
      html += row([link(j) + " (" + esc(opOf(j).name) + ", input " + (slot + 1) + ")",
        '<span class="term" data-sent="' + esc(String(sent)) + '">' + esc(term + " = " + fmt(sent)) + "</span>"]);
    });
    html += '</table><p class="rule">grad(' + esc(N.name[i]) + ") = " + esc(shown.join(" + ")) + " = " +
      '<span class="total" data-grad="' + esc(String(N.grad[i])) + '">' + esc(fmt(N.grad[i])) + "</span></p>";
    if (list.every(function (t) { return isNum(BW.sent[t[0]][t[1]]); })) {
      var sum = list.reduce(function (acc, t) { return acc + num(BW.sent[t[0]][t[1]]); }, 0);
      html += '<p class="note">Sum of the terms: <span class="sum">' + esc(String(sum)) + "</span></p>";
    }
    return html;
  }
  function explainOp(j) {
    var op = opOf(j), k = bwStepOf[j], local = k >= 0 ? BW.local[k] : null;
    var html = "<h2>" + esc(op.detail) + "</h2><p class=\"sub\">op making " + link(j) + "</p>";
    if (op.formula) html += '<p class="formula">' + esc(op.formula) + "</p>";
    html += "<h3>Forward</h3><table>";
    N.parents[j].forEach(function (p, slot) { html += row(["input " + (slot + 1), link(p), esc(fmt(N.data[p]))]); });
    html += row(["output", link(j), esc(fmt(N.data[j]))]) + "</table>";
    html += "<h3>Backward</h3>";
    if (k < 0) return html + '<p class="note">No gradient flows through it.</p>';
    html += "<p>Step " + (k + 1) + " of " + BW.node.length + ": it receives grad " + esc(fmt(N.grad[j])) +
      " and sends each input local derivative × " + esc(fmt(N.grad[j])) + ":</p><table>";
    N.parents[j].forEach(function (p, slot) {
      var sent = BW.sent[k][slot];
      html += row([link(p), sent === null ? '<span class="note">needs no gradient</span>' :
        (local && local[slot] !== null ? "∂/∂input " + (slot + 1) + " = " + esc(fmt(local[slot])) + "; " : "") +
        "sends " + esc(sentText(k, slot))]);
    });
    return html + "</table>";
  }
  function explain(i, asOp) {
    var before = state.selected >= 0 ? (state.selectedOp ? opBoxOf : boxOf)(state.selected) : null;
    if (before && els.box[before]) els.box[before].classList.remove("selected");
    state.selected = i; state.selectedOp = !!asOp;
    panel.innerHTML = asOp ? explainOp(i) : explainValue(i);
    panel.setAttribute("data-node", i);
    var id = (asOp ? opBoxOf : boxOf)(i);
    if (els.box[id]) els.box[id].classList.add("selected");
  }
  panel.addEventListener("click", function (e) {
    var a = e.target.closest("a");
    if (!a) return;
    if (a.hasAttribute("data-op")) explain(+a.getAttribute("data-op"), true);
    else explain(+a.getAttribute("data-node"), false);
    var id = boxOf(state.selected);
    if (layout.pos[id]) keepInView(id);
  });

  // ---- saving a step ---------------------------------------------------------------------
  function stepSvg() {
    var copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", svg.namespaceURI);
    copy.setAttribute("width", Math.ceil(layout.w));
    copy.setAttribute("height", Math.ceil(layout.h) + 24);
    copy.setAttribute("viewBox", "0 -24 " + Math.ceil(layout.w) + " " + (Math.ceil(layout.h) + 24));
    copy.removeAttribute("id");
    var sc = copy.querySelector("#scene");
    sc.removeAttribute("style");
    var title = document.createElementNS(svg.namespaceURI, "text");
    title.setAttribute("x", "4"); title.setAttribute("y", "-8");
    title.textContent = $("caption").textContent;
    copy.insertBefore(title, sc);
    var bg = document.createElementNS(svg.namespaceURI, "rect");
    ["x", "y", "width", "height"].forEach(function (a, n) { bg.setAttribute(a, ["0", "-24", "100%", "100%"][n]); });
    bg.setAttribute("fill", "#ffffff");
    copy.insertBefore(bg, copy.firstChild.nextSibling);
    return new XMLSerializer().serializeToString(copy);
  }
  function download(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function fileStem() { return state.mode + "-step-" + (state.step + 1); }
  function savePng() {
    var img = new Image(), text = stepSvg();
    img.onload = function () {
      var scale = Math.min(2, 16000 / Math.max(img.width, img.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.ceil(img.width * scale); canvas.height = Math.ceil(img.height * scale);
      var ctx = canvas.getContext("2d");
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0);
      canvas.toBlob(function (blob) {
        if (blob) download(blob, fileStem() + ".png");
        else $("status").textContent = "This browser cannot make a PNG of a graph this large; save SVG instead.";
      }, "image/png");
    };
    img.onerror = function () { $("status").textContent = "This browser cannot make a PNG here; save SVG instead."; };
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  }

  // ---- controls ----------------------------------------------------------------------------
  var timer = null;
  function stop() { clearInterval(timer); timer = null; $("play").textContent = "Play"; }
  function play() {
    if (timer) { stop(); return; }
    if (state.step >= stepList().length - 1) show(0);
    $("play").textContent = "Pause";
    timer = setInterval(function () { if (state.step >= stepList().length - 1) stop(); else show(state.step + 1); },
      D.playMs);
  }
  $("prev").onclick = function () { stop(); show(state.step - 1); };
  $("next").onclick = function () { stop(); show(state.step + 1); };
  $("play").onclick = play;
  $("slider").oninput = function () { stop(); show(+$("slider").value); };
  $("mode-forward").onclick = function () { setMode("forward"); };
  $("mode-backward").onclick = function () { setMode("backward"); };
  $("zoom-in").onclick = function () { zoomBy(1.25); };
  $("zoom-out").onclick = function () { zoomBy(0.8); };
  $("fit").onclick = fit;
  $("save-svg").onclick = function () { download(new Blob([stepSvg()], { type: "image/svg+xml" }), fileStem() + ".svg"); };
  $("save-png").onclick = savePng;
  if (D.bad) {
    $("jump-bad").hidden = false;
    $("jump-bad").textContent = "⚠ first nan/inf: " + shortName(N.name[D.bad.node]);
    $("jump-bad").onclick = function () {
      var i = D.bad.node;
      explain(i, false);
      var id = boxOf(i);
      if (layout.pos[id]) centerOn(layout.pos[id][0], layout.pos[id][1], Math.max(pz.getScale(), READABLE));
    };
  }
  document.addEventListener("keydown", function (e) {
    if (e.target.tagName === "INPUT" && e.key !== " ") return;
    var keys = {
      ArrowLeft: function () { stop(); show(state.step - 1); },
      ArrowRight: function () { stop(); show(state.step + 1); },
      Home: function () { stop(); show(0); },
      End: function () { stop(); show(stepList().length - 1); },
      " ": function () { if (e.target.tagName !== "BUTTON") play(); },
      f: function () { setMode("forward"); }, b: function () { setMode("backward"); },
      "+": function () { zoomBy(1.25); }, "=": function () { zoomBy(1.25); },
      "-": function () { zoomBy(0.8); }, "0": fit
    };
    if (!keys[e.key] || e.ctrlKey || e.metaKey || e.altKey) return;
    keys[e.key]();
    e.preventDefault();
  });
  // a click that did not drag: explain a node, open a group, or close a frame
  var down = null;
  viewport.addEventListener("pointerdown", function (e) { down = [e.clientX, e.clientY]; }, true);
  viewport.addEventListener("click", function (e) {
    if (down && Math.abs(e.clientX - down[0]) + Math.abs(e.clientY - down[1]) > 5) return;
    var frame = e.target.closest(".frame text");
    if (frame) { setGroup(+frame.parentNode.getAttribute("data-scope"), false); return; }
    var box = e.target.closest(".box");
    if (!box) return;
    var id = box.getAttribute("data-box"), n = +id.slice(1);
    if (id[0] === "g") setGroup(n, true);
    else explain(n, id[0] === "o");
  });

  // ---- start ---------------------------------------------------------------------------
  if (!BW.node.length) state.mode = "forward";
  relayout(true);
  show(0, true);
  setTimeout(function () {  // after Panzoom's own first (deferred) pan
    firstView();
    window.explorer = {  // for tests and the curious: the state, and the actions of the buttons
      state: state, data: D, show: show, setMode: setMode, explain: explain, setGroup: setGroup,
      scale: function () { return pz.getScale(); }, pan: function () { return pz.getPan(); },
      boxes: function () { return Array.from(view.boxes.keys()); }
    };
  }, 0);
})();
