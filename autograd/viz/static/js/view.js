/* view.js: which boxes are shown for a set of open groups (the rule of
 * autograd/viz/pagelayout.py, which lays out the first view; a browser test checks
 * the two agree on generated graphs).
 *
 * A node whose scope (or an enclosing scope) is closed is folded into the outermost
 * closed group's box "g<s>"; the others are drawn alone: a value box "v<i>", and for
 * an op node its oval "o<i>" too. Edges between lone boxes keep their input slot
 * ("v3>o5:1"); edges into or out of a group are merged ("g2>o7"). Each edge is
 * [src, dst, n, p, j, slot]: n edges of the graph merged, the first being the value
 * of node p going into input `slot` of node j. */
function foldTargets(nodes, scopes, expanded) {
  var target = [];
  scopes.forEach(function (s, k) {  // scopes come outer first, so parents are done first
    var up = s.parent >= 0 ? target[s.parent] : -1;
    target.push(up >= 0 ? up : (expanded.has(k) ? -1 : k));
  });
  return nodes.scope.map(function (s) { return s < 0 ? -1 : target[s]; });
}
function computeView(nodes, scopes, expanded) {
  var folded = foldTargets(nodes, scopes, expanded), boxes = new Map(), edges = new Map();
  var via = {};  // "j:slot" -> the key of the drawn edge that input slot of node j is part of
  var box = function (i) { return folded[i] < 0 ? "v" + i : "g" + folded[i]; };
  var count = nodes.name.length;
  for (var i = 0; i < count; i++) {
    if (folded[i] >= 0) { boxes.set("g" + folded[i], scopes[folded[i]].parent); continue; }
    boxes.set("v" + i, nodes.scope[i]);
    if (nodes.op[i] >= 0) {
      boxes.set("o" + i, nodes.scope[i]);
      edges.set("o" + i + ">v" + i, ["o" + i, "v" + i, 1, i, -1, -1]);
    }
  }
  nodes.parents.forEach(function (parents, j) {
    var dst = folded[j] < 0 ? "o" + j : box(j);
    parents.forEach(function (p, slot) {
      var src = box(p);
      var key = src + ">" + dst + ":" + slot;
      if (folded[j] < 0 && folded[p] < 0) { edges.set(key, [src, dst, 1, p, j, slot]); via[j + ":" + slot] = key; return; }
      if (src === dst) return;  // edges inside one group are not drawn
      key = src + ">" + dst;
      var old = edges.get(key);
      via[j + ":" + slot] = key;
      edges.set(key, old ? [src, dst, old[2] + 1, old[3], old[4], old[5]] : [src, dst, 1, p, j, slot]);
    });
  });
  return { folded: folded, boxes: boxes, edges: edges, via: via };
}
