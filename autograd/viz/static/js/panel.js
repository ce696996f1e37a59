/* panel.js: the side panel: why a value's gradient is what it is, what an op computes.
 * Scalar graphs get the chain rule written out with numbers; tensor graphs get their
 * rules in matrix form with the shapes (rules.js) and their matrices (matrixHtml). */
function row(cells) { return "<tr>" + cells.map(function (c) { return "<td>" + c + "</td>"; }).join("") + "</tr>"; }
function valueHead(i) {
  var kind = kindOf(i), html = "<h2>" + esc(N.name[i]) + "</h2>";
  var where = N.scope[i] >= 0 ? T("explorer.in_scope", { path: esc(SCOPES[N.scope[i]].path) }) : "";
  var alias = N.alias && N.alias[i] ? esc(N.alias[i]) + " · " : "";
  html += '<p class="sub">' + alias + T("explorer.kind." + kind) + (isTensor(i) ? " · " + esc(shapeOf(i)) : "") + where + "</p>";
  return html;
}
function madeBy(i) {
  if (N.op[i] < 0) return "";
  return "<p>" + T("explorer.made_by", {
    op: '<a data-op="' + i + '">' + esc(opOf(i).detail) + "</a>", inputs: list(N.parents[i].map(link))
  }) + "</p>";
}
function explainValue(i) {
  if (isTensor(i)) return explainTensor(i);
  var kind = kindOf(i), html = valueHead(i);
  html += "<table>" + row([T("explorer.data"), '<span class="data-value">' + esc(fmt(N.data[i])) + "</span>"]) +
    (kind === "constant" ? "" : row([T("explorer.grad"), esc(fmt(N.grad[i]))])) + "</table>";
  html += madeBy(i);
  if (D.bad && D.bad.node === i) html += '<p class="bad">' + T("explorer.first_bad", { what: T("explorer.bad." + D.bad.what) }) + "</p>";
  html += "<h3>" + T("explorer.why") + "</h3>";
  if (kind === "constant") return html + '<p class="note">' + T("explorer.why.constant") + "</p>";
  if (kind === "output") {
    return html + '<p class="rule">' + T("explorer.grad") + "(" + esc(N.name[i]) + ") = 1</p><p class=\"note\">" +
      T("explorer.why.output") + "</p>";
  }
  var used = terms[i];
  if (!used.length) return html + '<p class="note">' + T("explorer.why.none") + "</p>";
  html += "<p>" + (used.length > 1 ? T("explorer.why.used_by", { n: used.length }) : T("explorer.why.used_by_one")) + "</p><table>";
  var shownTerms = [];
  used.forEach(function (t) {
    var k = t[0], slot = t[1], j = BW.node[k], sent = BW.sent[k][slot], local = BW.local[k];
    var term = local && local[slot] !== null ? fmt(local[slot]) + " × " + fmt(N.grad[j]) : fmt(sent);
    shownTerms.push(term);
    html += row([link(j) + " (" + esc(T("explorer.input_slot", { op: opOf(j).name, k: slot + 1 })) + ")",
      '<span class="term" data-sent="' + esc(String(sent)) + '">' + esc(term + " = " + fmt(sent)) + "</span>"]);
  });
  html += '</table><p class="rule">' + T("explorer.grad") + "(" + esc(N.name[i]) + ") = " + esc(shownTerms.join(" + ")) + " = " +
    '<span class="total" data-grad="' + esc(String(N.grad[i])) + '">' + esc(fmt(N.grad[i])) + "</span></p>";
  if (used.every(function (t) { return isNum(BW.sent[t[0]][t[1]]); })) {
    var sum = used.reduce(function (acc, t) { return acc + num(BW.sent[t[0]][t[1]]); }, 0);
    html += '<p class="note">' + T("explorer.sum_of_terms", { sum: '<span class="sum">' + esc(String(sum)) + "</span>" }) + "</p>";
  }
  return html;
}
function explainOp(j) {
  if (TENSOR) return explainTensorOp(j);
  var op = opOf(j), k = bwStepOf[j], local = k >= 0 ? BW.local[k] : null;
  var html = "<h2>" + esc(op.detail) + '</h2><p class="sub">' + T("explorer.op_making", { name: link(j) }) + "</p>";
  if (op.formula) html += '<p class="formula">' + esc(op.formula) + "</p>";
  html += "<h3>" + T("explorer.forward.heading") + "</h3><table>";
  N.parents[j].forEach(function (p, slot) { html += row([T("explorer.input_k", { k: slot + 1 }), link(p), esc(fmt(N.data[p]))]); });
  html += row([T("explorer.output"), link(j), esc(fmt(N.data[j]))]) + "</table>";
  html += "<h3>" + T("explorer.backward.heading") + "</h3>";
  if (k < 0) return html + '<p class="note">' + T("explorer.no_flow") + "</p>";
  html += "<p>" + esc(T("explorer.step_receives", { k: k + 1, n: BW.node.length, grad: fmt(N.grad[j]) })) + "</p><table>";
  N.parents[j].forEach(function (p, slot) {
    var sent = BW.sent[k][slot];
    html += row([link(p), sent === null ? '<span class="note">' + T("explorer.needs_no_gradient") + "</span>" :
      (local && local[slot] !== null ? esc(T("explorer.local_is", { k: slot + 1, value: fmt(local[slot]) })) : "") +
      esc(T("explorer.sends", { text: sentText(k, slot) }))]);
  });
  return html + "</table>";
}
function unselect() {
  var before = state.selected >= 0 ? (state.selectedOp ? opBoxOf : boxOf)(state.selected) : null;
  if (before && els.box[before]) els.box[before].classList.remove("selected");
  state.selected = -1;
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
/* Tensor graphs: with nothing selected, the panel explains the current step's op. */
function explainStep() {
  var j = currentNode();
  panel.innerHTML = explainTensorOp(j);
  panel.setAttribute("data-node", j);
}
panel.addEventListener("click", function (e) {
  var cell = e.target.closest("[data-cell], img.heat[data-step]");
  if (cell) { drill(cell, e); return; }
  var a = e.target.closest("a");
  if (!a) return;
  if (a.hasAttribute("data-op")) explain(+a.getAttribute("data-op"), true);
  else if (a.hasAttribute("data-node")) explain(+a.getAttribute("data-node"), false);
  else return;
  var id = boxOf(state.selected);
  if (layout.pos[id]) keepInView(id);
});
