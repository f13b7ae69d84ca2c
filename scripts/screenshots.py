"""Screenshots of pages as a given demo login sees them, for reading a page as a clinic would.

.venv/bin/python scripts/screenshots.py practitioner /clinic/today/ /patients/?q=lin
(BASE_URL defaults to http://127.0.0.1:8000; pictures go to screenshots/)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
PASSWORD = os.environ.get("PICOCLINIC_DEMO_PASSWORD", "pico-demo-2026")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(login: str, paths: list[str]) -> None:
    out = Path("screenshots")
    out.mkdir(exist_ok=True)
    width = int(os.environ.get("WIDTH", "1180"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        if login != "anonymous":
            page.goto(f"{BASE}/accounts/login/")
            page.fill("input[name=username]", f"{login}@lumen-demo.example")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
        for path in paths:
            page.goto(f"{BASE}{path}")
            # Scroll through once so lazily loaded images (photo thumbnails) are fetched.
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            page.evaluate("window.scrollTo(0, 0)")
            name = f"{login}{path.replace('/', '_').replace('?', '_')}-{width}.png"
            page.screenshot(path=out / name, full_page=True)
            print(out / name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
