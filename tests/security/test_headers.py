"""Headers and transport: Content-Security-Policy without inline script or style, framing refused, referrer and
permissions policies; no inline script, event handler or style attribute in any template; a CSRF token in every
POST form; `manage.py check --deploy` clean with production settings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [p for p in (ROOT / "frontend").rglob("templates") if p.is_dir()] + \
    [p for p in (ROOT / "api").rglob("templates") if p.is_dir()] + \
    [p for p in (ROOT / "portal").rglob("templates") if p.is_dir()]
TEMPLATES = sorted(t for d in TEMPLATE_DIRS for t in d.rglob("*.html"))


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_and_the_other_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"] and "microphone=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_api_answers_carry_the_policy_too(client):
    response = client.get("/api/v1/wards/")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 30, TEMPLATE_DIRS


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_event_handler_or_style(template):
    text = template.read_text(encoding="utf-8")
    for name, pattern in (("an inline <script>", INLINE_SCRIPT), ("an inline event handler (on...=)", EVENT_HANDLER),
                          ("a style= attribute", STYLE_ATTRIBUTE), ("a <style> element", STYLE_ELEMENT),
                          ("a javascript: URL", JAVASCRIPT_URL)):
        match = pattern.search(text)
        assert match is None, (f"{template.relative_to(ROOT)} has {name} (forbidden by the Content-Security-Policy; "
                               f"move it to a static file): {match.group(0)[:120]!r}")


POST_FORM = re.compile(r"<form\b[^>]*\bmethod\s*=\s*[\"']?post[\"']?[^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_post_form_has_a_csrf_token(template):
    text = template.read_text(encoding="utf-8")
    for match in POST_FORM.finditer(text):
        assert "{% csrf_token %}" in match.group(1), (
            f"{template.relative_to(ROOT)}: a POST form without {{% csrf_token %}}: {match.group(0)[:120]!r}")


@pytest.mark.django_db
def test_the_api_docs_page_runs_swagger_ui_without_inline_code(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert not INLINE_SCRIPT.search(html) and not STYLE_ELEMENT.search(html) and not STYLE_ATTRIBUTE.search(html)
    csp = _directives(page["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert "data:" in csp["img-src"]  # Swagger UI's icons
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in s for s in scripts)
    init = client.get(scripts[-1].replace("&amp;", "&"))
    assert init.status_code == 200 and init["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in init.content.decode()
    # The other pages keep the strict image policy.
    assert "data:" not in client.get("/")["Content-Security-Policy"]


def _production_env(tmp_path) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "OPENWARD_", "SECURE_", "PYTEST_"))}
    env.update({
        "OPENWARD_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "phuong.example.vn",
        "SITE_URL": "https://phuong.example.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",  # not contacted by the checks
        "OPENWARD_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    })
    env.pop("DEBUG", None)
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_env(tmp_path), capture_output=True, text=True, timeout=180)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_production_settings_turn_on_hsts_secure_cookies_and_argon2(tmp_path):
    script = ("from django.conf import settings as s; import json; print(json.dumps({"
              "'hsts': s.SECURE_HSTS_SECONDS, 'sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, 'ssl': s.SECURE_SSL_REDIRECT,"
              "'session': s.SESSION_COOKIE_SECURE, 'csrf': s.CSRF_COOKIE_SECURE, 'hasher': s.PASSWORD_HASHERS[0],"
              "'idle': s.SESSION_IDLE_TIMEOUT, 'debug': s.DEBUG}))")
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {script}"], cwd=ROOT,
                            env=_production_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    import json

    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {"hsts": 31536000, "sub": True, "ssl": True, "session": True, "csrf": True,
                      "hasher": "django.contrib.auth.hashers.Argon2PasswordHasher", "idle": 1800, "debug": False}
