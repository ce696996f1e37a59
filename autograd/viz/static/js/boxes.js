/* boxes.js: drawing the view: value boxes, op ovals, group and module boxes, edges
 * and their labels, and how a step changes them (applyState's helpers).
 *
 * A scalar value's box lists its name, data and grad. A tensor's box has a fixed
 * size (pagedata.TENSOR_BOX): its name, a shape badge, its values as a heatmap
 * (or, for at most 12 of them, as numbers) and one stats line; which values it
 * shows follows the step: the data, or in the backward pass its gradient once all
 * of it has arrived. A group of a tensor graph (a module) is drawn the same way
 * around the value it outputs, with its parameters as chips. */
function boxSize(id) {
  var n = +id.slice(1);
  return id[0] === "v" ? N.box[n] : id[0] === "o" ? N.opBox[n] : SCOPES[n].box;
}
function textLines(lines, h) {
  return lines.map(function (line, k) {
    var y = -h / 2 + PAD / 2 + LINE * k + 12;
    return '<text class="' + line[1] + '" x="0" y="' + y + '" text-anchor="middle">' + esc(line[0]) + "</text>";
  }).join("");
}
function rect(w, h, r) {
  return '<rect x="' + -w / 2 + '" y="' + -h / 2 + '" width="' + w + '" height="' + h + '" rx="' + r + '"></rect>';
}
function scalarBox(i, w, h) {
  var lines = [[shortName(N.name[i]), "name"]];
  lines.push([T("explorer.data") + " " + fmt(N.data[i]), "data"]);
  if (kindOf(i) !== "constant") lines.push([T("explorer.grad") + " " + fmt(N.grad[i]), "grad"]);
  return rect(w, h, 3) + textLines(lines, h);
}
/* The head of a tensor box: a name line (bold, cut to the box), a second line (its
   alias or kind) and a shape badge at its right. */
function tensorHead(title, sub, i, w, h) {
  var top = -h / 2, left = -w / 2 + 6;
  var badge = shapeOf(i), bw = badge.length * 5.8 + 8;
  return '<text class="name" x="' + left + '" y="' + (top + 13) + '">' + svgMath(cutMath(title, Math.floor((w - 12) / 6.8))) +
    '</text><text class="small sub" x="' + left + '" y="' + (top + 26) + '">' +
    svgMath(cutMath(sub, Math.floor((w - bw - 16) / 5.6))) + '</text><g class="badge" transform="translate(' +
    (w / 2 - 5 - bw) + "," + (top + 16) + ')"><rect width="' + bw + '" height="13" rx="6"></rect>' +
    '<text class="shape" x="' + bw / 2 + '" y="10" text-anchor="middle">' + esc(badge) + "</text></g>";
}
/* Where the heatmap (or the numbers) of a tensor box go: [x, y, w, h]. */
function contentArea(w, h, bottom) { return [-w / 2 + 6, -h / 2 + 33, w - 12, h - 35 - bottom]; }
function tensorBox(i, w, h) {
  var kind = kindOf(i), sub = N.alias && N.alias[i] ? N.alias[i] : kind === "intermediate" ? "" : T("explorer.kind." + kind);
  return rect(w, h, 3) + tensorHead(N.name[i], sub, i, w, h) + '<g class="content" data-node="' + i + '"></g>' +
    '<text class="small stats" x="' + (-w / 2 + 6) + '" y="' + (h / 2 - 5) + '"></text>';
}
function moduleBox(s, w, h) {
  var sc = SCOPES[s], out = sc.out, chips = "", x = -w / 2 + 6, y = h / 2 - 17;
  (sc.params || []).forEach(function (p) {
    var label = N.alias && N.alias[p] ? N.alias[p] : cut(N.name[p], 10);
    var cw = label.replace("^", "").length * 5.2 + 10;
    if (x + cw > w / 2 - 4) return;
    chips += '<g class="chip" data-chip="' + p + '" transform="translate(' + x + "," + y + ')"><rect width="' + cw +
      '" height="13" rx="6"></rect><text x="' + cw / 2 + '" y="10" text-anchor="middle">' + svgMath(label) +
      "</text><title>" + esc(N.name[p] + " " + shapeOf(p)) + "</title></g>";
    x += cw + 4;
  });
  var outName = out >= 0 ? (N.alias && N.alias[out] ? N.alias[out] : N.name[out]) : "";
  return rect(w, h, 6) + tensorHead(sc.title || sc.path.split("/").pop(), outName, out, w, h) +
    (out >= 0 ? '<g class="content" data-node="' + out + '"></g>' : "") +
    '<text class="small stats" x="' + (-w / 2 + 6) + '" y="' + (h / 2 - 21) + '"></text>' + chips;
}
function groupBox(s, w, h) {
  if (SCOPES[s].out !== undefined && TENSOR) return moduleBox(s, w, h);
  var lines = SCOPES[s].lines.map(function (t, k) { return [t, k === 1 ? "name" : "small"]; });
  return rect(w, h, 6) + textLines(lines, h);
}
function opOval(j, w, h) {
  return '<ellipse rx="' + w / 2 + '" ry="' + h / 2 + '"></ellipse><text x="0" y="4" text-anchor="middle">' +
    esc(opOf(j).detail) + "</text>";
}

