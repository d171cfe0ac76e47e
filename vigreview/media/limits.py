"""The limits of what we import and serve, in one place."""

from __future__ import annotations

from typing import Final

# The extensions the film picker takes; probing still looks at the contents.
ACCEPTED_EXTENSIONS: Final = (".mp4", ".mov", ".m4v", ".3gp", ".webm", ".mkv")

# A VIG film is 5-10 minutes; 20 leaves room without inviting whole afternoons.
MAX_FILM_SECONDS: Final = 20 * 60

# The largest file the film picker sends. A 10-minute 1080p phone film is 0.6-1.2 GiB; 2 GiB
# leaves room for 20 minutes. The app's own upload route (vigreview/ui/web/film_upload.py)
# writes it to disk as it arrives, so the limit is disk space, not the server's memory.
MAX_UPLOAD_BYTES: Final = 2 * 1024 * 1024 * 1024

# The largest prepared film we keep. The app's own media route streams any size from disk
# with range requests; the cap is for the tablet, which must fetch the film over the centre's
# Wi-Fi (about 1.3 Mbit/s for the longest film, 20 minutes at 720p, plays without stalling).
MAX_SERVABLE_BYTES: Final = 200 * 1024 * 1024

# Largest normalised film we aim for, leaving headroom under MAX_SERVABLE_BYTES.
TARGET_MAX_BYTES: Final = 170 * 1024 * 1024

# The largest picture we keep: 720p, either way up.
MAX_LONG_SIDE: Final = 1280
MAX_SHORT_SIDE: Final = 720
