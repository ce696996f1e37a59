"""The package's shape, read from its imports: no cycles, the engine self-contained,
no private names taken from another module.

Every ``import`` in ``autograd/`` and ``nn/`` is read with ``ast``, the ones
inside functions too (a lazy import is still a cycle). A failure names the
cycle, or the offending import, with file:line.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("autograd", "nn")
ENGINE = "autograd.engine"

# Known cycles and private imports, each with the branch that removes it, as
# frozenset({module, ...}) and (importer, module, name): the lead deletes an entry on merge.
# (Empty now: drawing <-> rendering, checkop <-> testing and checkop's use of
# gradcheck._numerical are gone on main.)
ALLOWED_CYCLES: set[frozenset[str]] = set()
ALLOWED_PRIVATE_IMPORTS: set[tuple[str, str, str]] = set()


@dataclass(frozen=True)
class Import:
    """One edge of the import graph: ``source`` imports ``target`` (``name`` from it)."""

    source: str
    target: str
    name: str | None
    file: str  # relative to the repository
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def module_files(root: Path) -> dict[str, Path]:
    """Every module of the packages under ``root``, by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def read_imports(root: Path) -> tuple[dict[str, Path], list[Import], list[Import]]:
    """The modules, their imports of each other, and their uses of ``module._name``
    on a module they imported (as ``Import`` rows whose ``name`` is the attribute)."""
    modules = module_files(root)
    imports: list[Import] = []
    attributes: list[Import] = []
    for source, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        file = path.relative_to(root).as_posix()
        package = source if path.name == "__init__.py" else source.rpartition(".")[0]
        bound: dict[str, str] = {}  # local names bound to one of our modules
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules:
                        imports.append(Import(source, alias.name, None, file, node.lineno))
                        if alias.asname:
                            bound[alias.asname] = alias.name
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                if base not in modules:
                    continue  # the standard library or a third-party package
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    if submodule in modules:  # from package import module
                        imports.append(Import(source, submodule, None, file, node.lineno))
                        bound[alias.asname or alias.name] = submodule
                    else:
                        imports.append(Import(source, base, alias.name, file, node.lineno))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in bound and _private(node.attr)):
                attributes.append(Import(source, bound[node.value.id], node.attr, file,
                                         node.lineno))
    return modules, imports, attributes


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def find_cycles(imports: list[Import]) -> list[list[Import]]:
    """One cycle (as its edges, in order) for every strongly connected group of modules."""
    edges: dict[str, dict[str, Import]] = {}
    for imp in imports:
        if imp.source != imp.target:
            edges.setdefault(imp.source, {}).setdefault(imp.target, imp)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def connect(v: str) -> None:  # Tarjan's algorithm (the graph is small: recursion is fine)
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, {}):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(edges):
        if v not in index:
            connect(v)
    return [_cycle_in(group, edges) for group in groups]


def _cycle_in(group: set[str], edges: dict[str, dict[str, Import]]) -> list[Import]:
    """A shortest cycle through the group's first module, as its import edges."""
    start = min(group)
    paths: dict[str, list[Import]] = {start: []}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w, imp in sorted(edges.get(v, {}).items()):
                if w == start:
                    return paths[v] + [imp]
                if w in group and w not in paths:
                    paths[w] = paths[v] + [imp]
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover


def architecture_problems(root: Path) -> list[str]:
    """Everything wrong with the imports of the packages under ``root``, one line each."""
    modules, imports, attributes = read_imports(root)
    problems = []
    for cycle in find_cycles(imports):
        members = frozenset(imp.source for imp in cycle)
        if members in ALLOWED_CYCLES:
            continue
        chain = " -> ".join([cycle[0].source] + [imp.target for imp in cycle])
        steps = "; ".join(f"{imp.where} imports {imp.target}" for imp in cycle)
        problems.append(f"import cycle {chain} ({steps})")
    for imp in dict.fromkeys((i.source, i.target, i.file, i.line) for i in imports):
        imp = Import(imp[0], imp[1], None, imp[2], imp[3])
        if _in_engine(imp.source) and not _in_engine(imp.target):
            problems.append(f"{imp.where}: the engine ({imp.source}) imports {imp.target}; "
                            f"{ENGINE} must import nothing outside itself")
    for imp in imports + attributes:
        if imp.name and _private(imp.name) and imp.target != imp.source and \
                (imp.source, imp.target, imp.name) not in ALLOWED_PRIVATE_IMPORTS:
            problems.append(f"{imp.where}: {imp.source} uses the private name {imp.name} of "
                            f"{imp.target}; make it public there, or keep it in its module")
    return problems


