"""The ``picoclinic`` command.

picoclinic serve [--port N]   the web server and the background-task worker, together
picoclinic demo               load the demo clinic (once; safe to repeat) and print its logins
picoclinic estimate           JSON in on stdin, the session estimate out on stdout
picoclinic screen             JSON in on stdin, the contraindication screening out on stdout
picoclinic <django command>   anything manage.py does: migrate, createsuperuser, check, ...
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

ERR_NOT_UTF8 = "input is not valid UTF-8 text"
EXIT_INPUT = 2


def respond(run: Callable[[str], tuple[int, dict]], raw: bytes) -> tuple[int, bytes]:
    """The exit code and the bytes written for ``raw`` on stdin. Never raises: input that is not
    UTF-8 is refused with exit 2, and the answer is always encodable (the core refuses lone
    surrogates; if one ever slipped through, the answer falls back to ASCII escapes)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        code, payload = EXIT_INPUT, {"error": ERR_NOT_UTF8, "field": ""}
    else:
        code, payload = run(text)
    try:
        out = json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        out = json.dumps(payload, indent=2).encode("ascii")
    return code, out + b"\n"


def _json_command(run: Callable[[str], tuple[int, dict]]) -> int:
    code, out = respond(run, sys.stdin.buffer.read())
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()
    return code


def _estimate() -> int:
    from picoclinic.clinical.estimate_io import run_estimate

    return _json_command(run_estimate)


def _screen() -> int:
    from datetime import datetime

    from picoclinic.clinical.screening_io import run_screen

    # The command line is where the clock is read: the machine's local date, unless the JSON
    # says "today" itself. The clinical core never reads the clock.
    today = datetime.now().astimezone().date()
    return _json_command(lambda text: run_screen(text, today=today))


def _django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "picoclinic.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["picoclinic", *argv])
    return 0


PURE_COMMANDS: dict[str, Callable[[], int]] = {"estimate": _estimate, "screen": _screen}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        sys.stdout.write(__doc__.strip() + "\n")
        return 0
    command = PURE_COMMANDS.get(argv[0])
    if command is not None:
        return command()
    return _django(argv)


if __name__ == "__main__":
    sys.exit(main())
