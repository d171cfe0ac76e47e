"""Exact frame times of a film, for stepping frame by frame and snapping to frames."""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from vigreview.media.errors import FilmRejected
from vigreview.media.probe import find_video_stream, open_film

# Times handed back by players or rounded to milliseconds land a hair before the frame
# they mean; this much slack still counts as "at" that frame.
FRAME_TIME_SLACK_S = 0.001


@dataclass(frozen=True)
class Timeline:
    """Presentation timestamps of every picture in a film, in display order."""

    pts: tuple[int, ...]
    time_base: Fraction
    times: tuple[float, ...]

    def index_shown_at(self, t: float) -> int:
        """Return the index of the frame on screen at `t` (clamped to the film)."""
        index = bisect.bisect_right(self.times, t + FRAME_TIME_SLACK_S) - 1
        return min(max(index, 0), len(self.times) - 1)

    def index_nearest(self, t: float) -> int:
        """Return the index of the frame whose time is closest to `t` (earlier on a tie)."""
        right = bisect.bisect_left(self.times, t)
        if right <= 0:
            return 0
        if right >= len(self.times):
            return len(self.times) - 1
        left = right - 1
        return left if t - self.times[left] <= self.times[right] - t else right

    def indexes_between(self, start_s: float, end_s: float) -> range:
        """Return the indexes of frames whose times lie in [start_s, end_s] (with slack)."""
        first = bisect.bisect_left(self.times, start_s - FRAME_TIME_SLACK_S)
        stop = bisect.bisect_right(self.times, end_s + FRAME_TIME_SLACK_S)
        return range(first, max(first, stop))


def read_timeline(film: Path) -> Timeline:
    """Return the film's frame times, read once per version of the file and remembered."""
    stat = Path(film).stat()
    return _read_timeline_cached(str(Path(film).resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _read_timeline_cached(path: str, mtime_ns: int, size: int) -> Timeline:
    """Read every video packet's timestamp (demuxing only: nothing is decoded).

    The modification time and size are part of the cache key so that a film replaced on
    disk is read afresh.
    """
    del mtime_ns, size
    with open_film(Path(path)) as container:
        video = find_video_stream(container)
        if video is None or video.time_base is None:
            raise FilmRejected.not_video()
        time_base = video.time_base
        stamps = sorted(
            {
                packet.pts
                for packet in container.demux(video)
                if packet.pts is not None and not packet.is_discard
            }
        )
    if not stamps:
        raise FilmRejected.damaged()
    return Timeline(
        pts=tuple(stamps),
        time_base=time_base,
        times=tuple(float(pts * time_base) for pts in stamps),
    )


def frame_times(film: Path, start_s: float, end_s: float) -> list[float]:
    """Return the exact times (seconds) of the film's frames from start_s to end_s."""
    timeline = read_timeline(film)
    return [timeline.times[i] for i in timeline.indexes_between(start_s, end_s)]


def nearest_frame_time(film: Path, t: float) -> float:
    """Return the time of the frame closest to `t` (the first or last frame if outside)."""
    timeline = read_timeline(film)
    return timeline.times[timeline.index_nearest(t)]


def step_frame(film: Path, t: float, steps: int) -> float:
    """Return the time of the frame `steps` frames after (or before) the one shown at `t`.

    Clamped to the first and last frames of the film.
    """
    timeline = read_timeline(film)
    index = timeline.index_shown_at(t) + steps
    return timeline.times[min(max(index, 0), len(timeline.times) - 1)]
