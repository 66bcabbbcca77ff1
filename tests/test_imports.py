"""The timeline package's modules import one another without a cycle, and none runs code
made from text (exec or eval).

Every import counts: at the top of a module, inside a function, under
`if TYPE_CHECKING:`, relative or absolute. The graph is read from the source with ast,
so nothing is imported to draw it. The layers the imports keep are pyproject.toml's
import-linter contract, checked here too."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "timeline"


def module_name(path: Path) -> str:
    """The dotted name of a module of the package: timeline/commands/build.py gives
    "timeline.commands.build", timeline/commands/__init__.py "timeline.commands"."""
    parts = ["timeline", *path.relative_to(PACKAGE).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def _base(name: str, path: Path, node: ast.ImportFrom) -> str:
    """The module a `from ... import` names, made absolute."""
    if not node.level:
        return node.module or ""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, node.module] if node.module else package)


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of the package that the module `name` (at `path`) imports, anywhere."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _base(name, path, node)
            # "from . import cache" imports the module timeline.cache; "from .cache import
            # digest" the module timeline.cache, whose attribute digest is.
            targets = [f"{base}.{alias.name}" for alias in node.names]
            targets = [t if t in known else base for t in targets]
        else:
            continue
        found.update(target for target in targets if target in known and target != name)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, as the modules along it (the first repeated at the end),
    or None. A depth-first search that keeps the path it is on."""
    done: set[str] = set()
    for start in sorted(edges):
        if start in done:
            continue
        path: list[str] = [start]
        on_path = {start}
        pending = [iter(sorted(edges[start]))]
        while pending:
            following = next(pending[-1], None)
            if following is None:
                pending.pop()
                done.add(path[-1])
                on_path.discard(path.pop())
            elif following in on_path:
                return [*path[path.index(following) :], following]
            elif following not in done:
                path.append(following)
                on_path.add(following)
                pending.append(iter(sorted(edges[following])))
    return None


def test_the_import_graph_is_read_from_every_kind_of_import() -> None:
    edges = graph()
    assert "timeline.commands.build" in edges
    assert "timeline.dataset" in edges["timeline.commands.build"]  # from ..dataset import
    assert "timeline.cache" in edges["timeline.dataset"]  # from .cache import
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycle() -> None:
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_module_runs_code_made_from_text() -> None:
    found = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called in ("exec", "eval"):
                found.append(f"{name}:{node.lineno}: {called}(")
    assert not found, "\n".join(found)


def _lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    run = "from importlinter.cli import lint_imports_command; lint_imports_command()"
    command = [sys.executable, "-c", run, "--config", str(config), "--no-cache"]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)


def test_the_layers_contract_holds() -> None:
    """pyproject.toml's import-linter contract: each module imports only from its own layer
    or those below (docs/architecture.md)."""
    result = _lint_imports(REPO / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_the_contract_is_broken_by_an_upward_import(tmp_path: Path) -> None:
    """The same check with the infrastructure put above the command line fails: the
    contract is read and enforced, not passed by default."""
    layers = ["timeline.cache", "timeline.cli"]  # cli imports cache: upward once swapped
    config = tmp_path / "contract.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "timeline"\n\n[[tool.importlinter.contracts]]\n'
        f'name = "swapped"\ntype = "layers"\nlayers = {layers!r}\n'.replace("'", '"'),
        encoding="utf-8",
    )
    result = _lint_imports(config)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Contracts: 0 kept, 1 broken." in result.stdout
    assert "timeline.cli -> timeline.cache" in result.stdout
