"""Typed parameter objects read from TOML: one loader, so every params file fails the same way.

An empty file gives the model's defaults; an unknown key or a bad value is an InputError naming the
file and the dotted key. Types are strict, as in locality.toml: `wages = "1.0"` is an error, not 1.0.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InputError, Issue, Position
from .input_files import MAX_TOML_BYTES, read_input_text

M = TypeVar("M", bound=BaseModel)


def load_params_toml(model: type[M], path: Path | str, what: str) -> M:
    """Validate `path`'s TOML into `model`; `what` names the file in messages ("solver parameters")."""
    path = Path(path)
    text = read_input_text(path, str(path), MAX_TOML_BYTES)
    if text is None:
        raise InputError([Issue(Position(str(path)), f"{what} file not found")])
    if isinstance(text, Issue):
        raise InputError([text])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError([Issue(Position(str(path)), f"not valid TOML: {exc}")]) from None
    except RecursionError:
        raise InputError([Issue(Position(str(path)), "not valid TOML: nested too deeply")]) from None
    try:
        return model.model_validate(toml_tuples(data), strict=True)
    except ValidationError as exc:
        raise InputError(
            [
                Issue(Position(str(path), None, ".".join(str(p) for p in err["loc"]) or None), err["msg"])
                for err in exc.errors()
            ]
        ) from None


def toml_tuples(value: Any) -> Any:
    """TOML arrays as tuples, so strict validation accepts them for tuple fields."""
    if isinstance(value, dict):
        return {k: toml_tuples(v) for k, v in value.items()}
    if isinstance(value, list):
        return tuple(toml_tuples(v) for v in value)
    return value
