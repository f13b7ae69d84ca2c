"""Local mode's e-mail: written to files under ``var/mail`` (owner-only), with one line on the
console saying where, instead of the whole message printed to the console and its log
(booking confirmations carry people's names, phones and private links)."""

from __future__ import annotations

import os
import sys

from django.core.mail.backends.filebased import EmailBackend


class LocalFileEmailBackend(EmailBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # file_path and _fname are set by the file backend; django-stubs do not declare them.
        os.chmod(self.file_path, 0o700)  # type: ignore[attr-defined]

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        if sent:
            sys.stderr.write(f"picoclinic: {sent} e-mail(s) written to {self._fname}\n")  # type: ignore[attr-defined]
        return sent
