#!/usr/bin/env python3
"""Container health check of the web service: one request through Django, as the reverse proxy would send it.

Uses a host from ALLOWED_HOSTS and X-Forwarded-Proto: https, so that the production host check and HTTPS redirect
answer as for a real visitor. Healthy: any answer below 500 within the timeout. Standard library only.
"""

import http.client
import os
import sys


def main():
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = hosts[0].lstrip(".") if hosts and hosts[0] != "*" else "localhost"
    port = int(os.environ.get("PORT", "8000"))
    path = os.environ.get("HEALTHCHECK_PATH", "/")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=float(os.environ.get("HEALTHCHECK_TIMEOUT", "5")))
    try:
        conn.request("GET", path, headers={"Host": host, "X-Forwarded-Proto": "https", "User-Agent": "healthcheck"})
        status = conn.getresponse().status
    except OSError as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    if status >= 500:
        print(f"unhealthy: GET {path} answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
