"""Reading a policy or a scenario by shipped name or by path, with one clear error if it fails,
and loading a policy. Loading a scenario lives in `scenarios`: its models import the engine and
numpy, which a policy does not need.

A name in `SHIPPED_POLICIES` or `SHIPPED_SCENARIOS` is read from the package and reported as
`<name>.yaml`; anything else is a path, reported as given. A file that is missing, a directory,
unreadable or not UTF-8 text gives one error naming it; its content is then validated by the
domain's document reader, whose errors name the line and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from socialcredit.domain.documents import parse_document, refuse_other_kind, validate_data
from socialcredit.domain.errors import LocatedError, PolicyError, ScenarioError
from socialcredit.domain.policy import Policy
from socialcredit.limits import SHIPPED_POLICIES, SHIPPED_SCENARIOS

Kind = Literal["policy", "scenario"]

_SHIPPED: dict[Kind, tuple[str, tuple[str, ...], type[LocatedError]]] = {
    "policy": ("socialcredit.policies", SHIPPED_POLICIES, PolicyError),
    "scenario": ("socialcredit.scenarios", SHIPPED_SCENARIOS, ScenarioError),
}


@dataclass(frozen=True)
class Document:
    text: str
    file: str
    """How errors name it: `<name>.yaml` for a shipped document, else the path as given."""


def shipped_text(kind: Kind, name: str) -> str:
    package, names, _ = _SHIPPED[kind]
    if name not in names:
        raise ValueError(f"{name!r} is not a shipped {kind} ({', '.join(names)})")
    return resources.files(package).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def read_document(kind: Kind, name_or_path: str | Path) -> Document:
    """The text of a shipped document by name, or of a file by path."""
    _, names, error = _SHIPPED[kind]
    if isinstance(name_or_path, str) and name_or_path in names:
        return Document(shipped_text(kind, name_or_path), f"{name_or_path}.yaml")
    other: Kind = "scenario" if kind == "policy" else "policy"
    if name_or_path in _SHIPPED[other][1] and not Path(name_or_path).exists():
        raise error(
            f"a shipped {other}, not a {kind} (give it as --{other})",
            file=str(name_or_path),
        )
    return read_file(
        Path(name_or_path),
        kind,
        error,
        missing=f"no such {kind} file, and not a shipped {kind} ({', '.join(names)})",
    )


def read_file(path: Path, what: str, error: type[LocatedError], *, missing: str = "") -> Document:
    """The UTF-8 text of a file; one `error` naming it if it is missing, a directory,
    unreadable or not text. `what` names the document (policy, scenario, experiment)."""
    file = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(missing or f"no such {what} file", file=file) from None
    except IsADirectoryError:
        raise error(f"is a directory, not a {what} file", file=file) from None
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror or exc}", file=file) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            f"not a text file: byte {exc.object[exc.start]:#04x} at offset {exc.start} is not "
            "UTF-8",
            file=file,
        ) from None
    return Document(text.removeprefix("\ufeff"), file)


def load_policy(name_or_path: str | Path) -> Policy:
    """A shipped policy by name (`default`, `classic`) or a policy file by path."""
    doc = read_document("policy", name_or_path)
    data, lines = parse_document(doc.text, file=doc.file, error=PolicyError)
    refuse_other_kind(data, "policy", file=doc.file, error=PolicyError)
    return validate_data(Policy, data, file=doc.file, lines=lines, error=PolicyError)
