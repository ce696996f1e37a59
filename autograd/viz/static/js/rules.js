/* rules.js: the side panel of a tensor graph: a value's matrices, and an op's forward
 * line and backward rules in matrix form with their shapes (from the rules of
 * pagedata, written by autograd.viz's rule texts), the numpy line, notes, and the
 * drill-down of one gradient cell into its scalar chain-rule sum. */
var PANEL_NUMBERS = { rows: 12, cols: 8 };  // larger matrices are shown as heatmaps

/* A matrix in the panel: its numbers in a table (small ones) or its heatmap, with its
   min, mean and max. `cells` says where a click drills down: {k, slot} of the step
   that sent it. */
function matrixHtml(m, name, cells) {
  if (!m) return '<p class="note">—</p>';
  var g = shown(m, true), scale = heatScale(m), html = "";
  var drillable = cells ? ' data-step="' + cells.k + '" data-slot="' + cells.slot + '"' : "";
  if (g.full && g.rows <= PANEL_NUMBERS.rows && g.cols <= PANEL_NUMBERS.cols) {
    html += '<table class="matrix" data-name="' + esc(name) + '"' + drillable + ">";
    for (var i = 0; i < g.rows; i++) {
      html += "<tr>";
      for (var j = 0; j < g.cols; j++) {
        var v = g.at(i, j), c = heatColor(v, scale).map(function (t) { return Math.round(255 - (255 - t) * 0.35); });
        var at = engineCell(i, j);
        html += '<td style="background:rgb(' + c.join(",") + ')" data-v="' + esc(String(v)) + '"' +
          (cells ? ' data-cell="' + at[0] + "," + at[1] + '"' : "") + ">" + esc(fmt(v)) + "</td>";
      }
      html += "</tr>";
    }
    html += "</table>";
  } else {
    var h = shown(m, false);
    html += '<img class="heat" alt="' + esc(name) + '" src="' + heatImage(m, name + "@panel") + '" style="aspect-ratio:' +
      h.cols + "/" + h.rows + '">';
  }
  return html + '<p class="note stats">' + esc(matrixSummary(m)) + "</p>";
}

function explainTensor(i) {
  var kind = kindOf(i), html = valueHead(i);
  html += "<h3>" + T("explorer.data") + " (" + esc(shapeOf(i)) + ")</h3>" + matrixHtml(N.data[i], N.name[i], null);
  if (kind !== "constant") {
    html += "<h3>" + T("explorer.grad") + " ∂L/∂" + esc(shortOf(i)) + "</h3>" + matrixHtml(N.grad[i], "∂L/∂" + N.name[i], null);
  }
  html += madeBy(i);
  if (D.bad && D.bad.node === i) html += '<p class="bad">' + T("explorer.first_bad", { what: T("explorer.bad." + D.bad.what) }) + "</p>";
  return html;
}

function explainTensorOp(j) {
  var op = opOf(j), k = bwStepOf[j];
  var html = "<h2>" + esc(op.detail) + '</h2><p class="sub">' + T("explorer.op_making", { name: link(j) }) + "</p>";
  if (op.formula) html += '<p class="formula">' + esc(op.formula) + "</p>";
  if (k < 0) return html + '<p class="note">' + T("explorer.no_flow") + "</p>";
  N.parents[j].forEach(function (p, slot) {
    var sent = BW.sent[k][slot];
    if (sent === null) return;
    html += "<h3>∂L/∂" + esc(shortOf(p)) + " (" + esc(shapeOf(p)) + ")</h3>" +
      matrixHtml(sent, "∂L/∂" + N.name[p], { k: k, slot: slot });
  });
  return html;
}

/* A click on a gradient cell: its scalar chain-rule sum (rules data), below the matrix. */
function drill(cell) {
  var table = cell.closest("[data-step]");
  if (!table) return;
  panel.querySelectorAll("td.picked").forEach(function (td) { td.classList.remove("picked"); });
  cell.classList.add("picked");
}
