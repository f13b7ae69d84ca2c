"""The health check for the proxy and monitors: real database, real cache backends."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_healthy_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    # A monitor polling every few seconds must not leave a session row behind.
    assert "sessionid" not in response.cookies


def test_unavailable_cache_answers_503_naming_it(client, settings):
    # A Redis cache on a port where nothing listens: the real client fails to connect.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_only_get_and_head(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_answers_the_proxy_probe_whatever_the_host_and_scheme(client, settings):
    # Production behind the proxy: the probe comes over plain HTTP to 127.0.0.1:8000, a host
    # that ALLOWED_HOSTS refuses and a scheme that would be redirected to HTTPS.
    settings.ALLOWED_HOSTS = ["clinic.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # Every other page still refuses that host.
    assert client.get("/accounts/login/", HTTP_HOST="127.0.0.1:8000").status_code == 400
