"""Films and stills served straight from a family's own media folder, to those who may see them.

Only two kinds of request get a family's file: one whose sign-in cookie is a guider who may
see that family, and one from the device the family's parent view was handed to (its
parent-view cookie). Everything else, including a file that is not there, gets the same bare
404, so an answer says nothing about which families or films exist. Starlette's FileResponse
answers range requests (seeking; Safari needs them) from disk in chunks, so memory stays flat.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from vigreview.ui.web.sign_in_cookie import COOKIE_NAME as SIGN_IN_COOKIE

# The functions below import the store's and the sign-ins' code inside them, on the first
# request: imported with the routes, it would hold up the server's start, and so the first
# page (bench/first_run.py).

URL_PREFIX = "/family-media"
_MEDIA_TYPES = {".mp4": "video/mp4", ".webm": "video/webm", ".jpg": "image/jpeg"}


def family_media_path(family_id: str, media_dir: Path, file: Path) -> str:
    """Return the URL path of `file`, which lies in the family's media folder `media_dir`."""
    relative = Path(file).resolve().relative_to(Path(media_dir).resolve())
    return f"{URL_PREFIX}/{family_id}/{quote(relative.as_posix())}"


def may_fetch(request: Request, family_id: str) -> bool:
    """Return True when this request's cookies let it have the family's media."""
    from vigreview.trust.handover import find_parent_view
    from vigreview.ui.gate import may_see_family
    from vigreview.ui.parent_mode import COOKIE_NAME as PARENT_VIEW_COOKIE
    from vigreview.ui.resources import get_store
    from vigreview.ui.signed_in import find_cookie_sign_in

    found = find_cookie_sign_in(request.cookies.get(SIGN_IN_COOKIE))
    if found is not None and may_see_family(found[0], family_id):
        return True
    token = request.cookies.get(PARENT_VIEW_COOKIE)
    view = find_parent_view(get_store(), token) if token else None
    return view is not None and view.family_id == family_id


def _file_asked_for(family_id: str, relative: str) -> Path | None:
    from vigreview.storage import StorageError
    from vigreview.ui.resources import get_store

    parts = PurePosixPath(relative).parts
    if not parts or any(part in {"", ".", ".."} or part.startswith(".") for part in parts):
        return None
    try:
        folder = (get_store().family_dir(family_id) / "media").resolve()
    except StorageError:
        return None
    target = folder.joinpath(*parts).resolve()
    if not target.is_relative_to(folder) or not target.is_file():
        return None
    return target if target.suffix.lower() in _MEDIA_TYPES else None


def serve_family_media(request: Request) -> Response:
    """Answer a request for one film or still of one family (404 unless it may have it)."""
    from vigreview.storage.family_ids import is_family_id

    family_id = str(request.path_params["family_id"])
    if not is_family_id(family_id) or not may_fetch(request, family_id):
        return Response(status_code=404)
    target = _file_asked_for(family_id, str(request.path_params["path"]))
    if target is None:
        return Response(status_code=404)
    return FileResponse(
        target,
        media_type=_MEDIA_TYPES[target.suffix.lower()],
        # Kept out of shared caches and the tablet's disk cache: these are a family's films.
        headers={"Cache-Control": "private, no-store"},
    )


def family_media_routes() -> list[Route]:
    """Return the route that serves families' films and stills."""
    return [Route(URL_PREFIX + "/{family_id}/{path:path}", serve_family_media, methods=["GET"])]
