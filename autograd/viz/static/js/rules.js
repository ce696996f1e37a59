/* rules.js: the side panel of a tensor graph. A step's op: its forward line and
 * each backward rule in matrix form with the step's shapes, the numpy line, the
 * notes (why the transpose, where the 1/m went), and the matrices; a value: its
 * data and gradient. Clicking a cell of a gradient opens it into the scalar
 * chain-rule sum it is. The texts come written (pagedata: D.rules, D.cells, from
 * autograd.viz.rules); in one-sample mode the values are row b's (D.sample). */
var PANEL_NUMBERS = { rows: 12, cols: 8 };  // larger matrices are shown as heatmaps

function oneSample() { return state.oneSample && D.sample !== null; }
/* The rules of backward step k in the page's convention (and one-sample mode). */
function stepRules(k) {
  var r = D.rules && D.rules[k];
  return r ? r[state.convention + (oneSample() ? "1" : "")] || null : null;
}

// ---- values as the mode shows them -----------------------------------------------------
/* Row b of a node's data or gradient in one-sample mode (a parameter's gradient: the
   share of sample b), else the whole matrix. */
function valueOf(i, which) {
  var m = which === "data" ? N.data[i] : N.grad[i];
  if (!oneSample() || m === null) return m;
  var part = D.sample[which][i];
  return part ? part[state.sample] : m;
}
function sentOf(k, slot) {
  var m = BW.sent[k][slot];
  if (!oneSample() || m === null) return m;
  var part = D.sample.sent[k] && D.sample.sent[k][slot];
  return part ? part[state.sample] : m;
}

/* A matrix in the panel: its numbers in a table (small ones) or its heatmap, with its
   min, mean and max. `cells`: a gradient sent at step k to input slot, whose cells
   can be clicked open; `column`: shown in the column form (default: the page's). */
function matrixHtml(m, name, cells, column) {
  if (!m) return '<p class="note">—</p>';
  if (column === undefined) column = columnForm();
  var g = shown(m, true, column), scale = heatScale(m), html = "";
  var at = cells ? ' data-step="' + cells.k + '" data-slot="' + cells.slot + '" data-column="' + column + '"' : "";
  if (g.full && g.rows <= PANEL_NUMBERS.rows && g.cols <= PANEL_NUMBERS.cols) {
    html += '<table class="matrix" data-name="' + esc(name) + '"' + at + ">";
    for (var i = 0; i < g.rows; i++) {
      html += "<tr>";
      for (var j = 0; j < g.cols; j++) {
        var v = g.at(i, j), c = heatColor(v, scale).map(function (t) { return Math.round(255 - (255 - t) * 0.35); });
        var cell = engineCell(i, j, column);
        html += '<td style="background:rgb(' + c.join(",") + ')" data-v="' + esc(String(v)) + '"' +
          (cells ? ' data-cell="' + cell[0] + "," + cell[1] + '"' : "") + ">" + esc(fmt(v)) + "</td>";
      }
      html += "</tr>";
    }
    html += "</table>";
  } else {
    var h = shown(m, false, column);
    html += '<img class="heat" alt="' + esc(name) + '" src="' + heatImage(m, name + "@" + (oneSample() ? state.sample : ""), column) +
      '" style="aspect-ratio:' + h.cols + "/" + h.rows + '"' + at + ' data-rows="' + h.rows + '" data-cols="' + h.cols + '">';
  }
  return html + '<p class="note stats">' + esc(matrixSummary(m)) + "</p>";
}

// ---- a value -------------------------------------------------------------------------------
function explainTensor(i) {
  var kind = kindOf(i), html = valueHead(i);
  html += "<h3>" + T("explorer.data") + " " + mathHtml(symbolOf(i)) + " (" + esc(shapeOf(i)) + ")</h3>" +
    matrixHtml(valueOf(i, "data"), N.name[i], null);
  if (kind !== "constant") {
    html += "<h3>" + T("explorer.grad") + " " + mathHtml(gradLabel(i)) + "</h3>";
    var used = terms[i];
    if (kind === "output") html += '<p class="note">' + T("explorer.why.output") + "</p>";
    else if (!used.length) html += '<p class="note">' + T("explorer.why.none") + "</p>";
    html += matrixHtml(valueOf(i, "grad"), "∂L/∂" + N.name[i], used.length === 1 ? { k: used[0][0], slot: used[0][1] } : null);
    if (used.length > 1) {
      html += "<p>" + T("explorer.why.used_by_tensor", { n: used.length }) + "</p><ul>";
      used.forEach(function (t) {
        var j = BW.node[t[0]];
        html += "<li>" + link(j) + " (" + esc(T("explorer.input_slot", { op: opOf(j).name, k: t[1] + 1 })) + ")</li>";
      });
      html += "</ul>";
    }
    html += '<div class="drill-out"></div>';
  }
  html += madeBy(i);
  if (D.bad && D.bad.node === i) html += '<p class="bad">' + T("explorer.first_bad", { what: T("explorer.bad." + D.bad.what) }) + "</p>";
  return html;
}
function symbolOf(i) { return N.symbol && N.symbol[i] ? N.symbol[i] : N.name[i]; }
/* How the rules write node i's gradient in the page's convention: ∂L/∂A^[1], dA^[1]. */
function gradLabel(i) {
  var names = D.gradName && D.gradName[state.convention];
  return names && names[i] ? names[i] : "∂L/∂" + symbolOf(i);
}

