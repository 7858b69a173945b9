"""docs/formats.md documents every bundle file and column exactly as the reader's spec defines them."""

from __future__ import annotations

from rostering.domain import ApproximateTravel, Bounds, Locality, WorkingTime
from rostering.io.bundle_docs import bundle_tables
from tests.conftest import REPO

FORMATS = REPO / "docs" / "formats.md"


def test_the_bundle_tables_in_the_docs_match_the_spec() -> None:
    # Regenerate with: python -c "from rostering.io.bundle_docs import bundle_tables; print(bundle_tables())"
    assert bundle_tables() in FORMATS.read_text(encoding="utf-8")


def test_every_locality_key_is_documented() -> None:
    docs = FORMATS.read_text(encoding="utf-8")
    section = docs[docs.index("### locality.toml") : docs.index("### Validation and messages")]
    for key in [
        *Locality.model_fields,
        *Bounds.model_fields,
        *ApproximateTravel.model_fields,
        *WorkingTime.model_fields,
    ]:
        assert f"`{key}`" in section or f"`[{key}]`" in section, key
