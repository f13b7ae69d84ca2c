"""Reading a CSV file of existing patients: its encoding, its columns, and each row's problems.

Nothing here writes: ``import_preview`` turns the file's text and the chosen column mapping
into rows ready to register and the problems that stop them (``patient_import_commit`` in
``services`` registers all or nothing). The text never reaches a log.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from picoclinic.notifications.sms import phone_e164
from picoclinic.patients.models import Language, Patient, Sex

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

TOO_LARGE = _("The file is larger than 2 MB. Split it into several files.")
NOT_TEXT = _("The file is not a CSV text file we can read (UTF-8 or Excel's Windows encoding).")
EMPTY = _("The file has no rows of patients under its header line.")
UNREADABLE_DATE = _("“%(raw)s” is not a date we can read: use 1990-05-17.")
TOO_MANY = _("The file has more than 5,000 patients. Split it into several files.")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool
    headers: tuple[str, ...]  # header names guessed as this column (compared simplified)


COLUMNS = [
    Column("given_name", _("Given name"), True, ("givenname", "firstname", "forename", "first")),
    Column("family_name", _("Family name"), True, ("familyname", "lastname", "surname", "last")),
    Column("date_of_birth", _("Date of birth"), True, ("dateofbirth", "dob", "birthdate", "born")),
    Column("sex", _("Sex"), False, ("sex", "gender")),
    Column("email", _("E-mail"), False, ("email", "emailaddress", "mail")),
    Column("phone", _("Phone"), False, ("phone", "mobile", "telephone", "tel", "phonenumber")),
    Column("address", _("Address"), False, ("address", "homeaddress")),
    Column("preferred_name", _("Preferred name"), False, ("preferredname", "knownas")),
    Column(
        "emergency_contact_name",
        _("Emergency contact"),
        False,
        ("emergencycontact", "emergencycontactname", "nextofkin"),
    ),
    Column(
        "emergency_contact_phone",
        _("Emergency contact phone"),
        False,
        ("emergencycontactphone", "emergencyphone", "nextofkinphone"),
    ),
    Column("preferred_language", _("Language"), False, ("language", "preferredlanguage")),
]
COLUMN_KEYS = [c.key for c in COLUMNS]
TEMPLATE_HEADER = [
    "Given name",
    "Family name",
    "Date of birth",
    "Sex",
    "E-mail",
    "Phone",
    "Address",
    "Preferred name",
    "Emergency contact",
    "Emergency contact phone",
    "Language",
]
TEMPLATE_EXAMPLE = [
    "Jo",
    "Example",
    "1990-05-17",
    "female",
    "jo@example.com",
    "07700 900123",
    "1 High Street, Leeds",
    "",
    "Sam Example",
    "07700 900124",
    "en",
]


class DateOrder:
    DAY_FIRST = "dmy"
    MONTH_FIRST = "mdy"
    CHOICES = [
        (DAY_FIRST, _("Day first: 03/04/1990 is 3 April 1990")),
        (MONTH_FIRST, _("Month first: 03/04/1990 is 4 March 1990")),
    ]


MONTH_FIRST_COUNTRIES = {"US", "PH", "CA", "FM", "MH", "PW"}


def date_order_for(country: str) -> str:
    return (
        DateOrder.MONTH_FIRST if country.upper() in MONTH_FIRST_COUNTRIES else DateOrder.DAY_FIRST
    )


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, without its content."""


def decode(raw: bytes) -> str:
    """The file's text: UTF-8 with or without a byte-order mark, else Excel's cp1252."""
    if len(raw) > MAX_BYTES:
        raise ImportFileError(TOO_LARGE)
    if b"\x00" in raw:
        raise ImportFileError(NOT_TEXT)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(NOT_TEXT)


def read_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """The header and the rows (blank lines dropped); the delimiter sniffed (, ; or tab)."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [
            row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)
        ]
    except csv.Error:
        raise ImportFileError(NOT_TEXT) from None
    if len(rows) < 2:
        raise ImportFileError(EMPTY)
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(TOO_MANY)
    return [h.strip() for h in rows[0]], rows[1:]


def _simple(header: str) -> str:
    return re.sub(r"[^a-z]", "", header.lower())


def guess_mapping(header: list[str]) -> dict[str, int | None]:
    """For each column of ours, the index of the file's column that looks like it, or None."""
    simple = [_simple(h) for h in header]
    mapping: dict[str, int | None] = {}
    for column in COLUMNS:
        names = {_simple(str(column.label)), *column.headers}
        mapping[column.key] = next((i for i, h in enumerate(simple) if h in names), None)
    return mapping


@dataclass
class PreviewRow:
    line: int  # the line in the file (the header is line 1)
    data: dict
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # read, but check: e.g. an ambiguous date
    existing: list[int] = field(default_factory=list)  # ids of patients it may already be

    @property
    def name(self) -> str:
        return f"{self.data.get('given_name', '')} {self.data.get('family_name', '')}".strip()


