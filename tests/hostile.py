"""Ways a web server misbehaves, as behaviours for ``LocalSite.behaviours``."""

from __future__ import annotations

import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

Behaviour = Callable[[BaseHTTPRequestHandler], None]


def respond(status: int, body: bytes = b"", content_type: str = "text/html", **headers: str) -> Behaviour:
    def behave(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    return behave


def first_then(first: Behaviour, then: Behaviour) -> Behaviour:
    """``first`` on the first request, ``then`` on every later one."""
    calls = []

    def behave(handler: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        (first if len(calls) == 1 else then)(handler)

    return behave


def reset_mid_body(handler: BaseHTTPRequestHandler) -> None:
    """Promise 50 KB, send 100 bytes, drop the connection."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", "50000")
    handler.end_headers()
    handler.wfile.write(
        b"<html><head><title>half</title></head><body><h1 class='abp-article-title'>" + b"x" * 30
    )
    handler.wfile.flush()
    handler.close_connection = True
    handler.connection.close()


def never_answers(seconds: float) -> Behaviour:
    def behave(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        handler.close_connection = True

    return behave


def redirect(location: str) -> Behaviour:
    return respond(302, Location=location)


def unsized(body: bytes) -> Behaviour:
    """A 200 without Content-Length: the body ends when the server closes the connection."""

    def behave(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body)
        handler.close_connection = True

    return behave
