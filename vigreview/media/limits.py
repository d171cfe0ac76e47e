"""The limits of what we import and serve, in one place."""

from __future__ import annotations

from typing import Final

# The extensions the upload widget offers; probing still looks at the contents.
ACCEPTED_EXTENSIONS: Final = (".mp4", ".mov", ".m4v", ".3gp", ".webm", ".mkv")

# A VIG film is 5-10 minutes; 20 leaves room without inviting whole afternoons.
MAX_FILM_SECONDS: Final = 20 * 60

# Streamlit's static handler answers 404 for files above 200 MiB
# (MAX_APP_STATIC_FILE_SIZE in streamlit/web/server/starlette/starlette_server_config.py).
MAX_SERVABLE_BYTES: Final = 200 * 1024 * 1024

# Largest normalised film we aim for, leaving headroom under MAX_SERVABLE_BYTES.
TARGET_MAX_BYTES: Final = 170 * 1024 * 1024

# The largest picture we keep: 720p, either way up.
MAX_LONG_SIDE: Final = 1280
MAX_SHORT_SIDE: Final = 720
