"""Addressing a field of a policy or scenario document by a dotted path.

`policy.lists.black.enter.score_below` walks mappings by key; in a list, a part names the item
whose `code` or `name` it is (`policy.behaviours.littering.points`,
`scenario.population.groups.minority.share`) or, as digits, its position. The last part may
name a field the document leaves out (`scenario.observation.collectors.bias.factor` where the
scenario has no bias yet); whether that field exists is then the document model's to say.
"""

from __future__ import annotations

import copy
import difflib
from typing import Any


class PathError(ValueError):
    """The path does not lead to a field of the document."""


def split(path: str) -> tuple[str, list[str]]:
    """(`policy` or `scenario`, the parts after it)."""
    root, *parts = path.split(".")
    return root, parts


def _item_names(items: list[Any]) -> list[str]:
    names = []
    for item in items:
        if isinstance(item, dict):
            for key in ("code", "name"):
                if isinstance(item.get(key), str):
                    names.append(item[key])
                    break
    return names


def _step(node: Any, part: str, where: str, *, create: bool) -> Any:
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and part in (item.get("code"), item.get("name")):
                return item
        if part.isdigit() and int(part) < len(node):
            return node[int(part)]
        names = _item_names(node)
        hint = difflib.get_close_matches(part, names, n=1, cutoff=0.6)
        raise PathError(
            f"{where} has no item {part!r}"
            + (f" (did you mean {hint[0]!r}?)" if hint else f" (items: {', '.join(names[:8])})")
        )
    if isinstance(node, dict):
        if part not in node:
            if not create:
                hint = difflib.get_close_matches(part, [str(k) for k in node], n=1, cutoff=0.6)
                raise PathError(
                    f"{where} has no field {part!r}"
                    + (f" (did you mean {hint[0]!r}?)" if hint else "")
                )
            node[part] = {}
        return node[part]
    raise PathError(f"{where} is a value, not a mapping or a list")


def get_value(data: Any, path: str) -> Any:
    """The value at `path` (`policy.…` or `scenario.…`) in the plain document `data` (the
    policy or scenario itself); `PathError` if there is none."""
    root, parts = split(path)
    node, where = data, root
    for part in parts:
        node = _step(node, part, where, create=False)
        where = f"{where}.{part}"
    return node


def set_values(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A copy of the plain document `data` (the policy or scenario the paths start from) with
    each path set to its value."""
    out = copy.deepcopy(data)
    for path, value in values.items():
        root, parts = split(path)
        node, where = out, root
        for part in parts[:-1]:
            node = _step(node, part, where, create=True)
            where = f"{where}.{part}"
        last = parts[-1]
        if isinstance(node, list):
            target = _step(node, last, where, create=False)
            node[node.index(target)] = copy.deepcopy(value)
        elif isinstance(node, dict):
            node[last] = copy.deepcopy(value)
        else:
            raise PathError(f"{where} is a value, not a mapping or a list")
    return out


def is_integer_field(data: Any, path: str) -> bool:
    """Whether the document holds a whole number (not a flag) at `path` now: sampled values
    for it are then rounded."""
    try:
        value = get_value(data, path)
    except PathError:
        return False
    return isinstance(value, int) and not isinstance(value, bool)
