"""The house reads top-down: each package imports only the layers below it (imports inside functions too).

cli -> scenarios -> report / bench / samples -> pipeline -> solvers / io -> evaluation -> travel -> domain,
with errors, input-file reading, atomic outputs, TOML parameter reading and the Dask client helper at the
bottom for everyone. A new arrow pointing up means the seam is in the wrong place (see ../shared/STYLE.md).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "src" / "rostering"
# Lowest first. Packages in one layer do not import each other.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "_started"}),
    frozenset({"input_files"}),
    frozenset({"atomic", "params_toml", "cluster"}),
    frozenset({"domain"}),
    frozenset({"travel"}),
    frozenset({"evaluation"}),
    frozenset({"solvers", "io"}),
    frozenset({"pipeline"}),
    frozenset({"report", "bench", "samples"}),
    frozenset({"scenarios"}),
    frozenset({"cli"}),
    frozenset({"__init__", "__main__"}),
)
LAYER_OF = {name: k for k, layer in enumerate(LAYERS) for name in layer}


def top_package(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported_packages(path: Path) -> set[str]:
    """Our top-level packages that `path` imports, at module level or inside functions."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name.split(".") for a in node.names if a.name.split(".")[0] == "rostering"]
            found |= {n[1] for n in names if len(n) > 1}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                module = (node.module or "").split(".")
                if module[0] != "rostering":
                    continue
                full = module[1:]
            else:
                full = parts[: len(parts) - node.level] + (
                    (node.module or "").split(".") if node.module else []
                )
            if full:
                found.add(full[0])
            else:  # `from . import x` at the package root
                found |= {a.name for a in node.names}
    return found


def test_every_package_has_a_layer() -> None:
    packages = {top_package(p) for p in PACKAGE.rglob("*.py")}
    assert packages <= set(LAYER_OF), sorted(packages - set(LAYER_OF))


def test_imports_point_down_only() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = top_package(path)
        for target in imported_packages(path) - {source}:
            if target in LAYER_OF and LAYER_OF[target] >= LAYER_OF[source]:
                upward.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert not upward, "\n".join(upward)


def test_only_the_adapter_imports_ortools() -> None:
    importers = sorted(
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if any(
            (isinstance(n, ast.Import) and any(a.name.split(".")[0] == "ortools" for a in n.names))
            or (
                isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "ortools" and n.level == 0
            )
            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        )
    )
    assert importers == ["solvers/ortools/_api.py"]
