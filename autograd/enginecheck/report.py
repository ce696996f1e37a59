"""What check_engine found: failures with runnable snippets, notes, and the report table."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from autograd.messages import text
from autograd.text import format_table

PHASES = ("forms", "ops", "compositions", "edges", "twice", "depth")


@dataclass(frozen=True)
class Failure:
    """One way the engine is wrong, shrunk to a small case.

    ``source`` is a runnable snippet in the engine's own API that shows it;
    ``expression`` the expression on one line, ``inputs`` the point,
    ``got``/``expected`` the value and gradients (floats; None where the
    engine raised), ``wrong`` what differs (``"value"`` or an input's name),
    ``flaky`` True when the same expression gave different results from run
    to run; ``found_after`` the seconds from the start of the check until it was
    found and shrunk.
    """

    phase: str
    message: str
    source: str
    expression: str = ""
    inputs: dict[str, float] = field(default_factory=dict)
    got: tuple[float, ...] | None = None
    expected: tuple[float, ...] | None = None
    wrong: tuple[str, ...] = ()
    flaky: bool = False
    form: str | None = None
    found_after: float = 0.0

    def __str__(self) -> str:
        return self.message + "\n" + _indent(self.source)


@dataclass(frozen=True)
class Note:
    """Something worth knowing that is not a failure (a limit, a convention)."""

    phase: str
    message: str
    form: str | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class PhaseResult:
    """One row of the report: what a phase checked and how it went."""

    phase: str
    checked: int | None
    failures: int
    notes: int
    result: str  # the result cell, e.g. "no failure", "990 nodes"
    seconds: float = 0.0


@dataclass
class EngineReport:
    """check_engine's findings. ``ok`` is True when no failure was found.

    ``failures``: :class:`Failure` s (each with a runnable ``.source``);
    ``unsupported``: calling form -> why (the error it raised); ``notes``;
    ``depth``: the deepest chain whose ``backward()`` worked (None if not
    checked). ``str(report)`` is a readable report; a notebook shows a table.
    """

    engine: str
    reference: str
    supported: tuple[str, ...]
    unsupported: dict[str, str]
    failures: list[Failure]
    notes: list[Note]
    depth: int | None
    phases: list[PhaseResult]
    seconds: float
    lang: str = "en"
    spellings: dict[str, str] = field(default_factory=dict)  # form -> as the engine writes it

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def examples(self) -> int:
        """How many checks ran (expressions, points, chains)."""
        return sum(p.checked or 0 for p in self.phases)

    def _rows(self) -> list[list[str]]:
        lang = self.lang
        head = [text(f"testing.header.{k}", lang) for k in ("phase", "checked", "result")]
        return [head] + [[text(f"testing.phase.{p.phase}", lang),
                          "—" if p.checked is None else str(p.checked), p.result]
                         for p in self.phases]

    def verdict(self) -> str:
        n = len(self.failures)
        if not n:
            return text("testing.verdict.ok", self.lang, examples=self.examples)
        key = "testing.verdict.failed_one" if n == 1 else "testing.verdict.failed_many"
        return text(key, self.lang, count=n, examples=self.examples)

    def __str__(self) -> str:
        lang = self.lang
        parts = [text("testing.title", lang, engine=self.engine, reference=self.reference),
                 "", format_table(self._rows(), right=(False, True, False)), "", self.verdict()]
        for i, failure in enumerate(self.failures, 1):
            parts += ["", f"{i}. {failure.message}", _indent(failure.source, "   ")]
        if self.unsupported:
            parts += ["", text("testing.unsupported", lang)]
            parts += [f"  {self.spellings.get(form, form)}  ({why})"
                      for form, why in self.unsupported.items()]
        if self.notes:
            parts += ["", text("testing.notes", lang)]
            parts += [f"  - {note.message}" for note in self.notes]
        return "\n".join(parts)

    __repr__ = __str__  # the report at a Python prompt too

    def _repr_html_(self) -> str:
        lang = self.lang
        e = html.escape
        colors = {"fail": "#fee2e2", "note": "#fef9c3", "ok": "#dcfce7"}
        head, *rows = self._rows()
        title = text("testing.title", lang, engine=self.engine, reference=self.reference)
        out = [f"<p><b>{e(title)}</b></p>", "<table>",
               "<tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr>"]
        for phase, row in zip(self.phases, rows):
            state = "fail" if phase.failures else "note" if phase.notes else "ok"
            out.append(f'<tr style="background:{colors[state]}">'
                       f"<td>{e(row[0])}</td><td style=\"text-align:right\">{e(row[1])}</td>"
                       f"<td>{e(row[2])}</td></tr>")
        out += ["</table>", f"<p>{e(self.verdict())}</p>"]
        for i, failure in enumerate(self.failures, 1):
            out.append(f"<details open><summary>{i}. {e(failure.message)}</summary>"
                       f"<pre>{e(failure.source)}</pre></details>")
        if self.unsupported:
            items = "".join(f"<li><code>{e(self.spellings.get(f, f))}</code> ({e(w)})</li>"
                            for f, w in self.unsupported.items())
            out.append(f"<p>{e(text('testing.unsupported', lang))}</p><ul>{items}</ul>")
        if self.notes:
            items = "".join(f"<li>{e(n.message)}</li>" for n in self.notes)
            out.append(f"<p>{e(text('testing.notes', lang))}</p><ul>{items}</ul>")
        return "\n".join(out)


def count_text(failures: int, notes: int, lang: str) -> str:
    """The result cell: "no failure", "2 failures", "1 failure, 3 notes"."""
    parts = []
    if failures:
        parts.append(text("testing.result.failure_one", lang) if failures == 1 else
                     text("testing.result.failure_many", lang, count=failures))
    if notes:
        parts.append(text("testing.result.note_one", lang) if notes == 1 else
                     text("testing.result.note_many", lang, count=notes))
    return text("testing.result.separator", lang).join(parts) if parts else \
        text("testing.result.pass", lang)


def _indent(source: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in source.splitlines())
