"""A single self-contained HTML page that steps through SVG frames."""

from __future__ import annotations

import re
from html import escape

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  body {{ font-family: Helvetica, Arial, sans-serif; margin: 1.5em; color: #111827; }}
  h1 {{ font-size: 1.3em; margin: 0 0 .6em; }}
  .controls {{ display: flex; gap: .6em; align-items: center; flex-wrap: wrap; }}
  .controls input[type=range] {{ flex: 1; min-width: 12em; max-width: 40em; }}
  button {{ font-size: 1em; padding: .3em .9em; }}
  #caption {{ font-size: 1.05em; min-height: 2.6em; margin: .8em 0; }}
  .frame svg {{ max-width: 100%; height: auto; }}
  .help {{ color: #6b7280; font-size: .9em; }}
</style>
</head>
<body>
<h1>{title}</h1>
<div class="controls">
  <button id="prev" title="previous step (Left arrow)">&#9664; Prev</button>
  <button id="play" title="play / pause (Space)">Play</button>
  <button id="next" title="next step (Right arrow)">Next &#9654;</button>
  <input id="slider" type="range" min="0" max="{last}" value="0" aria-label="step">
  <span id="counter"></span>
</div>
<p id="caption"></p>
<div id="frames">
{frames}
</div>
<p class="help">Orange: the op being processed. Red edges: the gradient it sends to each
input (local derivative &#215; incoming grad). Grey: gradients sent in earlier steps.
A value's grad appears once all of it has arrived. Keys: &#8592; &#8594; Home End Space.</p>
<script>
(function () {{
  var frames = document.querySelectorAll(".frame");
  var slider = document.getElementById("slider");
  var prev = document.getElementById("prev"), next = document.getElementById("next");
  var play = document.getElementById("play");
  var caption = document.getElementById("caption");
  var counter = document.getElementById("counter");
  var i = 0, timer = null, last = frames.length - 1;
  function show(k) {{
    i = Math.max(0, Math.min(last, k));
    for (var j = 0; j < frames.length; j++) frames[j].hidden = (j !== i);
    slider.value = i;
    caption.textContent = frames[i].getAttribute("data-caption");
    counter.textContent = "Step " + (i + 1) + " / " + frames.length;
    prev.disabled = (i === 0);
    next.disabled = (i === last);
  }}
  function stop() {{ clearInterval(timer); timer = null; play.textContent = "Play"; }}
  function toggle() {{
    if (timer) {{ stop(); return; }}
    if (i === last) show(0);
    play.textContent = "Pause";
    timer = setInterval(function () {{ if (i >= last) stop(); else show(i + 1); }}, {frame_ms});
  }}
  prev.onclick = function () {{ stop(); show(i - 1); }};
  next.onclick = function () {{ stop(); show(i + 1); }};
  play.onclick = toggle;
  slider.oninput = function () {{ stop(); show(+slider.value); }};
  document.addEventListener("keydown", function (e) {{
    if (e.key === "ArrowLeft") {{ stop(); show(i - 1); }}
    else if (e.key === "ArrowRight") {{ stop(); show(i + 1); }}
    else if (e.key === "Home") {{ stop(); show(0); }}
    else if (e.key === "End") {{ stop(); show(last); }}
    else if (e.key === " " && e.target.tagName !== "BUTTON") {{ toggle(); }}
    else return;
    e.preventDefault();
  }});
  show(0);
}})();
</script>
</body>
</html>
"""


def inline_svg(svg: str, prefix: str) -> str:
    """Graphviz SVG made fit to sit inside HTML: no XML prolog, DOCTYPE, comments or
    namespace URLs (HTML supplies the namespace), ids prefixed to stay unique."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = re.sub(r'\bid="([^"]*)"', rf'id="{prefix}\1"', svg)
    return re.sub(r"url\(#([^)]*)\)", rf"url(#{prefix}\1)", svg)


def player_html(frames: list[tuple[str, str]], title: str, frame_ms: int) -> str:
    """The page for ``frames``, a list of (svg text, caption)."""
    parts = [
        f'<figure class="frame" data-caption="{escape(caption)}"{" hidden" if k else ""}>'
        f"{inline_svg(svg, f'f{k}-')}</figure>"
        for k, (svg, caption) in enumerate(frames)
    ]
    return _PAGE.format(title=escape(title), last=len(frames) - 1, frames="\n".join(parts),
                        frame_ms=int(frame_ms))
