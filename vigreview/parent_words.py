"""The words on the parent's screen that are not prompts, as data, in one place.

Everything here is warm, plain and second-person, and is what a translation changes (the
reflective prompts themselves are in `prompts.py`). Nothing here is shown to a guider only.
"""

from __future__ import annotations

# The moment player's own buttons and messages (handed to its page as they are).
PLAYER_WORDS: dict[str, str] = {
    "play": "Play with sound",
    "play_again": "Play",
    "pause": "Pause",
    "speed": "Speed",
    "normal": "Normal",
    "half": "½",
    "quarter": "¼",
    "half_name": "Half speed",
    "quarter_name": "Quarter speed",
    "frame_back": "One frame back",
    "frame_on": "One frame on",
    "just_before": "What happened just before?",
    "playing_just_before": "The few seconds just before the moment…",
    "still": "One picture at a time. Tap Play to watch again.",
    "film": "The moment",
    "refused": "Tap Play with sound to watch.",
}

# A calm message while the link to the app's computer is lost for a moment.
RECONNECT_TITLE = "Just a moment…"
RECONNECT_TEXT = (
    "The tablet is finding its way back to your guider's computer. Your words are saved. "
    "You can keep watching."
)

# Moment screens.
ANOTHER_QUESTION = "Another question"
ADD_YOUR_WORDS = "Add your words"
YOUR_WORDS_LABEL = "Your words"
KEEP_WORDS = "Keep these words"
WORDS_KEPT = "Words to keep"
WORKING_POINT_NOTE = "A moment to wonder about together"
FILM_MISSING = "This film isn't on this tablet just now. Your guider can tell you about it."
BABY_SAYS = "{baby} might be saying:"

# The bar at the bottom of every parent screen.
BACK = "Back"
NEXT = "Next"
MOMENT_OF = "Moment {number} of {count}"
SCREEN_OF = "Screen {number} of {count}"

# The rating screens: plain words, both ends named.
RATING_START_QUESTION = "Today, how close do you feel to what you want?"
RATING_END_QUESTION = "After watching together, how close do you feel now?"
RATING_LOW = "Not close yet"
RATING_HIGH = "Very close"
RATING_HINT = "Tap a number. There are no right or wrong answers."
