"""Public open-data pages: the documented schema of the case records (/du-lieu-mo/) and the published answers
(/tra-loi-cong-khai/). Templates get PublishedCase values, never a Case, so no contact field can reach a page."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from portal.transparency import exports, published
from portal.wards.models import Category, Ward

from ..paging import CappedPaginator

PAGE_SIZE = 20
ANSWER_LIST_CAP = 1000  # rows counted at most (frontend/paging.py)


def index(request):
    return render(request, "frontend/opendata/index.html", {
        "columns": exports.COLUMNS,
        "licence": exports.LICENCE,
        "licence_url": exports.LICENCE_URL,
        "csv_url": reverse("api:opendata-cases-csv"),
        "json_url": reverse("api:opendata-cases-json"),
        "schema_url": reverse("api:opendata-schema"),
        "wards": Ward.objects.filter(is_active=True).only("code", "name").order_by("name"),
    })


def answer_list(request):
    q = request.GET.get("q", "").strip()[:200]
    ward = request.GET.get("ward", "").strip()[:16]
    category = request.GET.get("category", "").strip()[:64]
    paginator = CappedPaginator(published.search_published(q=q, ward=ward, category=category), PAGE_SIZE,
                                cap=ANSWER_LIST_CAP)
    with published.plan_for_common_words(q and paginator.capped):
        page = paginator.get_page(request.GET.get("page"))
        cases = [published.to_published(case) for case in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "frontend/opendata/answer_list.html", {
        "page": page, "cases": cases, "q": q, "ward": ward, "category": category, "query": query.urlencode(),
        "wards": Ward.objects.filter(is_active=True).only("code", "name").order_by("name"),
        "categories": Category.objects.filter(is_active=True).only("code", "name", "name_en")
        .order_by("sort_order", "name"),
    })


def answer_detail(request, code):
    case = published.published_case(code)
    if case is None:
        raise Http404
    return render(request, "frontend/opendata/answer_detail.html", {"case": case})