// ---- an op (the current step) ------------------------------------------------------------------
function ruleLines(r) {
  var html = '<p class="rule">' + mathHtml(r.math) + "</p>";
  if (r.shapes) html += '<p class="shapes">' + T("explorer.shapes") + ' <span class="dims">' + esc(r.shapes) + "</span></p>";
  if (r.numpy) html += '<p class="numpy">' + esc(r.numpy) + "</p>";
  return html;
}
function explainTensorOp(j) {
  var op = opOf(j), k = bwStepOf[j], rules = k >= 0 ? stepRules(k) : null, backward = state.mode === "backward";
  var html = "<h2>" + esc(op.detail) + " → " + mathHtml(symbolOf(j)) + "</h2><p class=\"sub\">" +
    T("explorer.op_making", { name: link(j) }) + " · " + esc(shapeOf(j)) + "</p>";
  html += "<h3>" + T("explorer.forward.heading") + "</h3>";
  if (rules) html += ruleLines(rules.forward);
  else if (op.formula) html += '<p class="formula">' + esc(op.formula) + "</p>";
  if (!backward) html += matrixHtml(valueOf(j, "data"), N.name[j], null);
  html += "<h3>" + T("explorer.backward.heading") + "</h3>";
  if (k < 0) return html + '<p class="note">' + T("explorer.no_flow") + "</p>";
  html += "<p>" + T("explorer.receives", { grad: mathHtml(gradLabel(j)), shape: esc("(" + shapeOf(j) + ")") }) + "</p>";
  if (backward) html += matrixHtml(valueOf(j, "grad"), "∂L/∂" + N.name[j], null);
  var byInput = {};
  if (rules) rules.rules.forEach(function (r) { byInput[r.input] = r; });
  N.parents[j].forEach(function (p, slot) {
    var sent = sentOf(k, slot);
    if (BW.sent[k][slot] === null) return;
    var r = byInput[slot];
    html += '<div class="sends" data-slot="' + slot + '" data-node="' + p + '"><h3>→ ' + link(p) + "</h3>";
    html += r ? ruleLines(r) : '<p class="rule">' + mathHtml(gradLabel(p)) + "</p>";
    var column = r ? r.convention === "column" : columnForm();
    if (backward) html += matrixHtml(sent, "∂L/∂" + N.name[p], { k: k, slot: slot }, column) + '<div class="drill-out"></div>';
    html += "</div>";
  });
  if (rules && rules.notes.length) {
    html += '<ul class="notes">' + rules.notes.map(function (n) { return "<li>" + mathHtml(n) + "</li>"; }).join("") + "</ul>";
  }
  return html;
}

// ---- drill-down ---------------------------------------------------------------------------------
/* The cell sums sent at step k to input slot, for the page's convention and mode. */
function cellSums(k, slot) {
  var c = D.cells && D.cells[k] && D.cells[k][slot];
  if (!c) return null;
  return c[state.convention + (oneSample() ? "1:" + state.sample : "")] || null;
}
/* The drawn cell nearest to engine cell (r, c) that has its sum in the data. */
function nearestSum(sums, r, c) {
  if (sums[r + "," + c]) return sums[r + "," + c];
  var best = null, dist = Infinity;
  Object.keys(sums).forEach(function (key) {
    var rc = key.split(",").map(Number), d = Math.abs(rc[0] - r) + Math.abs(rc[1] - c);
    if (d < dist) { dist = d; best = sums[key]; }
  });
  return best;
}
function drillHtml(s) {
  if (!s) return '<p class="note">' + T("explorer.drill.none") + "</p>";
  return '<div class="drill" data-total="' + esc(String(s.total)) + '" data-engine="' + esc(String(s.engine)) +
    '" data-count="' + s.count + '" data-terms="' + esc(JSON.stringify(s.terms)) + '">' + mathHtml(s.text) + "</div>";
}
/* A click on a gradient cell (a number, or a spot of a heatmap). */
function drill(cell, event) {
  var holder = cell.closest("[data-step]");
  if (!holder) return;
  var k = +holder.getAttribute("data-step"), slot = +holder.getAttribute("data-slot"), rc;
  if (cell.tagName === "IMG") {  // a heatmap: the block under the pointer, its first cell
    var box = cell.getBoundingClientRect(), rows = +cell.getAttribute("data-rows"), cols = +cell.getAttribute("data-cols");
    var i = Math.min(rows - 1, Math.floor((event.clientY - box.top) / box.height * rows));
    var j = Math.min(cols - 1, Math.floor((event.clientX - box.left) / box.width * cols));
    var m = BW.sent[k][slot], at = engineCell(i, j, holder.getAttribute("data-column") === "true");
    var hr = m.h ? m.h[0] : m.r, hc = m.h ? m.h[1] : m.c;
    rc = [Math.floor(at[0] * m.r / hr), Math.floor(at[1] * m.c / hc)];
  } else {
    panel.querySelectorAll("td.picked").forEach(function (td) { td.classList.remove("picked"); });
    cell.classList.add("picked");
    rc = cell.getAttribute("data-cell").split(",").map(Number);
  }
  var sums = cellSums(k, slot), out = holder.parentNode.querySelector(".drill-out");
  if (out) out.innerHTML = drillHtml(sums ? nearestSum(sums, rc[0], rc[1]) : null);
}
