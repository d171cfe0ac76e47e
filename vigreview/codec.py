"""Turning records into JSON-able documents and back, with cattrs."""

from __future__ import annotations

from typing import Any, TypeVar

from cattrs.preconf.json import make_converter

from vigreview.models import Family

_converter = make_converter()
T = TypeVar("T")


def family_to_doc(family: Family) -> dict[str, Any]:
    """Return the family as a plain dict that json.dumps accepts."""
    doc: dict[str, Any] = _converter.unstructure(family)
    return doc


def family_from_doc(doc: dict[str, Any]) -> Family:
    """Build a Family from a stored document; keys this version doesn't know are ignored."""
    return _converter.structure(doc, Family)


def to_doc(value: object) -> dict[str, Any]:
    """Return any record dataclass (a family's summary, say) as a JSON-able dict."""
    doc: dict[str, Any] = _converter.unstructure(value)
    return doc


def from_doc(doc: dict[str, Any], kind: type[T]) -> T:
    """Build a record dataclass of `kind` from a stored dict; unknown keys are ignored."""
    return _converter.structure(doc, kind)