@dataclass
class Preview:
    rows: list[PreviewRow]
    date_order: str

    @property
    def errors(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def ready(self) -> bool:
        return bool(self.rows) and self.errors == 0


_SEX = {
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "woman": Sex.FEMALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "man": Sex.MALE,
    "intersex": Sex.INTERSEX,
    "x": Sex.NOT_STATED,
    "": Sex.NOT_STATED,
    "notstated": Sex.NOT_STATED,
    "unknown": Sex.NOT_STATED,
}
_LANGUAGES = {v: v for v in Language.values} | {
    str(label).lower(): value for value, label in Language.choices
}


def read_date(raw: str, order: str, today: date) -> tuple[date | None, str, str]:
    """(the date, an error, a note): ISO (1990-05-17) always; 17/05/1990, 17.05.1990 or
    17-05-1990 in ``order``; an ambiguous day and month is read so and noted."""
    raw = raw.strip()
    if not raw:
        return None, str(_("Date of birth is missing.")), ""
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw):
        year, month, day = (int(x) for x in m.groups())
        ambiguous = False
    elif m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", raw):
        first, second, year = (int(x) for x in m.groups())
        day, month = (first, second) if order == DateOrder.DAY_FIRST else (second, first)
        ambiguous = first <= 12 and second <= 12 and first != second
    else:
        return (
            None,
            str(_("“%(raw)s” is not a date we can read: use 1990-05-17.") % {"raw": raw}),
            "",
        )
    try:
        value = date(year, month, day)
    except ValueError:
        return None, str(_("“%(raw)s” is not a real date.") % {"raw": raw}), ""
    if value > today or today.year - value.year > 120:
        return None, str(_("Date of birth %(raw)s cannot be right.") % {"raw": raw}), ""
    note = ""
    if ambiguous:
        first = _("day first") if order == DateOrder.DAY_FIRST else _("month first")
        note = str(
            _("%(raw)s read as %(day)s (%(order)s, as chosen above).")
            % {"raw": raw, "day": value.strftime("%-d %B %Y"), "order": first}
        )
    return value, "", note


def preview_row(
    line: int, cells: list[str], mapping: dict, *, order: str, region: str, today: date
) -> PreviewRow:
    def cell(key: str) -> str:
        index = mapping.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    row = PreviewRow(line=line, data={})
    for key in ("given_name", "family_name", "preferred_name", "address", "emergency_contact_name"):
        row.data[key] = cell(key)[: Patient._meta.get_field(key).max_length or 2000]
    for key, label in (("given_name", _("Given name")), ("family_name", _("Family name"))):
        if not row.data[key]:
            row.errors.append(str(_("%(field)s is missing.") % {"field": label}))
    born, error, note = read_date(cell("date_of_birth"), order, today)
    row.data["date_of_birth"] = born
    row.errors += [error] if error else []
    row.notes += [note] if note else []
    _read_contact(row, cell, region)
    sex = _SEX.get(_simple(cell("sex")))
    if sex is None:
        row.errors.append(str(_("Sex “%(raw)s” is not one we know.") % {"raw": cell("sex")}))
    row.data["sex"] = sex or Sex.NOT_STATED
    row.data["preferred_language"] = _LANGUAGES.get(cell("preferred_language").lower(), "en")
    return row


def _read_contact(row: PreviewRow, cell, region: str) -> None:
    email, phone = cell("email"), cell("phone")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.errors.append(str(_("“%(raw)s” is not an e-mail address.") % {"raw": email}))
    for raw in (phone, cell("emergency_contact_phone")):
        if raw and not phone_e164(raw, region):
            row.errors.append(str(_("“%(raw)s” is not a phone number we can read.") % {"raw": raw}))
    if not email and not phone:
        row.errors.append(str(_("Give a phone number or an e-mail address.")))
    row.data["email"] = email
    row.data["phone"] = phone
    row.data["emergency_contact_phone"] = cell("emergency_contact_phone")


def import_preview(
    *, text: str, mapping: dict, order: str, region: str, patients, today: date
) -> Preview:
    """Every row read with ``mapping``, with its problems: unreadable fields, the same person
    twice in the file, or someone already among ``patients`` (those the user may reach)."""
    from picoclinic.patients.duplicates import Person, same_person_candidates

    _header, cells = read_rows(text)
    rows = [
        preview_row(line, row, mapping, order=order, region=region, today=today)
        for line, row in enumerate(cells, start=2)
    ]
    people = [
        Person(
            given_name=r.data["given_name"],
            family_name=r.data["family_name"],
            date_of_birth=r.data["date_of_birth"],
            email=r.data["email"],
            phone=r.data["phone"],
            region=region,
        )
        for r in rows
    ]
    _twice_in_file(rows, people)
    for row, matches in zip(
        rows, same_person_candidates(patients=patients, people=people, limit=1), strict=True
    ):
        for match in matches:
            row.existing.append(match.patient.pk)
            row.errors.append(
                str(
                    _("Already a patient: %(name)s %(number)s (%(why)s).")
                    % {
                        "name": match.patient.full_name,
                        "number": match.patient.patient_number,
                        "why": ", ".join(str(r) for r in match.reasons),
                    }
                )
            )
    return Preview(rows=rows, date_order=order)


def _twice_in_file(rows: list[PreviewRow], people: list) -> None:
    seen: dict[tuple, int] = {}
    for row, person in zip(rows, people, strict=True):
        keys = [("email", person.email_key), ("phone", person.phone_key)]
        if person.name_key and person.date_of_birth:
            keys.append(("name", (person.name_key, person.date_of_birth)))
        for key in keys:
            if not key[1]:
                continue
            if key in seen:
                row.errors.append(str(_("The same person as line %(line)s?") % {"line": seen[key]}))
                break
            seen[key] = row.line
