/* main.js: drawing the view, a step's state, pan and zoom, groups, the controls, and
 * the start. Uses Panzoom (pan/zoom) and dagre (layout after a group is opened or
 * closed), both inlined above. */
var READABLE = 0.6;  // the first view fits the graph if its text stays at least this scale
var FIRST_MAX = 1.5;  // ... and does not blow a small graph up beyond this
var view, layout, els;

function draw() {
  var parts = [], frames = [], labels = [], edges = [];
  Object.keys(layout.frames).forEach(function (s) {
    var f = layout.frames[s], name = SCOPES[s].path.split("/").pop();
    frames.push('<g class="frame" data-scope="' + s + '"><rect x="' + f[0] + '" y="' + f[1] + '" width="' + f[2] +
      '" height="' + f[3] + '" rx="6"></rect><text x="' + (f[0] + 6) + '" y="' + (f[1] + 13) +
      '"><title>' + esc(T("explorer.group.close")) + "</title>⊟ " + esc(name) + "</text></g>");
  });
  view.edges.forEach(function (e, key) {
    var path = layout.edges[key];
    if (!path) return;
    var width = e[2] > 1 ? ' style="stroke-width:' + Math.min(1 + Math.log2(e[2]) / 2, 5).toFixed(1) + '"' : "";
    edges.push('<path class="edge" data-key="' + key + '" d="' + path[0] + '"' + width + "></path>");
    if (path[1] !== null && labelled(key, e)) {
      labels.push('<text class="elabel" data-key="' + key + '" x="' + path[1] + '" y="' + path[2] + '"></text>');
    }
  });
  view.boxes.forEach(function (frame, id) {
    var p = layout.pos[id], size = boxSize(id), w = size[0], h = size[1], n = +id.slice(1);
    if (!p) return;
    var head = '<g class="box ', body;
    if (id[0] === "v") {
      head += "value k-" + kindOf(n) + (isTensor(n) ? " tensor" : "");
      body = isTensor(n) ? tensorBox(n, w, h) : scalarBox(n, w, h);
    } else if (id[0] === "o") { head += "op"; body = opOval(n, w, h); }
    else { head += "group" + (TENSOR && SCOPES[n].out !== undefined ? " module" : ""); body = groupBox(n, w, h); }
    var tip = id[0] === "g" ? T("explorer.group.open", { path: SCOPES[n].path }) : N.name[n];
    parts.push(head + '" data-box="' + id + '" transform="translate(' + p[0] + "," + p[1] + ')">' +
      body + "<title>" + esc(tip) + "</title></g>");
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
  if (TENSOR) drawTensorContents();
  Object.keys(els.label).forEach(function (key) {
    var e = view.edges.get(key), s = bwStepOf[e[4]];
    setLabel(els.label[key], labelLines(e), backward && s === k && BW.sent[s][e[5]] !== null);
  });
  hot.forEach(function (el) { el.classList.remove("hot", "current"); });
  hot = [];
  if (j < 0) return;
  [boxOf(j), opBoxOf(j)].forEach(function (id) {
    if (els.box[id]) { els.box[id].classList.add("current"); hot.push(els.box[id]); }
  });
  N.parents[j].forEach(function (p, slot) {
    var el = els.edge[view.via[j + ":" + slot]];
    if (el && (!backward || BW.sent[k][slot] !== null)) { el.classList.add("hot"); hot.push(el); }
  });
}
function show(k, keepView) {
  var last = Math.max(stepList().length - 1, 0), before = [state.mode, state.step];
  state.step = Math.max(0, Math.min(last, k));
  // a tensor graph's panel follows the step: a box clicked is explained until the next one
  if (TENSOR && (before[0] !== state.mode || before[1] !== state.step)) unselect();
  $("slider").max = last;
  $("slider").value = state.step;
  $("counter").textContent = stepList().length ? T("explorer.counter", { k: state.step + 1, n: stepList().length }) : "";
  $("prev").disabled = state.step === 0;
  $("next").disabled = state.step >= last;
  $("mode-forward").setAttribute("aria-pressed", state.mode === "forward");
  $("mode-backward").setAttribute("aria-pressed", state.mode === "backward");
  $("mode-backward").disabled = BW.node.length === 0;
  $("caption").innerHTML = mathHtml(caption());
  applyState();
  if (!keepView && currentNode() >= 0) keepInView(opBoxOf(currentNode()));
  if (state.selected >= 0) explain(state.selected, state.selectedOp);
  else if (TENSOR && currentNode() >= 0) explainStep();
}
function setMode(mode) {
  if (mode === state.mode || (mode === "backward" && !BW.node.length)) return;
  stop();
  state.mode = mode;
  if (TENSOR) unselect();
  show(0);
}
function setConvention(convention) {
  state.convention = convention;
  $("conv-row").setAttribute("aria-pressed", convention === "row");
  $("conv-column").setAttribute("aria-pressed", convention === "column");
  var keep = [pz.getScale(), pz.getPan()];
  relayout(true);
  pz.zoom(keep[0], { animate: false, force: true });
  pz.pan(keep[1].x, keep[1].y, { animate: false, force: true });
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
  movedByHand = true;
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
/* A page in a notebook can load before its frame is laid out (0 × 0 in nbconvert's HTML):
   until the view is moved by hand, a new size shows the first view again. */
var movedByHand = false;
["pointerdown", "wheel"].forEach(function (type) {
  viewport.addEventListener(type, function () { movedByHand = true; });
});
window.addEventListener("resize", function () { if (!movedByHand) firstView(); });
/* The first view: the whole graph, if it fits at a readable scale; else the active
   step at full size. */
function firstView() {
  var s = fitScale();
  if (s >= READABLE) { centerOn(layout.w / 2, layout.h / 2, Math.min(s, FIRST_MAX)); return; }
  var j = currentNode(), id = j >= 0 ? opBoxOf(j) : "v" + (COUNT - 1), p = layout.pos[id] || [0, 0];
  centerOn(p[0], p[1], 1);
}

// ---- groups --------------------------------------------------------------------------
var layouts = {};
function setKey(set) { return Array.from(set).sort(function (a, b) { return a - b; }).join(","); }
var initialKey = setKey(state.expanded);
function relayout(keepScale) {
  // (the convention and one-sample mode change texts, not sizes: the layout stays)
  var key = setKey(state.expanded);
  view = computeView(N, SCOPES, state.expanded);
  if (key === initialKey) layout = D.initial.layout;
  else if (layouts[key]) layout = layouts[key];
  else layout = layouts[key] = dagreLayout(view, boxSize, labelSize);
  draw();
  show(state.step, true);
  if (keepScale === undefined) firstView();
}
function setExpanded(expanded) {
  var before = state.expanded;
  state.expanded = expanded;
  try {
    relayout(true);
    $("status").textContent = "";
    return true;
  } catch (err) {  // dagre runs out of stack on very deep views
    state.expanded = before;
    relayout(true);
    $("status").textContent = T("explorer.too_large", { error: err.message });
    return false;
  }
}
function setGroup(s, open) {
  var next = new Set(state.expanded);
  if (open) next.add(s); else next.delete(s);
  if (!setExpanded(next)) return;
  var id = open ? firstBoxIn(s) : "g" + s;
  if (id && layout.pos[id]) centerOn(layout.pos[id][0], layout.pos[id][1], Math.max(pz.getScale(), READABLE));
  markViewButtons();
}
function setLevel(level) {
  var all = new Set(SCOPES.map(function (s, k) { return k; }));
  if (setExpanded(level === "ops" ? all : new Set(D.initial.expanded))) firstView();
  markViewButtons();
}
function markViewButtons() {
  if ($("level-modules").hidden) return;
  var key = setKey(state.expanded);
  $("level-modules").setAttribute("aria-pressed", key === initialKey);
  $("level-ops").setAttribute("aria-pressed", state.expanded.size === SCOPES.length);
}
function firstBoxIn(s) {
  var found = null;
  view.boxes.forEach(function (frame, id) {
    if (found) return;
    for (var f = frame; f >= 0; f = SCOPES[f].parent) if (f === s) { found = id; return; }
  });
  return found;
}

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
      else $("status").textContent = T("explorer.png_too_large");
    }, "image/png");
  };
  img.onerror = function () { $("status").textContent = T("explorer.png_failed"); };
  img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
}

