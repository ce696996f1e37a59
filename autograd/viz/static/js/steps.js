/* steps.js: the forward and backward steps, the page's state, and the captions. */
var forwardSteps = [], fwdStepOf = new Array(COUNT), bwStepOf = new Array(COUNT);
var terms = [];  // per node: [step, slot] of each gradient it received, in backward order
(function () {
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
})();
var state = {
  mode: D.start, step: 0, selected: -1, selectedOp: false, expanded: new Set(D.initial.expanded),
  convention: D.convention, oneSample: false, sample: 0
};
function stepList() { return state.mode === "forward" ? forwardSteps : BW.node; }
function currentNode() { var s = stepList(); return s.length ? s[state.step] : -1; }

function caption() {
  var j = currentNode(), steps = stepList(), k = state.step;
  if (j < 0) return T(state.mode === "forward" ? "explorer.caption.no_ops" : "explorer.caption.no_backward");
  var head = T("explorer.caption." + state.mode, { k: k + 1, n: steps.length });
  var op = opOf(j).name;
  if (state.mode === "forward") {
    if (TENSOR) return head + T("explorer.caption.gives_shape", { op: op, name: shortOf(j), shape: "(" + shapeOf(j) + ")" });
    var args = N.parents[j].map(function (p) { return N.name[p] + " = " + fmt(N.data[p]); });
    return head + T("explorer.caption.gives", { op: op, args: args.join(", "), name: N.name[j], value: fmt(N.data[j]) });
  }
  var sends = [];
  N.parents[j].forEach(function (p, slot) {
    if (BW.sent[k][slot] === null) return;
    sends.push(TENSOR ? gradLabel(p) + " (" + shapeOf(p) + ")" : N.name[p] + ": " + sentText(k, slot));
  });
  var sent = sends.length ? sends.join(T("explorer.caption.sep")) : T("explorer.caption.nothing");
  if (TENSOR) return head + T("explorer.caption.receives_shape", { op: op, name: shortOf(j), grad: gradLabel(j), shape: "(" + shapeOf(j) + ")", sends: sent });
  return head + T("explorer.caption.receives", { op: op, name: N.name[j], grad: fmt(N.grad[j]), sends: sent });
}
