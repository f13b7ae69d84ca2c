"""Shared web helpers: the client's address, behind a proxy or not."""

from __future__ import annotations

from django.test import RequestFactory

from picoclinic.web.http import client_ip


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", **meta)


def test_without_a_proxy_the_forwarded_header_is_not_believed(settings):
    settings.BEHIND_TLS_PROXY = False
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "10.0.0.5"


def test_behind_our_proxy_the_address_it_saw_counts(settings):
    settings.BEHIND_TLS_PROXY = True
    # The client may send its own header; our proxy appends the address it really saw.
    forged = _request(HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    assert client_ip(forged) == "198.51.100.7"
    assert client_ip(_request()) == "10.0.0.5"
