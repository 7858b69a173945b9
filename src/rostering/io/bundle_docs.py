"""The file and column tables of docs/formats.md, rendered from the bundle spec so docs and reader agree.

tests/test_bundle_docs.py checks that docs/formats.md contains exactly this text.
"""

from __future__ import annotations

from .bundle_cells import range_text
from .bundle_spec import BUNDLE_FILES, KIND_NAMES, BundleFile, Column


def files_table() -> str:
    rows = ["| file | required | contents |", "|---|---|---|"]
    rows.append("| `locality.toml` | yes | The locality: name, bounds, skill vocabulary, travel settings. |")
    for spec in BUNDLE_FILES:
        rows.append(f"| `{spec.name}` | {'yes' if spec.required else 'no'} | {spec.meaning} |")
    return "\n".join(rows)


def columns_table(spec: BundleFile) -> str:
    rows = [
        "| column | type | in header | empty cell | contract | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for c in spec.columns:
        empty = "error" if c.default is None else c.default
        if c.kind in ("list", "text") and c.default is None:
            empty = "empty"
        rows.append(
            f"| `{c.name}` | {_kind(c)} | {'required' if c.required else 'optional'} | {empty} | "
            f"{'contract' if c.contract else '-'} | {c.meaning} |"
        )
    return "\n".join(rows)


def _kind(column: Column) -> str:
    if column.kind == "enum":
        return "one of " + ", ".join(f"`{c}`" for c in column.choices)
    if column.minimum is not None or column.maximum is not None:
        return f"{KIND_NAMES[column.kind]}, {range_text(column)}"
    return KIND_NAMES[column.kind]


def bundle_tables() -> str:
    """Every generated table of the bundle section, in order, with a heading per file."""
    parts = ["### Files", "", files_table()]
    for spec in BUNDLE_FILES:
        parts += ["", f"### {spec.name}", "", spec.meaning, "", columns_table(spec)]
    return "\n".join(parts)
