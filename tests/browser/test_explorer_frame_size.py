"""An explorer page shown in a frame that gets its size only after the page loaded (as in
nbconvert's HTML of a notebook, where the frame loads at 0 × 0): the first view is taken again
at the new size, until the view is moved by hand."""

from __future__ import annotations

from autograd.viz import explore

LATE_SIZE = """<!DOCTYPE html><body style="margin:0">
<div id="holder" style="width:0; height:0; overflow:hidden">{frame}</div>
</body>"""


def boxes_outside_the_pane(frame) -> int:
    return frame.evaluate("""() => {
        const pane = document.getElementById('viewport').getBoundingClientRect();
        return Array.from(document.querySelectorAll('#viewport .box')).filter(b => {
            const r = b.getBoundingClientRect();
            return r.left < pane.left || r.right > pane.right || r.top < pane.top ||
                   r.bottom > pane.bottom;
        }).length;
    }""")


def open_at_zero_size(watch, apple):
    watch.page.set_content(LATE_SIZE.format(frame=explore(apple["price"])._repr_html_()))
    inner = watch.page.frames[1]
    inner.wait_for_function("window.explorer !== undefined")
    assert inner.evaluate("window.innerWidth") == 0
    return inner


def grow(watch, inner):
    watch.page.evaluate("""() => { const h = document.getElementById('holder');
        h.style.width = '1200px'; h.style.height = '700px'; }""")
    inner.wait_for_function("window.innerWidth > 1000")
    inner.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def test_a_page_loaded_at_zero_size_shows_the_whole_graph_once_it_has_a_size(watch, apple):
    inner = open_at_zero_size(watch, apple)
    grow(watch, inner)
    assert inner.locator("#viewport .box").count() >= 7
    assert boxes_outside_the_pane(inner) == 0


def test_a_view_moved_by_hand_stays_when_the_frame_is_resized(watch, apple):
    inner = open_at_zero_size(watch, apple)
    inner.dispatch_event("#viewport", "pointerdown")
    scale = inner.evaluate("explorer.scale()")
    grow(watch, inner)
    assert inner.evaluate("explorer.scale()") == scale
