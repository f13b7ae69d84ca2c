"""Countries and their IANA time zones, from the tz database's own tables (the ``tzdata``
package in the lock: ``iso3166.tab`` names the countries, ``zone.tab`` lists each country's
zones), so the choices follow the tz database and need no list of our own."""

from __future__ import annotations

import zoneinfo
from functools import cache
from importlib.resources import files


def _rows(table: str) -> list[list[str]]:
    text = files("tzdata").joinpath("zoneinfo", table).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def countries() -> list[tuple[str, str]]:
    """(ISO 3166 code, name) of every country, by name."""
    return sorted(((row[0], row[1]) for row in _rows("iso3166.tab")), key=lambda c: c[1])


@cache
def _zones_by_country() -> dict[str, list[str]]:
    zones: dict[str, list[str]] = {}
    for row in _rows("zone.tab"):
        zones.setdefault(row[0], []).append(row[2])
    return {code: sorted(names) for code, names in zones.items()}


def zones_for_country(code: str) -> list[str]:
    return _zones_by_country().get(code, [])


def is_time_zone(name: str) -> bool:
    return name in zoneinfo.available_timezones()


def time_zone_choices(country: str = "") -> list:
    """Choices for a time-zone field: a country's own zones when it is known (the one zone of
    most countries), else every zone grouped by country."""
    names = dict(countries())
    if zones_for_country(country):
        return [(zone, zone) for zone in zones_for_country(country)]
    return [
        (names[code], [(zone, zone) for zone in _zones_by_country().get(code, [])])
        for code, _name in countries()
        if _zones_by_country().get(code)
    ]