// ---- a tensor box's values at this step ---------------------------------------------------
/* What a tensor box shows now: ["data"|"grad"|"pending"|"dim", matrix]: its data
   (not computed yet in the forward pass: pending), or in the backward pass its
   gradient once all of it has arrived (its data, dimmed, until then). */
function boxShows(i) {
  var k = state.step;
  if (state.mode === "forward") {
    if (N.op[i] >= 0 && fwdStepOf[i] > k) return ["pending", valueOf(i, "data")];
    return ["data", valueOf(i, "data")];
  }
  if (N.ready[i] >= 0 && N.ready[i] <= k && N.grad[i] !== null) return ["grad", valueOf(i, "grad")];
  return ["dim", valueOf(i, "data")];
}
/* A number in at most `chars` characters. */
function fmtShort(x, chars) {
  var s = fmt(x);
  if (s.length <= chars || !isNum(x) || !isFinite(num(x))) return s;
  for (var p = 3; p >= 1; p--) {
    var t = trimZeros(num(x).toPrecision(p));
    if (t.indexOf("e") < 0 && t.length <= chars) return t;
  }
  return trimZeros(num(x).toExponential(0)).replace("e+", "e");
}
function drawContent(el, m, what, w, h, bottom, key) {
  var a = contentArea(w, h, bottom), x = a[0], y = a[1], aw = a[2], ah = a[3];
  if (fitsAsNumbers(m)) {
    var g = shown(m, true), cw = aw / g.cols, ch = Math.min(ah / g.rows, 14), scale = heatScale(m), out = "";
    var top = y + (ah - ch * g.rows) / 2;
    for (var r = 0; r < g.rows; r++) {
      for (var c = 0; c < g.cols; c++) {
        var v = g.at(r, c), col = heatColor(v, scale);
        col = col.map(function (t) { return Math.round(255 - (255 - t) * 0.45); });
        out += '<rect class="cell" x="' + (x + c * cw).toFixed(1) + '" y="' + (top + r * ch).toFixed(1) + '" width="' +
          (cw - 1).toFixed(1) + '" height="' + (ch - 1).toFixed(1) + '" fill="rgb(' + col.join(",") + ')"></rect>' +
          '<text class="num" x="' + (x + c * cw + cw / 2).toFixed(1) + '" y="' + (top + r * ch + ch - 4).toFixed(1) +
          '" text-anchor="middle">' + esc(fmtShort(v, Math.max(3, Math.floor((cw - 3) / 5.4)))) + "</text>";
      }
    }
    el.innerHTML = out;
  } else {
    // square cells where they fit, else cells up to 3 times as long as wide (a vector)
    var g2 = shown(m, false), cell = Math.min(aw / g2.cols, ah / g2.rows);
    var iw = g2.cols * Math.min(aw / g2.cols, 3 * cell), ih = g2.rows * Math.min(ah / g2.rows, 3 * cell);
    el.innerHTML = '<image class="heat" x="' + (x + (aw - iw) / 2).toFixed(1) + '" y="' + (y + (ah - ih) / 2).toFixed(1) +
      '" width="' + iw.toFixed(1) + '" height="' + ih.toFixed(1) + '" preserveAspectRatio="none" href="' +
      heatImage(m, key) + '"></image><rect class="frame-heat" x="' + (x + (aw - iw) / 2).toFixed(1) + '" y="' +
      (y + (ah - ih) / 2).toFixed(1) + '" width="' + iw.toFixed(1) + '" height="' + ih.toFixed(1) + '"></rect>';
  }
  el.setAttribute("class", "content " + what);
}
function statsText(m, what) {
  var tag = what === "grad" ? "∂L " : "";
  return tag + fmtShort(m.lo, 6) + " … " + fmtShort(m.hi, 6);
}
/* Redraw the values of every tensor box whose content changed (pass, step, convention). */
function drawTensorContents() {
  scene.querySelectorAll(".content").forEach(function (el) {
    var i = +el.getAttribute("data-node"), shows = boxShows(i), what = shows[0], m = shows[1];
    var box = el.parentNode, size = boxSize(box.getAttribute("data-box"));
    var bottom = box.classList.contains("group") ? 34 : 16;
    var sample = oneSample() ? "@" + state.sample : "";
    var key = i + what + state.convention + sample;
    if (el.getAttribute("data-key") !== key) {
      el.setAttribute("data-key", key);
      drawContent(el, m, what, size[0], size[1], bottom, i + (what === "grad" ? "g" : "d") + sample);
      var stats = box.querySelector(".stats");
      if (stats) stats.textContent = what === "pending" ? "" : statsText(m, what);
    }
  });
}

