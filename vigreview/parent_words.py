"""The words on the parent's screen that are not prompts, as data, in one place.

Everything here is warm, plain and second-person, and is what a translation changes (the
reflective prompts themselves are in `prompts.py`). Nothing here is shown to a guider only.
Each is an English message id marked with N_ for `pybabel extract`; the screens show it in
the family's language through `vigreview.i18n`.
"""

from __future__ import annotations

from vigreview.i18n import N_

# The moment player's own buttons and messages (handed to its page as they are).
PLAYER_WORDS: dict[str, str] = {
    "play": N_("Play with sound"),
    "play_again": N_("Play"),
    "pause": N_("Pause"),
    "speed": N_("Speed"),
    "normal": N_("Normal"),
    "half": "½",
    "quarter": "¼",
    "half_name": N_("Half speed"),
    "quarter_name": N_("Quarter speed"),
    "frame_back": N_("One frame back"),
    "frame_on": N_("One frame on"),
    "just_before": N_("What happened just before?"),
    "playing_just_before": N_("The few seconds just before the moment…"),
    "still": N_("One picture at a time. Tap Play to watch again."),
    "film": N_("The moment"),
    "refused": N_("Tap Play with sound to watch."),
}

# A calm message while the link to the app's computer is lost for a moment.
RECONNECT_TITLE = N_("Just a moment…")
RECONNECT_TEXT = N_(
    "The tablet is finding its way back to your guider's computer. Your words are saved. "
    "You can keep watching."
)

# Moment screens.
ANOTHER_QUESTION = N_("Another question")
ADD_YOUR_WORDS = N_("Add your words")
YOUR_WORDS_LABEL = N_("Your words")
KEEP_WORDS = N_("Keep these words")
WORDS_KEPT = N_("Words to keep")
# When words for the same question were also written on another tablet: both are kept.
WORDS_FROM_ANOTHER_TABLET = N_("Words written on another tablet are here too.")
# When a choice had just been changed on another tablet: it shows that one, and asks again.
CHANGED_ON_ANOTHER_TABLET = N_(
    "This was just changed on another tablet, so it shows that now. Tap again to change it."
)
WORKING_POINT_NOTE = N_("A moment to wonder about together")
FILM_MISSING = N_("This film isn't on this tablet just now. Your guider can tell you about it.")
BABY_SAYS = N_("{baby} might be saying:")

# The bar at the bottom of every parent screen.
BACK = N_("Back")
NEXT = N_("Next")
MOMENT_OF = N_("Moment {number} of {count}")
SCREEN_OF = N_("Screen {number} of {count}")

# The rating screens: plain words, both ends named.
RATING_START_QUESTION = N_("Today, how close do you feel to what you want?")
RATING_END_QUESTION = N_("After watching together, how close do you feel now?")
RATING_LOW = N_("Not close yet")
RATING_HIGH = N_("Very close")
RATING_HINT = N_("Tap a number. There are no right or wrong answers.")