def _in_engine(module: str) -> bool:
    return module == ENGINE or module.startswith(ENGINE + ".")


def test_no_import_cycles_no_private_names_and_a_self_contained_engine():
    problems = architecture_problems(REPO)
    assert not problems, "\n".join(problems)


def test_the_allow_lists_name_only_problems_that_exist():
    """An entry for a problem fixed elsewhere must go (the lead deletes them on merge)."""
    modules, imports, _ = read_imports(REPO)
    cycles = {frozenset(imp.source for imp in cycle) for cycle in find_cycles(imports)}
    for allowed in ALLOWED_CYCLES:
        assert allowed in cycles, f"{sorted(allowed)} no longer form a cycle: drop the entry"
    used = {(i.source, i.target, i.name) for i in imports}
    for entry in ALLOWED_PRIVATE_IMPORTS:
        assert entry in used, f"{entry} is no longer imported: drop the entry"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_each_kind_of_problem_is_found_and_named_with_file_and_line(tmp_path):
    _write(tmp_path, {
        "autograd/__init__.py": "from .engine import Value\n",
        "autograd/tool.py": "def f():\n    from .engine.node import _secret\n",
        "autograd/a.py": "from . import b\n",
        "autograd/b.py": "import os\n\n\ndef g():\n    from .a import thing\n",
        "autograd/engine/__init__.py": "from .value import Value\n",
        "autograd/engine/value.py": "import numpy\nfrom ..tool import f\nfrom . import node\n",
        "autograd/engine/node.py": "_secret = 1\n",
        "autograd/enginecheck.py": "from .tool import f\n",  # (not the engine: no problem)
        "nn/__init__.py": "import autograd.engine.node as n\nprint(n._secret)\n",
    })
    problems = architecture_problems(tmp_path)
    text = "\n".join(problems)
    assert "import cycle autograd.a -> autograd.b -> autograd.a" in text
    assert "autograd/a.py:1 imports autograd.b; autograd/b.py:5 imports autograd.a" in text
    assert ("autograd/engine/value.py:2: the engine (autograd.engine.value) imports "
            "autograd.tool") in text
    assert "autograd/tool.py:2: autograd.tool uses the private name _secret of " \
           "autograd.engine.node" in text
    assert "nn/__init__.py:2: nn uses the private name _secret of autograd.engine.node" in text
    assert len(problems) == 4, text


@pytest.mark.parametrize("line, target", [
    ("from . import ops", "autograd.engine.ops"),          # a submodule
    ("from .ops import TABLE", "autograd.engine.ops"),     # a name from a submodule
    ("from . import Value", "autograd.engine"),            # a name from the package
    ("from .. import files", "autograd.files"),
])
def test_relative_imports_resolve_to_the_module_they_name(tmp_path, line, target):
    _write(tmp_path, {
        "autograd/__init__.py": "", "autograd/files.py": "",
        "autograd/engine/__init__.py": "Value = 1\n", "autograd/engine/ops.py": "TABLE = ()\n",
        "autograd/engine/tensor.py": line + "\n", "nn/__init__.py": "",
    })
    _, imports, _ = read_imports(tmp_path)
    assert [(i.source, i.target) for i in imports] == [("autograd.engine.tensor", target)]


# Exception classes still to be given the base, each with the branch that does it (none now).
OWN_EXCEPTIONS_ELSEWHERE: set[str] = set()


def test_every_exception_class_derives_from_autograd_error():
    """One base for the package's errors, beside the built-in one a caller expects."""
    import importlib
    import inspect

    from autograd import AutogradError

    missing = []
    for name in module_files(REPO):
        if name.endswith(".__main__"):
            continue  # (importing it runs the command line)
        module = importlib.import_module(name)
        for cls_name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, BaseException) and \
                    cls.__module__ == name and not issubclass(cls, AutogradError):
                missing.append(f"{name}.{cls_name}")
    missing = sorted(set(missing) - OWN_EXCEPTIONS_ELSEWHERE)
    assert not missing, f"derive these from autograd.AutogradError (and their built-in " \
                        f"base): {', '.join(missing)}"
