"""Reading declarative YAML documents (policies, scenarios) into validated models.

Every error names the file, the line and the dotted path of the field at fault. PyYAML's node
marks give the lines; pydantic gives the path; this module joins them.
"""

from __future__ import annotations

from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from socialcredit.domain.errors import LocatedError

Path = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=LocatedError)


class _LineLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys (a silent override hides mistakes)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _lines(node: yaml.Node, path: Path, out: dict[Path, int]) -> None:
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            out[child] = key_node.start_mark.line + 1
            _lines(value_node, child, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, (*path, i), out)


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of the deepest known prefix of `path`."""
    for end in range(len(path), -1, -1):
        found = lines.get(tuple(path[:end]))
        if found is not None:
            return found
    return None


def parse_document(text: str, *, file: str, error: type[E]) -> tuple[Any, dict[Path, int]]:
    """Parse YAML text into plain data and a map from field path to line number."""
    try:
        node = yaml.compose(text, Loader=_LineLoader)
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise error(f"not valid YAML: {exc.problem or exc}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise error(f"not valid YAML: {exc}", file=file) from None
    if not isinstance(data, dict):
        raise error("the document must be a mapping of fields", file=file, line=1)
    lines: dict[Path, int] = {}
    if node is not None:
        _lines(node, (), lines)
    return data, lines


def validate_document(model: type[M], text: str, *, file: str, error: type[E]) -> M:
    """Parse and validate; the first problem becomes one `error` naming file, line and field."""
    data, lines = parse_document(text, file=file, error=error)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        field = ".".join(str(p) for p in loc) or None
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}"
        elif first["type"] == "missing":
            message = "field required"
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        raise error(message, field=field, file=file, line=line_of(lines, loc)) from None
    except LocatedError as exc:
        path = tuple(int(p) if p.isdigit() else p for p in (exc.field or "").split(".") if p)
        raise exc.located(file=file, line=line_of(lines, path)) from None
