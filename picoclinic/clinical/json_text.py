"""Text the JSON commands cannot encode: a lone surrogate (such as ``"\\ud800"``) is valid JSON
but not valid Unicode text, so it can be neither echoed back nor written as UTF-8. Both commands
refuse such input with their usual error instead of failing when they answer."""

from __future__ import annotations

ERR_UNENCODABLE = "input holds text that cannot be encoded as UTF-8 (a lone surrogate)"


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(text: str) -> str:
    """``text`` with anything unencodable written as a backslash escape (safe to echo)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def unencodable_path(value: object, path: str = "") -> str | None:
    """The dotted path (escaped, safe to echo) of the first key or string in a decoded JSON value
    that cannot be encoded as UTF-8; None when everything can."""
    if isinstance(value, str):
        return None if _encodable(value) else path
    if isinstance(value, list):
        items = ((f"{path}[{i}]", item) for i, item in enumerate(value))
        return next(
            (p for at, item in items if (p := unencodable_path(item, at)) is not None), None
        )
    if isinstance(value, dict):
        for key, item in value.items():
            here = _join(path, printable(key))
            if not _encodable(key):
                return here
            found = unencodable_path(item, here)
            if found is not None:
                return found
    return None
