/* layout.js: lays a view out with dagre (after a group opens or closes; the first
 * view comes laid out by Graphviz, see pagelayout.py). Returns the layout format of
 * pagelayout.graphviz_layout: {w, h, pos, edges: {key: [d, lx, ly]}, frames}. */
function dagreLayout(view, boxSize, labelSize) {
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
    var label = labelSize(key, e);
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
    out.edges[label.key] = [smoothPath(label.points), label.width ? label.x : null,
      label.width ? label.y + 4 - label.height / 2 + 7 : null];
  });
  return out;
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
