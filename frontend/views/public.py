from django.shortcuts import render
from django.template.loader import render_to_string

from portal.core import pagecache
from portal.wards.models import Ward


def home(request):
    # The list of wards (170 in a city: 20 ms of template work) is a cached fragment, bumped when a ward changes.
    ward_list = pagecache.fragment(pagecache.WARDS, "home", (), lambda: render_to_string(
        "frontend/_home_wards.html", {"wards": Ward.objects.filter(is_active=True).only("code", "name", "city")}))
    return render(request, "frontend/home.html", {"ward_list": ward_list})