// ---- controls ----------------------------------------------------------------------------
var timer = null;
function stop() { clearInterval(timer); timer = null; $("play").textContent = T("explorer.play"); }
function play() {
  if (timer) { stop(); return; }
  if (state.step >= stepList().length - 1) show(0);
  $("play").textContent = T("explorer.pause");
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
function setSample(on, b) {
  state.oneSample = on;
  state.sample = Math.max(0, Math.min(D.sample ? D.sample.count - 1 : 0, b | 0));
  $("one-sample").checked = on;
  $("sample").value = state.sample;
  $("sample-box").hidden = !on;
  relayout(true);
}
if (TENSOR) {
  $("footer").textContent = T("explorer.footer.tensor");
  if (D.sample) {
    $("one-sample-box").hidden = false;
    $("sample").max = D.sample.count - 1;
    $("one-sample").onchange = function () { setSample($("one-sample").checked, state.sample); };
    $("sample").oninput = function () { setSample(true, +$("sample").value); };
  }
  panel.innerHTML = '<p class="hint">' + esc(T("explorer.hint.tensor")) + "</p>";
  $("tensor-tools").hidden = false;
  $("conv-row").onclick = function () { setConvention("row"); };
  $("conv-column").onclick = function () { setConvention("column"); };
  if (SCOPES.length) {
    $("level-modules").hidden = $("level-ops").hidden = false;
    $("level-modules").onclick = function () { setLevel("modules"); };
    $("level-ops").onclick = function () { setLevel("ops"); };
  }
}
if (D.bad) {
  $("jump-bad").hidden = false;
  $("jump-bad").textContent = T("explorer.bad", { name: shortName(N.name[D.bad.node]) });
  $("jump-bad").onclick = function () {
    var i = D.bad.node;
    explain(i, false);
    var id = boxOf(i);
    if (layout.pos[id]) centerOn(layout.pos[id][0], layout.pos[id][1], Math.max(pz.getScale(), 1));
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
  var chip = e.target.closest(".chip");
  if (chip) { explain(+chip.getAttribute("data-chip"), false); return; }
  var box = e.target.closest(".box");
  if (!box) return;
  var id = box.getAttribute("data-box"), n = +id.slice(1);
  if (id[0] === "g") setGroup(n, true);
  else explain(n, id[0] === "o");
});

// ---- start ---------------------------------------------------------------------------
if (!BW.node.length) state.mode = "forward";
if (TENSOR) setConvention(state.convention);
else relayout(true);
show(0, true);
markViewButtons();
setTimeout(function () {  // after Panzoom's own first (deferred) pan
  firstView();
  window.explorer = {  // for tests and the curious: the state, and the actions of the buttons
    state: state, data: D, show: show, setMode: setMode, explain: explain, setGroup: setGroup,
    setConvention: setConvention, setLevel: setLevel, setSample: setSample,
    scale: function () { return pz.getScale(); }, pan: function () { return pz.getPan(); },
    boxes: function () { return Array.from(view.boxes.keys()); },
    layout: function () { return layout; },
    viewOf: function (nodes, scopes, expanded) {  // the view rule, for the test against pagelayout.py
      var v = computeView(nodes, scopes, new Set(expanded)), edges = {};
      v.edges.forEach(function (e, key) { edges[key] = e; });
      return { boxes: Object.fromEntries(v.boxes), edges: edges };
    }
  };
}, 0);
