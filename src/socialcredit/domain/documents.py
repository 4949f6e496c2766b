"""Reading declarative YAML documents (policies, scenarios) into validated models.

Every error names the file, the line and the dotted path of the field at fault. PyYAML's node
marks give the lines; pydantic gives the path; this module joins them.

Documents are validated strictly, as JSON would be: `min_days: true` or `min_days: "90"` is not
a number of days, and `start: 2026-02-30` is a string that must parse as a real date (YAML's
own timestamp type is switched off, so a bad date is a field error rather than a crash).
"""

from __future__ import annotations

import difflib
import json
import math
import types
import typing
from dataclasses import dataclass
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

from socialcredit.domain.errors import LocatedError

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # a PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

Path = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=LocatedError)


@dataclass(frozen=True)
class Origin:
    """Where a validated document came from: its file and the line of every field path."""

    file: str
    lines: dict[Path, int]

    def locate(self, error: E) -> E:
        """`error` (raised with a dotted field path only) with this document's file and line."""
        return error.located(file=self.file, line=self.line(error.field))

    def line(self, field: str | None) -> int | None:
        """The line of a dotted field path (of its deepest part the document holds). A key may
        hold dots itself (a response range's `shame.private`): the longest that the document
        holds at that point is taken."""
        parts = [p for p in (field or "").split(".") if p]
        path: Path = ()
        i = 0
        while i < len(parts):
            part = parts[i]
            # A list index where the document has a list there; a mapping key ("1") otherwise.
            index = (*path, int(part)) if part.isdigit() else None
            step = index if index is not None and index in self.lines else (*path, part)
            for j in range(len(parts), i + 1, -1):
                dotted = (*path, ".".join(parts[i:j]))
                if dotted in self.lines:
                    step, i = dotted, j - 1
                    break
            path, i = step, i + 1
        return line_of(self.lines, path)


class Strict(BaseModel):
    """Base of every document model: unknown fields are refused and a model never changes."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    _origin: Origin | None = PrivateAttr(default=None)

    @property
    def origin(self) -> Origin | None:
        """The file and lines this document was read from, when it was read from text."""
        return self._origin


class _LineLoader(_SafeLoader):
    """A safe loader that refuses duplicate keys (a silent override hides mistakes) and keeps
    dates as text, so that pydantic parses them and a bad one is a located field error. It
    parses with libyaml where PyYAML has it, about eight times faster than in Python, with the
    same data and the same lines."""


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in out
        except TypeError:  # an unhashable key, such as a list
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value", key_node.start_mark
            ) from None
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


MAX_VALUES = 1_000_000
"""The most values (mappings, sequences and scalars, an alias counted as what it repeats) a
document may expand to. The largest shipped document has a few thousand; a "billion laughs"
document of a few hundred bytes, aliases of aliases, expands to billions, and every walk of it
after parsing (its lines, its validation) would take that long."""


def _expanded_size(root: yaml.Node) -> int | None:
    """How many values the node graph stands for once every alias is expanded, counted in one
    pass over its distinct nodes (an alias is the node it names, met again), and stopping early
    past `MAX_VALUES`; None where a node contains itself through an alias (`a: &x [*x]`), which
    expands without end."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if children_done or not children:
            total = 1 + sum(sizes.get(id(c), 0) for c in children)
            sizes[id(node)] = total
            open_.discard(id(node))
            if total > MAX_VALUES:
                return total
            continue
        if any(id(c) in open_ or c is node for c in children):
            return None
        open_.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


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
    loader: _LineLoader | None = None
    try:
        loader = _LineLoader(text)  # a SafeLoader: only plain data is constructed
        # One parse: the node tree gives the lines, and the data is constructed from it.
        node = loader.get_single_node()
        size = _expanded_size(node) if node is not None else 0
        if size is None:
            raise error("the YAML contains itself through an alias; refused", file=file, line=1)
        if size > MAX_VALUES:
            raise error(
                f"the YAML expands to more than {MAX_VALUES:,} values once its aliases are "
                "expanded (aliases that repeat aliases multiply); refused",
                file=file,
                line=1,
            )
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise error(f"not valid YAML: {exc.problem or exc}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise error(f"not valid YAML: {exc}", file=file) from None
    except RecursionError:
        raise error("not valid YAML: nested too deeply", file=file) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        raise error("the document must be a mapping of fields", file=file, line=1)
    lines: dict[Path, int] = {}
    if node is not None:
        _lines(node, (), lines)
    return data, lines


DocumentKind = str  # "policy" | "scenario" | "experiment"
_NAMED = {
    "policy": "a policy (a rulebook; give it as --policy)",
    "scenario": "a scenario (a synthetic world; give it as --scenario)",
    "experiment": "an experiment file (run it with `socialcredit experiment run`)",
}


def document_kind(data: Any) -> DocumentKind | None:
    """What kind of the lab's documents `data` plainly is, by the fields only that kind has:
    None where it is not plain (a document with mistakes is left to validation to name)."""
    if not isinstance(data, dict):
        return None
    kind = data.get("kind")
    if kind == "experiment":
        return "experiment"
    if kind in ("population", "reputation-game") or "population" in data:
        return "scenario"
    if "behaviours" in data and {"grades", "lists", "services"} & data.keys():
        return "policy"
    return None


def refuse_other_kind(data: Any, expected: DocumentKind, *, file: str, error: type[E]) -> None:
    """One error naming what the document is, when it is plainly another kind than
    `expected`, rather than the first of its fields the expected kind does not know."""
    found = document_kind(data)
    if found is not None and found != expected:
        raise error(
            f"this is {_NAMED[found]}, not {_NAMED[expected].split(' (')[0]}", file=file, line=1
        )


def _plain(data: Any, path: Path) -> Path | None:
    """The path of the first value JSON cannot hold (binary, sets, odd keys), or None."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not isinstance(key, str | int | float | bool) and key is not None:
                return path
            found = _plain(value, (*path, str(key)))
            if found is not None:
                return found
        return None
    if isinstance(data, list):
        for i, value in enumerate(data):
            found = _plain(value, (*path, i))
            if found is not None:
                return found
        return None
    if isinstance(data, float) and not math.isfinite(data):
        return path
    if data is None or isinstance(data, str | int | float | bool):
        return None
    return path


def _data_path(model: type[BaseModel], data: Any, loc: tuple[Any, ...]) -> Path:
    """pydantic's location as a path into the data: union and validator tags taken out."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and str(part) in node:
            out.append(str(part))
            node = node[str(part)]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict):
            target = _model_at(model, tuple(out))
            if target is not None and str(part) in target.model_fields:
                out.append(str(part))  # a missing field: named, although the data lacks it
                node = None
        # anything else is the tag of a union member or a validator: not part of the path
    return tuple(out)


