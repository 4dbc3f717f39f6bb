"""The client's address, as the rate limits see it."""

import ipaddress

# Requests without a usable REMOTE_ADDR (a WSGI server on a Unix socket, a test client, a malformed value) share one
# bucket instead of crashing the rate limiter with a 500.
UNKNOWN_CLIENT = "0.0.0.0"  # noqa: S104 — a rate-limit bucket name, not an address to bind


def client_ip(request) -> str:
    value = (request.META.get("REMOTE_ADDR") or "").strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return UNKNOWN_CLIENT
