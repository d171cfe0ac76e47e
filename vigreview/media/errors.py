"""Why a film could not be imported, in words a guider can act on."""

from __future__ import annotations

import math
from typing import Literal

RejectReason = Literal[
    "missing",
    "empty",
    "not_video",
    "audio_only",
    "picture",
    "document",
    "damaged",
    "too_long",
    "too_big",
    "upload_too_big",
]


class FilmRejected(Exception):
    """A film we will not import; `message` is shown to the guider as it is.

    `reason` is a short code for programs and tests; the message says, in plain
    and kind words, what happened and what the guider can do about it.
    """

    def __init__(self, message: str, reason: RejectReason) -> None:
        super().__init__(message)
        self.message = message
        self.reason: RejectReason = reason

    @classmethod
    def missing(cls) -> FilmRejected:
        """The file went away between choosing it and reading it."""
        return cls(
            "We couldn't find this file any more. Please choose the video file again.",
            "missing",
        )

    @classmethod
    def empty(cls) -> FilmRejected:
        """A file of zero bytes, usually an upload or copy that never finished."""
        return cls(
            "This file is empty (0 bytes), so there is no film in it. It may not have finished "
            "copying from the tablet. Please choose the video file again.",
            "empty",
        )

    @classmethod
    def not_video(cls) -> FilmRejected:
        """Something that is not a film at all (a document, a photo, an unknown format)."""
        return cls(
            "This isn't a video file we can open. Please choose a film recorded on the tablet, "
            "phone or camera (usually a file ending in .mp4 or .mov).",
            "not_video",
        )

    @classmethod
    def audio_only(cls) -> FilmRejected:
        """A sound recording with no picture."""
        return cls(
            "This file has no picture in it - it looks like a sound recording. "
            "Please choose the video file.",
            "audio_only",
        )

    @classmethod
    def picture(cls) -> FilmRejected:
        """A still picture (a photo or a screenshot), not a film."""
        return cls(
            "This file is a still picture (a photo), not a film. Please choose the video file.",
            "picture",
        )

    @classmethod
    def document(cls) -> FilmRejected:
        """A document (a PDF, a letter, a spreadsheet), not a film."""
        return cls(
            "This file is a document, not a film. Please choose the video file.",
            "document",
        )

    @classmethod
    def damaged(cls) -> FilmRejected:
        """A film container we recognise whose contents are cut short or broken."""
        return cls(
            "This video is cut short or damaged, so it cannot be played. If you still have the "
            "film on the tablet, try uploading it again.",
            "damaged",
        )

    @classmethod
    def too_long(cls, duration_s: float, max_s: float) -> FilmRejected:
        """A film longer than we import; minutes are rounded up so the numbers never tie."""
        minutes = math.ceil(duration_s / 60)
        limit = int(max_s // 60)
        return cls(
            f"This film is {minutes} minutes long; films up to {limit} minutes can be imported. "
            "Please trim it on the tablet first.",
            "too_long",
        )

    @classmethod
    def too_big(cls, size_bytes: int, max_bytes: int) -> FilmRejected:
        """A prepared film larger than a tablet should fetch over the centre's Wi-Fi."""
        size_mb = math.ceil(size_bytes / (1024 * 1024))
        limit_mb = max_bytes // (1024 * 1024)
        return cls(
            f"This film is too big to play in the app ({size_mb} MB; up to {limit_mb} MB can be "
            "played). Please trim it on the tablet and import the shorter film.",
            "too_big",
        )

    @classmethod
    def upload_too_big(cls, max_bytes: int) -> FilmRejected:
        """A file larger than the film picker sends (vigreview.media.limits)."""
        limit_gb = max_bytes / (1024 * 1024 * 1024)
        return cls(
            f"This file is larger than {limit_gb:g} GB, the most the app takes. Please trim the "
            "film on the tablet and choose the shorter film.",
            "upload_too_big",
        )


class ImportCancelled(Exception):
    """The guider cancelled an import; nothing was kept."""
