"""The policies shipped with the package, and loading a policy by name or from a file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from socialcredit.domain.errors import PolicyError
from socialcredit.domain.policy import Policy
from socialcredit.domain.policy_loading import parse_policy

__all__ = ["SHIPPED", "load_policy", "shipped_text"]

SHIPPED = ("default", "classic")


def shipped_text(name: str) -> str:
    return resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def load_policy(name_or_path: str | Path) -> Policy:
    """A shipped policy by name (`default`, `classic`) or a policy file by path."""
    if isinstance(name_or_path, str) and name_or_path in SHIPPED:
        return parse_policy(shipped_text(name_or_path), file=f"{name_or_path}.yaml")
    path = Path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(
            f"no such policy file, and not a shipped policy ({', '.join(SHIPPED)})", file=str(path)
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read the policy: {exc}", file=str(path)) from None
    return parse_policy(text, file=str(path))
