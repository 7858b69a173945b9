"""JSON Schemas (draft 2020-12) of the files rostering writes, as importers validate them.

Each schema is generated from the pydantic model the file is written from, then completed with what the
file adds to the model (`format_version`, offset times) and with the closed vocabularies the model keeps
as plain strings (unassigned reasons). Every property the writer always writes is `required`, so a
schema describes one format version exactly. `rostering schema NAME` prints them; docs/schemas/ holds
copies that a test keeps equal to the command's output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..domain import Problem, Roster
from ..evaluation.kpis import KPIS_FORMAT_VERSION, Kpis
from ..evaluation.violation import UNASSIGNED_REASONS
from .roster_json import ROSTER_JSON_FORMAT_VERSION

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BUNDLE_FORMAT_VERSION = "1"
# ISO 8601 date-time with a numeric UTC offset, as io/wall_clock.with_offset writes it.
OFFSET_DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"


def headed_schema(
    name: str, version: str, title: str, description: str, body: dict[str, Any]
) -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "$id": f"urn:rostering:schema:{name}:{version}",
        "version": version,
        **body,
        "title": title,
        "description": description,
    }


def _all_required(schema: dict[str, Any]) -> None:
    schema["required"] = sorted(schema["properties"])


def _version_property(version: str, file: str) -> dict[str, Any]:
    return {
        "const": version,
        "description": f"format version of {file}: minor = fields added, major = a change of meaning",
    }


def roster_schema() -> dict[str, Any]:
    """roster.json, format ROSTER_JSON_FORMAT_VERSION."""
    body = Roster.model_json_schema()
    body["properties"]["format_version"] = _version_property(ROSTER_JSON_FORMAT_VERSION, "roster.json")
    body["properties"]["timezone"] = {
        "type": "string",
        "description": "the locality's IANA timezone (locality.toml); *_min are wall-clock minutes there",
    }
    defs = body["$defs"]
    for name in ("Assignment", "ShiftRoute", "Break"):
        for edge in ("start", "end"):
            defs[name]["properties"][f"{edge}_with_offset"] = {
                "type": "string",
                "format": "date-time",
                "pattern": OFFSET_DATETIME,
                "description": f"the {edge}: ISO 8601 date-time with its UTC offset (derived from *_min)",
            }
    defs["Unassigned"]["properties"]["reason"]["enum"] = list(UNASSIGNED_REASONS)
    for obj in (body, *(defs[n] for n in ("Assignment", "ShiftRoute", "Break", "Unassigned"))):
        _all_required(obj)
    return headed_schema(
        "roster",
        ROSTER_JSON_FORMAT_VERSION,
        "roster.json",
        "A roster written by `rostering solve` / `rostering export` (docs/formats.md, Roster folder).",
        body,
    )


def kpis_schema() -> dict[str, Any]:
    """kpis.json, format KPIS_FORMAT_VERSION."""
    body = Kpis.model_json_schema()
    body["properties"] = {
        "format_version": _version_property(KPIS_FORMAT_VERSION, "kpis.json"),
        **body["properties"],
    }
    for obj in (body, *body["$defs"].values()):
        _all_required(obj)
    # Written only for a bundle with zones (kpis.json 1.2).
    body["required"].remove("by_zone")
    return headed_schema(
        "kpis",
        KPIS_FORMAT_VERSION,
        "kpis.json",
        "The KPIs of a roster (docs/formats.md, kpis.json); every field carries its unit.",
        body,
    )


def bundle_schema() -> dict[str, Any]:
    """A problem bundle v1 as one JSON document (the Problem model the CSV files are read into)."""
    return headed_schema(
        "bundle",
        BUNDLE_FORMAT_VERSION,
        "Problem bundle v1",
        "The problem bundle (locality.toml + CSV files, docs/formats.md) as the one document it is read "
        "into; times are minutes after midnight of each row's date.",
        Problem.model_json_schema(),
    )


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "roster": roster_schema,
    "kpis": kpis_schema,
    "bundle": bundle_schema,
}