def _model_at(model: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The document model found at `path` inside `model`, for suggesting field names."""
    current: Any = model
    for part in path:
        current = _strip_optional(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = info.annotation
        elif typing.get_origin(current) in (list, dict):
            current = typing.get_args(current)[-1]  # an item of a list, a value of a mapping
        else:
            return None
    current = _strip_optional(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _strip_optional(annotation: Any) -> Any:
    """Through Annotated and `X | None` to X (a union of several models is left as it is)."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in args if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


_PRIORITY = {"extra_forbidden": 0, "missing": 2}
"""A misspelt field shows up as an unknown field and a missing one: name the misspelling."""


def _message(model: type[BaseModel], first: dict[str, Any], path: Path) -> str:
    kind = first["type"]
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        message = f"unknown field {name!r}"
        target = _model_at(model, path[:-1])
        if target is not None:
            close = difflib.get_close_matches(name, list(target.model_fields), n=1, cutoff=0.6)
            if close:
                message += f" (did you mean {close[0]!r}?)"
        return message
    if kind == "missing":
        return "field required"
    message = str(first["msg"])
    return message.removeprefix("Value error, ")


def validate_document(model: type[M], text: str, *, file: str, error: type[E]) -> M:
    """Parse and validate; the first problem becomes one `error` naming file, line and field."""
    data, lines = parse_document(text, file=file, error=error)
    return validate_data(model, data, file=file, lines=lines, error=error)


def validate_data(
    model: type[M], data: Any, *, file: str, lines: dict[Path, int], error: type[E]
) -> M:
    """Validate plain data (as parsed from `file`, whose field lines are `lines`) strictly; the
    first problem becomes one `error` naming file, line and field."""
    odd = _plain(data, ())
    if odd is not None:
        raise error(
            "a value YAML can hold but a document cannot (binary, set, non-finite number or "
            "structured key)",
            field=".".join(str(p) for p in odd) or None,
            file=file,
            line=line_of(lines, odd),
        )
    try:
        document = model.model_validate_json(json.dumps(data), strict=True)
    except ValidationError as exc:
        errors = sorted(exc.errors(), key=lambda e: _PRIORITY.get(e["type"], 1))
        first = errors[0]
        path = _data_path(model, data, tuple(first["loc"]))
        field = ".".join(str(p) for p in path) or None
        raise error(
            _message(model, dict(first), path), field=field, file=file, line=line_of(lines, path)
        ) from None
    except LocatedError as exc:
        raise Origin(file, lines).locate(exc) from None
    if isinstance(document, Strict):
        document._origin = Origin(file, lines)
    return document
