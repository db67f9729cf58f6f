"""The check kinds rules can name. Each lives in its own module and is imported only when a rule uses it,
so that great-expectations (growth-range) or datasketch (duplicate) cost nothing on runs that do not need them.
"""

from __future__ import annotations

import importlib

from .base import CheckKind

# kind name -> "module:Class"; a plugin would add to this table the same way.
REGISTRY: dict[str, str] = {
    "conflict": "reconcile.kinds.conflict:Conflict",
    "trend": "reconcile.kinds.trend:Trend",
    "growth-mismatch": "reconcile.kinds.growth_mismatch:GrowthMismatch",
    "growth-range": "reconcile.kinds.growth_range:GrowthRange",
    "arithmetic": "reconcile.kinds.arithmetic:Arithmetic",
    "duplicate": "reconcile.kinds.duplicate:Duplicate",
    "pattern": "reconcile.kinds.pattern:Pattern",
}


def load_kind(name: str) -> CheckKind:
    """The kind's instance; raises KeyError for an unknown kind."""
    target = REGISTRY[name]
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module), cls)()
