"""`python -m vigreview.trust.lan_check`: may this data folder be served on the network yet?

Run by scripts/serve-lan.sh before it starts the server. Exits 0 when a guider account exists,
otherwise prints why not and what to do, and exits 1. The app itself refuses too (the frame
checks the address it is bound to), so a server started by hand is no less safe.
"""

from __future__ import annotations

import sys

from vigreview.caseload import open_store
from vigreview.config import load_settings
from vigreview.trust.accounts import has_accounts
from vigreview.trust.lan import explain_refusal


def main() -> int:
    """Check the configured data folder; print the reason and return 1 when it is not safe."""
    settings = load_settings()
    reason = explain_refusal("0.0.0.0", has_accounts(open_store(settings.data_dir)))
    if reason is None:
        print(f"Guider accounts found in {settings.data_dir}: serving on the network.")
        return 0
    print(f"Not starting. {reason}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
