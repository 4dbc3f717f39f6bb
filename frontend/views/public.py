from django.shortcuts import render

from portal.wards.models import Ward


def home(request):
    wards = Ward.objects.filter(is_active=True).only("code", "name", "city")
    return render(request, "frontend/home.html", {"wards": wards})
