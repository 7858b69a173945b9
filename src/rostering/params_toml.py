"""Typed parameter objects read from TOML: one loader, so every params file fails the same way.

An empty file gives the model's defaults; an unknown key or a bad value is an InputError naming the
file and the dotted key.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InputError, Issue, Position

M = TypeVar("M", bound=BaseModel)


def load_params_toml(model: type[M], path: Path | str, what: str) -> M:
    """Validate `path`'s TOML into `model`; `what` names the file in messages ("solver parameters")."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([Issue(Position(str(path)), f"{what} file not found")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError([Issue(Position(str(path)), f"not valid TOML: {exc}")]) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            [
                Issue(Position(str(path), None, ".".join(str(p) for p in err["loc"]) or None), err["msg"])
                for err in exc.errors()
            ]
        ) from None
