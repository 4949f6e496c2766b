"""The README's picture of the explorer, made as a person would see it: `socialcredit explore`
started on a free port (2,000 citizens × 365 days, 3 seeds, so the picture is quick to make),
its page opened in Debian's Chromium through Playwright at 1,280 × 900, the first figures
waited for, the black list's entry moved to 880 points and its figures waited for, then the
first screen photographed into `docs/explorer.png`.

    .venv/bin/python docs/explorer_screenshot.py
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "explorer.png"
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    with tempfile.TemporaryDirectory() as saved:
        cmd = [sys.executable, "-m", "socialcredit", "explore", "--citizens", "2000"]
        cmd += ["--port", str(port), "--save-to", saved]
        server = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            server.stdout.readline()  # the explorer's address: it listens
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"http://127.0.0.1:{port}/", wait_until="load")
                ready = "() => Number(document.body.dataset.updates || 0) >= {}"
                page.wait_for_function(ready.format(1), timeout=600_000)
                page.evaluate(
                    """() => { const s = document.getElementById(
                            'lever-policy-lists-black-enter-score_below');
                        s.value = 880; s.dispatchEvent(new Event('input')); }"""
                )
                page.wait_for_function(ready.format(2), timeout=600_000)
                page.screenshot(path=str(OUT))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
