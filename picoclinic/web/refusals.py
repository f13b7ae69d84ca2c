"""One refusal error for every service (HackSoft's ``ApplicationError``), and one way a view
shows it: the message on the form field it names, else above the form."""

from __future__ import annotations


class Refused(Exception):
    """A user action the rules do not allow. ``message`` is for the user; ``field`` names the
    form field it belongs to (None: the whole action). Every service error derives from it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def refusal_on_form(form, refused: Refused) -> None:
    """Show ``refused`` on ``form``: on its field when the form has that field, else on top."""
    form.add_error(refused.field if refused.field in form.fields else None, refused.message)