// ---- edges and their labels --------------------------------------------------------------
/* "local × received = sent" for input `slot` of backward step k (a scalar edge's label). */
function sentText(k, slot) {
  var j = BW.node[k], sent = BW.sent[k][slot], local = BW.local[k];
  if (sent === null) return "";
  if (local && local[slot] !== null) return fmt(local[slot]) + " × " + fmt(N.grad[j]) + " = " + fmt(sent);
  return fmt(sent);
}
function shortOf(i) { return N.alias && N.alias[i] ? N.alias[i] : cutMath(N.name[i], 14); }
/* A name cut to `chars` characters, never inside its "^[1]". */
function cutMath(s, chars) {
  var plain = s.replace(/\^/g, "");
  if (plain.length <= chars) return s;
  return cut(s.replace(/\^\[(\w+)\]/g, "[$1]"), chars);
}
/* Whether a drawn edge gets a label: scalar graphs label each lone input edge; tensor
   graphs every edge carrying one value into an op or a group. */
function labelled(key, e) {
  if (e[4] < 0) return false;
  return TENSOR ? e[2] === 1 : /:\d+$/.test(key);
}
/* The lines of an edge's label now: a scalar edge's gradient once sent; a tensor
   edge's shape, and in the backward pass, once sent, the gradient's name above it. */
function labelLines(e) {
  var p = e[3], j = e[4], slot = e[5], s = bwStepOf[j], sentNow = state.mode === "backward" && s >= 0 && s <= state.step;
  if (!TENSOR) return sentNow ? [sentText(s, slot)] : [""];
  var sent = sentNow && BW.sent[s][slot] !== null;
  return [sent ? gradLabel(p) : "", "(" + shapeOf(p) + ")"];
}
/* Room for an edge's label in a dagre layout: its widest text, one or two lines. */
function labelSize(key, e) {
  if (!labelled(key, e)) return [0, 0];
  var s = bwStepOf[e[4]];
  if (!TENSOR) {
    var text = s >= 0 ? sentText(s, e[5]) : "";
    return text ? [text.length * 6.6 + 6, 14] : [0, 0];
  }
  var a = ("∂L/∂" + shortOf(e[3])).length, b = shapeOf(e[3]).length + 2;
  return [Math.max(a, b) * 6.6 + 6, 28];
}
function setLabel(el, lines, hot) {
  var x = el.getAttribute("x");
  el.innerHTML = lines.map(function (t, n) {
    return '<tspan x="' + x + '" dy="' + (n ? 13 : 0) + '"' + (n === 0 && lines.length > 1 ? ' class="gname"' : ' class="gshape"') + ">" +
      svgMath(t) + "</tspan>";
  }).join("");
  toggle(el, "hot", hot);
}
