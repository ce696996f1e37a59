/* base.js: the page data, its messages, numbers, names and shapes.
 * The page's scripts (js/*.js, in the order explore.py lists them) share one
 * closure; each file says what it defines. This one: D (the data of
 * pagedata.build), T (a message of the page's language), fmt, esc, and the
 * small lookups every other file uses. */
var D = JSON.parse(document.getElementById("graph-data").textContent);
var N = D.nodes, BW = D.backward, SCOPES = D.scopes;
var COUNT = N.name.length;
var LINE = 16, PAD = 8, NAME_CHARS = 36;  // as in pagedata.py
var TENSOR = D.tensor;  // any array-valued node: tensor boxes, shapes on edges, matrix panels

var $ = function (id) { return document.getElementById(id); };
var svg = $("graph"), scene = $("scene"), viewport = $("viewport"), panel = $("panel");

/* The message `key` of the page's language (autograd/messages/explorer.py), with
   {fields} filled in. */
function T(key, fields) {
  var text = D.messages[key];
  if (text === undefined) throw new Error("no message " + key);
  return text.replace(/\{(\w+)\}/g, function (all, name) {
    return fields && fields[name] !== undefined ? fields[name] : all;
  });
}

// ---- numbers ----------------------------------------------------------------------
var NONFINITE = { "NaN": NaN, "Infinity": Infinity, "-Infinity": -Infinity };
function isNum(x) { return typeof x === "number" || (typeof x === "string" && x in NONFINITE); }
function num(x) { return typeof x === "number" ? x : NONFINITE[x]; }
function trimZeros(s) { return s.indexOf(".") < 0 ? s : s.replace(/0+$/, "").replace(/\.$/, ""); }
/* A number with at most 4 significant digits, as autograd.viz.style.fmt_number. */
function fmt(x) {
  if (x === null || x === undefined) return "—";
  if (isMatrix(x)) return matrixSummary(x);
  if (!isNum(x)) return String(x);
  x = num(x);
  if (isNaN(x)) return "nan";
  if (!isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return "0";
  var parts = x.toExponential(3).split("e"), e = parseInt(parts[1], 10);
  if (e < -4 || e >= 4) return trimZeros(parts[0]) + "e" + e;
  return trimZeros(x.toFixed(3 - e));
}
function finite(x) { return !isNum(x) || isFinite(num(x)); }

// ---- names and lookups -----------------------------------------------------------------
function shortName(s) { return s.length <= NAME_CHARS ? s : s.slice(0, NAME_CHARS - 1) + "…"; }
function cut(s, chars) { return s.length <= chars ? s : s.slice(0, chars - 1) + "…"; }
function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
function opOf(i) { return N.op[i] >= 0 ? D.ops[N.op[i]] : null; }
function kindOf(i) { return D.kinds[N.kind[i]]; }
function isTensor(i) { return N.shape[i] !== null; }
/* Formula text as SVG: "W^[1]" with its layer as a superscript. */
function svgMath(text) {
  return esc(text).replace(/\^\[(\w+)\]/g, '<tspan class="sup" baseline-shift="super">[$1]</tspan>');
}
/* Formula text as HTML: the same with <sup>. */
function mathHtml(text) {
  return esc(text).replace(/\^\[(\w+)\]/g, "<sup>[$1]</sup>");
}
function link(i) { return '<a data-node="' + i + '">' + mathHtml(N.name[i]) + "</a>"; }
function list(items) { return items.join(T("explorer.list_sep")); }
