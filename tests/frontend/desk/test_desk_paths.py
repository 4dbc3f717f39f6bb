"""frontend.desk_paths and {% path %}: the links of the staff case page, the site's header, footer and desk menu are
made without running reverse() for each (issue 7). Each must be the path reverse() gives, in both languages, under a
script prefix, for any code; and every link of a real case page must lead where reverse() says."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse, set_script_prefix
from django.utils import translation

from frontend.desk_paths import CasePaths, case_path, fixed_path
from frontend.desk_urls import urlpatterns as desk_patterns
from portal.cases import services
from portal.cases.models import Attachment
from portal.cases.workflow import TRANSITIONS

from .helpers import file

CODES = ["PN17-2026-000123", "bw003-2023-000078", "A_b-9", "mã có dấu", "a b/c?d", "x%20y", "~c~"]


@pytest.fixture(params=["vi", "en"])
def language(request):
    with translation.override(request.param):
        yield request.param


@pytest.fixture(params=["/", "/openward/"])
def script_prefix(request):
    set_script_prefix(request.param)
    yield request.param
    set_script_prefix("/")


def _case_names():
    """The desk's URLs of a case whose only argument is its code."""
    return [f"frontend:{p.name}" for p in desk_patterns if set(p.pattern.converters) == {"code"}]


def _outcome(make):
    """What make() gives, or the class of what it raises."""
    try:
        return make()
    except NoReverseMatch as exc:
        return type(exc)


def test_every_case_path_is_what_reverse_gives(language, script_prefix):
    names = _case_names()
    assert "frontend:desk-claim" in names and "frontend:desk-case" in names and len(names) >= 9
    for code in CODES:
        paths = CasePaths(code)
        for name in names:
            expected = _outcome(lambda name=name: reverse(name, kwargs={"code": code}))
            assert _outcome(lambda name=name: case_path(name, code)) == expected, (name, code)
            assert _outcome(lambda name=name: paths[name.removeprefix("frontend:desk-")]) == expected
        for action in TRANSITIONS:
            expected = _outcome(lambda action=action: reverse("frontend:desk-transition",
                                                              kwargs={"code": code, "action": action}))
            assert _outcome(lambda action=action: paths.transition(action)) == expected, (action, code)
    assert CasePaths("PN17-2026-000123")["claim"].endswith("/can-bo/don/PN17-2026-000123/nhan-xu-ly/")


def _fixed_names(resolver=None, namespace=""):
    """Every named URL of the site without arguments."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if not entry.pattern.converters and not getattr(entry.pattern, "regex", re.compile("")).groups:
                yield from _fixed_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            yield f"{namespace}{entry.name}"


def test_every_fixed_path_is_what_reverse_gives(language, script_prefix):
    names = set(_fixed_names())
    assert {"frontend:home", "frontend:desk-queue", "frontend:logout", "set_language", "api:docs"} <= names
    for name in names:
        for current_app in (None, "frontend"):
            assert fixed_path(name, current_app) == reverse(name, current_app=current_app), name


def test_the_path_tag_writes_what_the_url_tag_writes(language, script_prefix):
    request = RequestFactory().get("/can-bo/")
    request.resolver_match = resolve("/can-bo/")
    for name in ("frontend:home", "frontend:desk-queue", "set_language", "api:docs", "frontend:desk-audit"):
        for autoescape in (True, False):
            context = Context({"name": name}, autoescape=autoescape)
            context.request = request
            ours = Template("{% load openward %}{% path name %}").render(context)
            django = Template("{% url name %}").render(context)
            assert ours == django, name


@pytest.mark.django_db
def test_every_link_of_a_leaders_case_page_leads_where_reverse_says(ward, category, department, area, leader,
                                                                    officer, login, language):
    """A leader's page of an open case with a draft answer, a file and a look-alike: assign, transitions, the
    draft's approve and return, the file, merge suggestions, the audit log, the menus. Every link and form of the site
    resolves to a view, and is the path reverse() gives that view with those arguments."""
    case = file(ward, category, title="Đèn đường hỏng ở hẻm 45", department=department, area=area)
    file(ward, category, title="Đèn đường hẻm 45 không sáng", department=department, area=area)
    services.propose_answer(case=case, actor=officer, text="Đã sửa đèn đường trong hẻm.")
    Attachment.objects.create(case=case, kind="document", original_name="bien-ban.pdf", file="x/bien-ban.pdf",
                              content_type="application/pdf", size=10, sha256="a" * 64)
    client = login(leader)
    client.cookies["django_language"] = language
    html = client.get(reverse("frontend:desk-case", kwargs={"code": case.tracking_code})).content.decode()
    links = set(re.findall(r'(?:href|action)="(/[^"?#]*)', html))
    desk = {link for link in links if link.startswith("/can-bo/don/")}
    assert len(desk) >= 8, desk
    assert reverse("frontend:desk-assign", kwargs={"code": case.tracking_code}) in desk
    assert reverse("frontend:desk-approve", kwargs={"code": case.tracking_code,
                                                    "answer_id": case.answers.get().pk}) in desk
    assert reverse("frontend:desk-transition", kwargs={"code": case.tracking_code, "action": "merge"}) in desk
    for link in links:
        if link.startswith(("/static/", "/media/")):
            continue
        match = resolve(link)
        assert reverse(match.view_name, kwargs=match.kwargs) == link, link


def test_a_case_path_once_made_costs_no_reverse_for_another_code(monkeypatch):
    from portal.core import paths

    first = case_path("frontend:desk-note", "PN17-2026-000001")
    queue = fixed_path("frontend:desk-queue")
    monkeypatch.setattr(paths, "reverse", lambda *a, **k: pytest.fail("reverse() called"))
    assert case_path("frontend:desk-note", "PN17-2026-000002") == first.replace("000001", "000002")
    assert fixed_path("frontend:desk-queue") == queue
