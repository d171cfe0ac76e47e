"""The six principles as data."""

from __future__ import annotations

from vigreview.principles import PRINCIPLES, describe_tag, find_behaviour, principle_of


def test_six_numbered_principles_each_with_behaviours() -> None:
    assert [p.number for p in PRINCIPLES] == [1, 2, 3, 4, 5, 6]
    assert [p.title for p in PRINCIPLES][:2] == ["Being attentive", "Encouraging initiatives"]
    assert all(len(p.behaviours) >= 4 for p in PRINCIPLES)
    ids = [b.id for p in PRINCIPLES for b in p.behaviours]
    assert len(ids) == len(set(ids))


def test_tags_resolve_to_their_principle() -> None:
    assert find_behaviour("receiving.returning_eye_contact") is not None
    assert principle_of("receiving.returning_eye_contact").title == "Receiving initiatives"  # type: ignore[union-attr]
    assert principle_of("guiding").number == 5  # type: ignore[union-attr]
    assert principle_of("made-up") is None
    assert find_behaviour("made-up.tag") is None


def test_tags_described_in_words() -> None:
    assert describe_tag("developing.fun") == "Having fun"
    assert describe_tag("deepening") == "Deepening discussion"
    assert describe_tag("my own tag") == "my own tag"
