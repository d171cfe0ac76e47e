"""Everything an AppTest page holds as text: for asserting what a page must never show."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from streamlit.testing.v1 import AppTest


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def everything_shown(at: AppTest) -> str:
    """Return every label, value, placeholder and text the page holds, unescaped.

    Reads each element's whole message (labels, help, placeholders, options, values), not
    only the markdown-like elements, so text in a widget or an alert cannot slip past.
    """
    parts = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        value = getattr(node, "value", None)
        if isinstance(value, str):
            parts.append(value)
    return "\n".join(parts).replace("\\", "")


def words_shown(at: AppTest, *words: str) -> list[str]:
    """Return those of `words` the page holds anywhere, each as a whole word.

    Whole words, because the page's own code holds text too: "Sam" must not match the
    "SameSite" of a cookie the page sets.
    """
    shown = everything_shown(at)
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", shown)]
