"""Suggested moments: films with known turn-taking, and the scoring rules on their own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.turn_taking_films import (
    SECOND_TURNS_WINDOW_S,
    TURNS_WINDOW_S,
    make_film_without_turns,
    make_turn_taking_film,
)
from vigreview.suggestions import (
    choose_windows,
    find_suggestions,
    load_suggestions,
    start_suggesting,
    still_open,
    suggestions_path,
)
from vigreview.suggestions.saved import save_suggestions
from vigreview.suggestions.sound import HOP_S, SoundFrames
from vigreview.suggestions.voices import Utterance, find_turns, label_voices
from vigreview.suggestions.windows import MIN_TURNS, SUGGESTION_S, Suggestion


@pytest.fixture(scope="module")
def turn_film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_turn_taking_film(tmp_path_factory.mktemp("films") / "turns.mp4")


@pytest.fixture(scope="module")
def quiet_film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_film_without_turns(tmp_path_factory.mktemp("films") / "alone.mp4")


def _covers(suggestion: Suggestion, window: tuple[float, float]) -> bool:
    return suggestion.start_s <= window[0] + 1.5 and suggestion.end_s >= window[1] - 1.5


def test_the_known_turn_taking_window_ranks_first(turn_film: Path) -> None:
    suggestions = find_suggestions(turn_film, 120.0)
    assert suggestions, "the turn-taking film got no suggestion"
    assert _covers(suggestions[0], TURNS_WINDOW_S), suggestions[0]
    assert suggestions[0].turns >= 12
    assert suggestions[0].reason.startswith(f"{suggestions[0].turns} turns between two voices")


def test_the_weaker_exchange_comes_second_and_hiss_is_never_suggested(turn_film: Path) -> None:
    suggestions = find_suggestions(turn_film, 120.0)
    assert len(suggestions) == 2
    assert _covers(suggestions[1], SECOND_TURNS_WINDOW_S), suggestions[1]
    assert suggestions[1].turns < suggestions[0].turns
    # Hiss from 15 s to 35 s is neither a voice nor a turn.
    assert all(s.start_s >= 35.0 or s.end_s <= 15.0 for s in suggestions)


def test_a_film_without_turns_suggests_nothing_lively(quiet_film: Path) -> None:
    assert find_suggestions(quiet_film, 60.0) == []


def test_the_background_job_reports_progress_and_keeps_its_result(
    turn_film: Path, tmp_path: Path
) -> None:
    seen: list[float] = []
    result = suggestions_path(tmp_path, "turns.mp4")
    job = start_suggesting(turn_film, 120.0, result)
    while job.state == "running":
        seen.append(job.progress)
        job.wait(0.05)
    assert job.state == "done"
    assert job.progress == 1.0
    assert load_suggestions(result) == job.suggestions
    assert _covers(job.suggestions[0], TURNS_WINDOW_S)
    assert seen == sorted(seen)


def test_saved_suggestions_come_back_and_a_damaged_file_reads_as_not_done(tmp_path: Path) -> None:
    path = suggestions_path(tmp_path, "film-abc.mp4")
    assert load_suggestions(path) is None
    kept = [Suggestion(start_s=10.0, end_s=35.0, turns=6, busy=True, score=7.5)]
    save_suggestions(path, kept)
    assert load_suggestions(path) == kept
    save_suggestions(path, kept[:0])  # read again, nothing found: replaced, nothing beside it
    assert load_suggestions(path) == []
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    path.write_text("{not json", encoding="utf-8")
    assert load_suggestions(path) is None


def test_movement_lifts_a_window_with_turns_but_never_makes_one_alone() -> None:
    turns = [12.0, 14.0, 16.0, 72.0, 74.0, 76.0]
    times = np.arange(0.0, 120.0, 0.2)
    movement = np.where((times > 60) & (times < 90), 20.0, 2.0)
    movement[(times > 100)] = 40.0  # much movement late on, with no voices
    chosen = choose_windows(turns, times, movement, 120.0)
    assert [s.turns for s in chosen] == [3, 3]
    assert chosen[0].start_s > 50 and chosen[0].busy
    assert "more movement than usual" in chosen[0].reason
    assert not chosen[1].busy and chosen[1].reason == "3 turns between two voices"
    assert all(s.end_s <= 100 for s in chosen)


def test_windows_never_overlap_and_are_capped() -> None:
    turns = list(np.arange(1.0, 300.0, 2.0))
    chosen = choose_windows(turns, [], [], 300.0, count=5)
    assert len(chosen) == 5
    for a in chosen:
        assert a.end_s - a.start_s == SUGGESTION_S
        assert all(a is b or a.end_s <= b.start_s or a.start_s >= b.end_s for b in chosen)


def test_a_short_film_gets_one_window_the_length_of_the_film() -> None:
    chosen = choose_windows([2.0, 4.0, 6.0, 8.0], [], [], 12.0)
    assert [(s.start_s, s.end_s) for s in chosen] == [(0.0, 12.0)]


def test_too_few_turns_are_not_lively() -> None:
    assert choose_windows([10.0] * (MIN_TURNS - 1), [], [], 60.0) == []


def test_one_voice_is_not_two() -> None:
    pitch = np.array([180.0, 185.0, 190.0, np.nan, 178.0, 200.0], np.float32)
    sound = SoundFrames(loudness_db=np.full(6, -20.0, np.float32), pitch_hz=pitch)
    assert list(label_voices(sound)) == [0, 0, 0, -1, 0, 0]


def test_higher_voice_is_labelled_one() -> None:
    pitch = np.array([400.0, 180.0, 410.0, 175.0], np.float32)
    sound = SoundFrames(loudness_db=np.full(4, -20.0, np.float32), pitch_hz=pitch)
    assert list(label_voices(sound)) == [1, 0, 1, 0]
    assert sound.hop_s == HOP_S


def test_a_late_answer_is_not_a_turn() -> None:
    utterances = [
        Utterance(0, 0.0, 1.0),
        Utterance(1, 1.5, 2.0),  # answers at once: a turn
        Utterance(0, 6.0, 7.0),  # four seconds later: not a turn
        Utterance(0, 7.2, 8.0),  # the same voice again: not a turn
    ]
    assert find_turns(utterances) == [1.5]


def test_a_suggestion_already_marked_is_no_longer_offered() -> None:
    offered = [
        Suggestion(start_s=10.0, end_s=35.0, turns=6, busy=False, score=6.0),
        Suggestion(start_s=60.0, end_s=85.0, turns=4, busy=False, score=4.0),
    ]
    assert still_open(offered, [(12.0, 37.0)]) == [offered[1]]
    assert still_open(offered, [(80.0, 90.0)]) == offered  # a small overlap leaves it open
