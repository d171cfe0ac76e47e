"""Video benchmark: import speed, remux time, stills, and server memory while a film plays.

Run by hand from the repository root:  python bench/video.py [--keep]

Makes its own films in a temp folder (nothing real, nothing downloaded):
- a 2-minute 1080p HEVC portrait film with sound (like an iPhone's), imported (transcoded);
- a 2-minute 720p H.264/AAC film, imported (remuxed);
- a film of about 190 MiB (just under the app's 200 MiB film limit), put in a family's
  folder and played for about 20 s in headless Chromium through app.py's own media route
  (a real `streamlit run app.py`, signed-in cookie), while the server's resident memory
  (VmRSS of it and its children, from /proc) is sampled;
- a generated 1 GiB file sent through the Cycles & films page's film picker in Chromium to
  app.py's own upload route, while the server's resident memory is sampled the same way.

Targets: HEVC import >= 2x real time on 2 cores, remux < 10 s, 30 stills < 2 s, memory
growth < 50 MiB while serving and < 100 MiB while receiving the 1 GiB upload, import at most
1.15x the ffmpeg CLI's time for the same encode, suggested moments for a 5-minute 720p
film >= 2x real time. Ends with exactly one summary line:

    video: hevc_import_x_realtime=<r> h264_remux_s=<s> stills30_s=<t> serve_rss_growth_mib=<m>
    import_vs_ffmpeg_ratio=<x> suggest_x_realtime=<x> upload_rss_growth_mib=<u>

`--only upload` measures the upload alone and prints `video: upload_rss_growth_mib=<u>`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.app_steps import CHROMIUM, CHROMIUM_ARGS, find_free_port  # noqa: E402
from tests.filmmaker import AUDIO_RATE, write_tone  # noqa: E402
from vigreview.caseload import add_family, open_store, record_consent  # noqa: E402
from vigreview.cycles import add_cycle  # noqa: E402
from vigreview.media import (  # noqa: E402
    nearest_frame_time,
    normalise_film,
    probe_film,
    still_strip,
)
from vigreview.media.normalise import (  # noqa: E402
    choose_output_rate,
    choose_output_size,
    choose_video_bitrate,
)
from vigreview.models import Activity, ConsentPurpose  # noqa: E402
from vigreview.trust.sign_ins import claim_ticket, start_sign_in  # noqa: E402
from vigreview.ui.web.family_media import family_media_path  # noqa: E402
from vigreview.ui.web.sign_in_cookie import COOKIE_NAME  # noqa: E402
from vigreview.validation import FamilyDraft  # noqa: E402

FILM_SECONDS = 120
BIG_FILM_BYTES = 188 * 1024 * 1024
PLAY_SECONDS = 20.0
UPLOAD_BYTES = 1024 * 1024 * 1024
UPLOAD_TIMEOUT_S = 600.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--only", choices=["upload"], help="take only this measurement")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vig-bench-video-"))
    try:
        if args.only == "upload":
            summary = f"video: upload_rss_growth_mib={measure_upload_memory(work):.1f}"
        else:
            summary = run_benchmark(work)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(summary)


def run_benchmark(work: Path) -> str:
    """Make the films, take every measurement, and return the summary line."""
    hevc = work / "upload" / "phone-hevc.mov"
    h264 = work / "upload" / "tablet-h264.mp4"
    big = work / "app" / "families" / "fam-1" / "media" / "big.mp4"
    for path in (hevc, h264, big):
        path.parent.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    make_phone_film(hevc, FILM_SECONDS, width=1920, height=1080, codec="libx265")
    print(f"made 2-min 1080p HEVC portrait film: {mib(hevc):.1f} MiB in {since(started):.1f} s")
    started = time.perf_counter()
    make_phone_film(h264, FILM_SECONDS, width=1280, height=720, codec="libx264")
    print(f"made 2-min 720p H.264/AAC film: {mib(h264):.1f} MiB in {since(started):.1f} s")
    started = time.perf_counter()
    make_big_film(big, BIG_FILM_BYTES)
    print(f"made big H.264 film: {mib(big):.1f} MiB in {since(started):.1f} s")

    imported = work / "app" / "families" / "fam-1" / "media" / "imported.mp4"
    source = probe_film(hevc)
    print(f"load average before importing: {os.getloadavg()[0]:.2f} (other work on the cores)")
    started, cpu_started = time.perf_counter(), time.process_time()
    result = normalise_film(hevc, imported)
    hevc_s, hevc_cpu_s = since(started), time.process_time() - cpu_started
    x_realtime = source.duration_s / hevc_s
    print(
        f"HEVC import: {source.duration_s:.0f} s {source.width}x{source.height} -> "
        f"{result.width}x{result.height} {result.video_codec}/{result.audio_codec} "
        f"{mib(imported):.1f} MiB in {hevc_s:.1f} s = {x_realtime:.2f}x real time "
        f"({hevc_cpu_s:.0f} CPU-s, {hevc_cpu_s / hevc_s * 100:.0f}% of one core)"
    )

    remuxed = work / "app" / "families" / "fam-1" / "media" / "remuxed.mp4"
    started = time.perf_counter()
    normalise_film(h264, remuxed)
    remux_s = since(started)
    same = count_video_packets(h264) == count_video_packets(remuxed)
    print(f"H.264 remux: {remux_s:.2f} s (packets copied unchanged: {same})")

    stills_dir = work / "stills"
    started = time.perf_counter()
    strip = still_strip(imported, 30.0, 50.0, 30, stills_dir)
    stills_s = since(started)
    print(f"30 stills over 20 s of the imported film: {len(strip)} in {stills_s:.2f} s")

    started = time.perf_counter()
    nearest_frame_time(big, 10.0)
    print(f"frame timeline of the {mib(big):.0f} MiB film, first use: {since(started):.2f} s")

    growth = measure_serving_memory(work / "app", big)
    import_ratio = measure_import_vs_ffmpeg(hevc, work / "versus")
    suggest_x = measure_suggestion_speed(work)
    upload_growth = measure_upload_memory(work / "upload-app")
    return (
        f"video: hevc_import_x_realtime={x_realtime:.2f} h264_remux_s={remux_s:.2f} "
        f"stills30_s={stills_s:.2f} serve_rss_growth_mib={growth:.1f} "
        f"import_vs_ffmpeg_ratio={import_ratio:.2f} suggest_x_realtime={suggest_x:.2f} "
        f"upload_rss_growth_mib={upload_growth:.1f}"
    )


def measure_import_vs_ffmpeg(hevc: Path, work: Path, seconds: int = 40) -> float:
    """Return normalise_film's time over the ffmpeg CLI's for the same encode of `seconds`.

    The first `seconds` of the phone film are copied out (no re-encode), then converted
    app, ffmpeg, ffmpeg, app, so a busy spell on the shared cores weighs on both alike.
    The ffmpeg command uses the app's settings: fps, bilinear scale to the app's size
    (ffmpeg turns the picture itself), libx264 veryfast CRF 23, 2 s keyframes, the app's
    bit rate cap, AAC at the app's bit rate, index at the front.
    """
    work.mkdir(parents=True, exist_ok=True)
    clip = work / "phone-40s.mov"
    ffmpeg = shutil.which("ffmpeg") or "/usr/bin/ffmpeg"
    quiet = [ffmpeg, "-hide_banner", "-loglevel", "error", "-y"]
    subprocess.run([*quiet, "-i", str(hevc), "-t", str(seconds), "-map", "0", "-c", "copy",
                    str(clip)], check=True)  # fmt: skip
    info = probe_film(clip)
    width, height = choose_output_size(info.width, info.height)
    rate = choose_output_rate(info.fps)
    bitrate = choose_video_bitrate(info.duration_s, 128_000)
    command = [
        *quiet, "-i", str(clip),
        "-vf", f"fps={rate.numerator}/{rate.denominator},"
               f"scale={width}:{height}:flags=bilinear,format=yuv420p",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-profile:v", "high",
        "-maxrate", str(bitrate), "-bufsize", str(bitrate * 2),
        "-g", str(round(float(rate) * 2)),
        "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", str(work / "ffmpeg.mp4"),
    ]  # fmt: skip
    app_s = ffmpeg_s = 0.0
    for turn in ("app", "ffmpeg", "ffmpeg", "app"):
        started = time.perf_counter()
        if turn == "app":
            normalise_film(clip, work / "app.mp4")
            app_s += since(started)
        else:
            subprocess.run(command, check=True)
            ffmpeg_s += since(started)
    print(
        f"import vs ffmpeg CLI on {info.duration_s:.0f} s of the HEVC film, twice each: "
        f"app {app_s / 2:.1f} s, ffmpeg {ffmpeg_s / 2:.1f} s, "
        f"app {mib(work / 'app.mp4'):.1f} MiB, ffmpeg {mib(work / 'ffmpeg.mp4'):.1f} MiB"
    )
    return app_s / ffmpeg_s


def measure_suggestion_speed(work: Path) -> float:
    """Find suggested moments in a 5-minute 720p H.264/AAC film; return x real time (>= 2)."""
    from vigreview.suggestions import find_suggestions

    film = work / "suggest" / "five-minutes-720p.mp4"
    film.parent.mkdir(parents=True, exist_ok=True)
    make_phone_film(film, 300, width=1280, height=720, codec="libx264")
    started = time.perf_counter()
    found = find_suggestions(film, 300.0)
    seconds = since(started)
    print(f"suggestions for a 5-min 720p film: {len(found)} in {seconds:.1f} s")
    return 300.0 / seconds


def since(started: float) -> float:
    return time.perf_counter() - started


def mib(path: Path) -> float:
    return path.stat().st_size / (1024 * 1024)


def count_video_packets(path: Path) -> int:
    with av.open(str(path)) as container:
        return sum(1 for packet in container.demux(video=0) if packet.size)


def make_phone_film(path: Path, seconds: int, *, width: int, height: int, codec: str) -> None:
    """Write a film with moving shapes over a textured background, and a tone.

    HEVC films are stored landscape with rotation metadata (portrait, as iPhones do) at
    about 8 Mbit/s; H.264 films are upright at about 4 Mbit/s, as tablets record them.
    """
    fps = 30
    rng = np.random.default_rng(7)
    texture = rng.integers(0, 48, (height + 64, width + 64), dtype=np.uint8)
    ramp = np.linspace(40, 200, width, dtype=np.float32)[None, :].astype(np.uint8)
    chroma = np.full((height // 2, width // 2), 128, np.uint8)
    options = {"movflags": "+faststart"} if path.suffix == ".mp4" else {}
    with av.open(str(path), "w", options=options) as output:
        video = output.add_stream(codec, rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        if codec == "libx265":
            video.bit_rate = 8_000_000
            video.options = {"preset": "ultrafast", "x265-params": "log-level=error"}
            video.set_display_rotation(-90)  # "turn 90 degrees clockwise to show"
        else:
            video.bit_rate = 4_000_000
            video.options = {"preset": "ultrafast"}
        audio = output.add_stream("aac", rate=AUDIO_RATE)
        audio.layout = "stereo"
        side = height // 4
        for index in range(seconds * fps):
            luma = np.empty((height, width), np.uint8)
            shift = (index * 3) % 64
            np.add(ramp, texture[shift : shift + height, shift : shift + width], out=luma)
            x = int(width / 2 + width / 3 * np.sin(index / 20)) - side // 2
            y = int(height / 2 + height / 4 * np.cos(index / 25)) - side // 2
            luma[max(0, y) : y + side, max(0, x) : x + side] = 230
            frame = av.VideoFrame(width, height, "yuv420p")
            frame.planes[0].update(luma)
            frame.planes[1].update(chroma)
            frame.planes[2].update(chroma)
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            output.mux(video.encode(frame))
        output.mux(video.encode(None))
        write_tone(output, audio, seconds)


def make_big_film(path: Path, target_bytes: int) -> None:
    """Write a 720p H.264 film of noise at a constant ~45 Mbit/s until it nears target_bytes."""
    fps = 30
    width, height = 1280, 720
    rng = np.random.default_rng(11)
    noise = rng.integers(0, 256, (height * 3 // 2 + 64, width), dtype=np.uint8)
    written = 0
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as output:
        video = output.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {
            "preset": "ultrafast",
            "b": "45M",
            "maxrate": "45M",
            "minrate": "45M",
            "bufsize": "45M",
        }
        index = 0
        while written < target_bytes:
            shift = (index * 7) % 64
            frame = av.VideoFrame(width, height, "yuv420p")
            frame.planes[0].update(noise[shift : shift + height])
            frame.planes[1].update(noise[shift + height : shift + height + height // 4])
            frame.planes[2].update(noise[shift + height : shift + height + height // 4])
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            for packet in video.encode(frame):
                written += packet.size
                output.mux(packet)
            index += 1
        output.mux(video.encode(None))


def measure_serving_memory(app_dir: Path, film: Path) -> float:
    """Play `film` through app.py's own media route for PLAY_SECONDS; return RSS growth (MiB).

    The film goes into a family's media folder of a fresh data folder (no accounts: the demo
    sign-in, as on loopback), and Chromium carries that sign-in's cookie, as a tablet would.
    """
    from playwright.sync_api import sync_playwright

    data = app_dir / "data"
    store = open_store(data)
    draft = FamilyDraft("Bench", "Baby", "Demo guider", date.today(), baby_age_months=4)
    family_id = add_family(store, draft).id
    served = store.media_dir(family_id) / "big.mp4"
    os.replace(film, served)
    film = served
    sign_in = start_sign_in(store, "demo", time.time(), 60, demo=True)
    cookie = claim_ticket(store, sign_in.ticket, time.time(), 60)
    url = family_media_path(family_id, store.media_dir(family_id), served)
    server, base = start_app_server(data, app_dir / "server.log")
    try:
        with urllib.request.urlopen(base + "/", timeout=10) as answer:
            answer.read()
        time.sleep(1.0)
        baseline = rss_mib_with_children(server.pid)
        peak = baseline
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1024, "height": 768})
            context.add_cookies([{"name": COOKIE_NAME, "value": cookie or "", "url": base}])
            page = context.new_page()
            # Chromium shows a film address in its own page with one <video>.
            page.goto(base + url)
            page.locator("video").wait_for(state="attached", timeout=60_000)
            page.evaluate(
                "() => { const v = document.querySelector('video'); v.muted = true; v.play(); }"
            )
            started = time.monotonic()
            while time.monotonic() - started < PLAY_SECONDS:
                peak = max(peak, rss_mib_with_children(server.pid))
                time.sleep(0.25)
            state = page.evaluate(
                """() => { const v = document.querySelector('video');
                    return {t: v.currentTime, w: v.videoWidth, err: v.error && v.error.code,
                            buffered: v.buffered.length ? v.buffered.end(0) : 0}; }"""
            )
            browser.close()
        print(
            f"served {mib(film):.1f} MiB film for {PLAY_SECONDS:.0f} s: played to "
            f"{state['t']:.1f} s (buffered {state['buffered']:.1f} s, width {state['w']}, "
            f"error {state['err']}); server RSS {baseline:.1f} -> peak {peak:.1f} MiB"
        )
        return peak - baseline
    finally:
        stop_app_server(server)


def measure_upload_memory(app_dir: Path) -> float:
    """Send a generated 1 GiB file through the film picker; return the server's RSS growth.

    A real `streamlit run app.py` on a fresh data folder (the demo sign-in, as on loopback)
    with one family that has filming consent and a cycle; Chromium carries the sign-in's
    cookie, opens the family's Cycles & films page and chooses the file in the picker, which
    sends it to the upload route. Memory is sampled until it has arrived (the picker says so,
    or the page shows its import).
    """
    from playwright.sync_api import expect, sync_playwright

    data = app_dir / "data"
    store = open_store(data)
    draft = FamilyDraft("Bench", "Baby", "Demo guider", date.today(), baby_age_months=4)
    family_id = add_family(store, draft).id
    record_consent(store, family_id, [ConsentPurpose.FILMING], "Bench", date.today(), "bench")
    add_cycle(store, family_id, Activity.PLAY, date.today())
    sign_in = start_sign_in(store, "demo", time.time(), 60, demo=True)
    cookie = claim_ticket(store, sign_in.ticket, time.time(), 60)
    upload = app_dir / "upload" / "IMG_1000.MOV"
    upload.parent.mkdir(parents=True, exist_ok=True)
    with upload.open("wb") as out:
        for _ in range(UPLOAD_BYTES // (8 * 1024 * 1024)):
            out.write(os.urandom(8 * 1024 * 1024))
    server, base = start_app_server(data, app_dir / "server.log")
    try:
        with urllib.request.urlopen(base + "/", timeout=10) as answer:
            answer.read()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1024, "height": 768})
            context.add_cookies([{"name": COOKIE_NAME, "value": cookie or "", "url": base}])
            page = context.new_page()
            page.goto(base)
            page.locator(f".st-key-open_{family_id} button").click(timeout=120_000)
            main = page.get_by_test_id("stMainBlockContainer")
            main.get_by_role("link", name="Cycles & films").click(timeout=120_000)
            picker = page.frame_locator("iframe[title*='vig_film_picker']")
            expect(picker.get_by_role("button", name="Choose the film")).to_be_visible(
                timeout=120_000
            )
            time.sleep(2.0)
            baseline = rss_mib_with_children(server.pid)
            peak = baseline
            started = time.monotonic()
            picker.locator("input[type=file]").set_input_files(str(upload))
            # The picker says so briefly; then the page shows the import (which refuses the
            # noise as "not a video" at once, and deletes it).
            arrived = picker.get_by_text("IMG_1000.MOV has arrived.")
            importing = main.get_by_text("IMG_1000.MOV", exact=False)

            def has_arrived() -> bool:
                return arrived.is_visible() or importing.count() > 0

            while not has_arrived() and time.monotonic() - started < UPLOAD_TIMEOUT_S:
                peak = max(peak, rss_mib_with_children(server.pid))
                time.sleep(0.2)
            seconds = time.monotonic() - started
            done = has_arrived()
            browser.close()
        print(
            f"upload of a {mib(upload):.0f} MiB file through the film picker: "
            f"{'arrived' if done else 'DID NOT ARRIVE'} in {seconds:.1f} s; "
            f"server RSS {baseline:.1f} -> peak {peak:.1f} MiB"
        )
        if not done:
            raise RuntimeError(f"the upload did not arrive; see {app_dir / 'server.log'}")
        return peak - baseline
    finally:
        stop_app_server(server)


def start_app_server(data: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start `streamlit run app.py` on `data` and a free loopback port; return it and its URL."""
    port = find_free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--server.fileWatcherType", "none",
            ],
            cwd=ROOT,
            env={**os.environ, "VIGREVIEW_DATA": str(data), "VIGREVIEW_DEMO": "0"},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        wait_until_healthy(base, server)
    except RuntimeError:
        stop_app_server(server)
        raise
    return server, base


def stop_app_server(server: subprocess.Popen[bytes]) -> None:
    """Stop the server started by start_app_server, and everything it started."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


def wait_until_healthy(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("streamlit exited early")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError("streamlit did not become healthy")


def rss_mib_with_children(pid: int) -> float:
    """Return VmRSS (MiB) of `pid` plus all its descendants, read from /proc."""
    total_kib = 0
    for process in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total_kib / 1024


def descendants(pid: int) -> list[int]:
    """Return the ids of every process below `pid`, from each process's parent id."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The command name (field 2) may contain spaces; the parent id follows its ")".
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        found.extend(children)
        frontier.extend(children)
    return found


if __name__ == "__main__":
    main()
