/* matrix.js: array values as the page receives them (pagedata.matrix), shown in
 * the row or the column convention, and drawn as heatmaps.
 *
 * A matrix M is {r, c, lo, hi, mean, v?, h?}: the array seen as r × c (a vector
 * as one row, more axes folded into the rows), its smallest, largest and mean
 * value, all values row by row (v, when small enough) and the block means of
 * its heatmap (h = [rows, cols, values], when larger than a heatmap). In the
 * column convention every matrix is shown transposed, as tutorial 002 writes it. */
function isMatrix(x) { return x !== null && typeof x === "object" && "r" in x; }
function matrixSummary(m) {
  return T("explorer.summary", { lo: fmt(m.lo), mean: fmt(m.mean), hi: fmt(m.hi) });
}
function columnForm() { return state.convention === "column"; }
/* The matrix as shown: [rows, cols, get(i, j)] over its values (full: true) or over
   its heatmap blocks, transposed in the column convention (`column`: the page's, unless
   given: a rule without a column form is shown in the row form). */
function shown(m, full, column) {
  if (column === undefined) column = columnForm();
  var rows, cols, vals;
  if (m.v && (full || !m.h)) { rows = m.r; cols = m.c; vals = m.v; full = true; }
  else { rows = m.h[0]; cols = m.h[1]; vals = m.h[2]; full = false; }
  if (column) {
    return { rows: cols, cols: rows, full: full, at: function (i, j) { return vals[j * cols + i]; } };
  }
  return { rows: rows, cols: cols, full: full, at: function (i, j) { return vals[i * cols + j]; } };
}
/* The engine's (row, col) of a cell shown at (i, j). */
function engineCell(i, j, column) {
  if (column === undefined) column = columnForm();
  return column ? [j, i] : [i, j];
}
/* "5×3": a shape as the tutorials write it, in the page's convention. dims are the
   engine's; a vector is a row (1×n), or in the column form a column (n×1). */
function dimsText(dims) {
  if (dims === null) return "";
  if (!dims.length) return "1×1";
  var rc = dims.length === 1 ? [1, dims[0]] : [dims.slice(0, -1).reduce(function (a, b) { return a * b; }, 1),
    dims[dims.length - 1]];
  if (columnForm()) rc = [rc[1], rc[0]];
  return rc[0] + "×" + rc[1];
}
/* A node's shape as the page writes it; in one-sample mode a batch axis reads 1. */
function shapeOf(i) {
  var dims = N.shape[i];
  if (dims && dims.length && state.oneSample && D.sample && N.batch && N.batch[i]) dims = [1].concat(dims.slice(1));
  return dimsText(dims);
}

// ---- heatmaps ------------------------------------------------------------------------
/* Blue below zero, white at zero, red above, scaled by the largest |value|; purple for
   nan and inf. */
function heatColor(x, scale) {
  x = num(x);
  if (!isFinite(x)) return [126, 34, 206];
  var t = scale > 0 ? Math.max(-1, Math.min(1, x / scale)) : 0;
  var a = Math.abs(t), to = t < 0 ? [33, 102, 172] : [178, 24, 43];
  return [0, 1, 2].map(function (k) { return Math.round(247 + (to[k] - 247) * a); });
}
function heatScale(m) {
  var lo = num(m.lo), hi = num(m.hi), s = Math.max(Math.abs(lo), Math.abs(hi));
  return isFinite(s) ? s : 1;
}
var heatCache = {};
/* A PNG (data URL) of the matrix's heatmap, one pixel per cell, as shown. */
function heatImage(m, key, column) {
  if (column === undefined) column = columnForm();
  var k = key + (column ? "c" : "r");
  if (heatCache[k]) return heatCache[k];
  var g = shown(m, false, column), scale = heatScale(m);
  var canvas = document.createElement("canvas");
  canvas.width = g.cols; canvas.height = g.rows;
  var ctx = canvas.getContext("2d"), img = ctx.createImageData(g.cols, g.rows);
  for (var i = 0; i < g.rows; i++) {
    for (var j = 0; j < g.cols; j++) {
      var c = heatColor(g.at(i, j), scale), o = 4 * (i * g.cols + j);
      img.data[o] = c[0]; img.data[o + 1] = c[1]; img.data[o + 2] = c[2]; img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return (heatCache[k] = canvas.toDataURL("image/png"));
}
/* Whether a box writes the matrix's numbers (at most ~12 of them, in a grid that fits)
   rather than drawing its heatmap. */
var BOX_NUMBERS = { rows: 3, cols: 4 };
function fitsAsNumbers(m) {
  var g = shown(m, true);
  return g.full && g.rows * g.cols <= 12 && g.rows <= BOX_NUMBERS.rows && g.cols <= BOX_NUMBERS.cols;
}
