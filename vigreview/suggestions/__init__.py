"""Suggested moments: where in a film the interaction looks lively, read from its sound and picture.

Everything runs on this machine with PyAV and numpy; nothing leaves it. A suggestion is only
ever offered as a suggestion, with the reason it was found ("6 turns between two voices").
"""

from vigreview.suggestions.finding import find_suggestions
from vigreview.suggestions.job import SuggestionJob, get_suggestion_job, start_suggesting
from vigreview.suggestions.saved import load_suggestions, suggestions_path
from vigreview.suggestions.windows import Suggestion, choose_windows, still_open

__all__ = [
    "Suggestion",
    "SuggestionJob",
    "choose_windows",
    "find_suggestions",
    "get_suggestion_job",
    "load_suggestions",
    "start_suggesting",
    "still_open",
    "suggestions_path",
]
