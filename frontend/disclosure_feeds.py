"""RSS 2.0 and Atom feeds of a ward's public disclosures, optionally of one category (Django's syndication
framework). Public content only: titles, the sanitised body, dates; never anything a resident wrote."""

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from portal.core.text import xml_text
from portal.disclosures.models import PUBLIC_STATES, Disclosure, DisclosureCategory
from portal.wards.models import Ward

FEED_SIZE = 50


class WardDisclosuresFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, ward_code, number=None):
        ward = get_object_or_404(Ward, code=ward_code, is_active=True)
        category = get_object_or_404(DisclosureCategory, number=number) if number is not None else None
        return ward, category

    def title(self, obj):
        ward, category = obj
        if category is None:
            return _("Public disclosures of %(ward)s") % {"ward": ward.name}
        return _("Public disclosures of %(ward)s: %(category)s") % {
            "ward": ward.name, "category": category.display_name(get_language() or "vi")}

    def link(self, obj):
        ward, category = obj
        query = f"?ward={ward.code}" + (f"&category={category.number}" if category else "")
        return reverse("frontend:disclosures-register") + query

    def description(self, obj):
        return _("Disclosures under the Law on Implementing Grassroots Democracy 2022, newest first.")

    def items(self, obj):
        ward, category = obj
        qs = Disclosure.objects.filter(ward=ward, state__in=list(PUBLIC_STATES)).select_related("category")
        if category is not None:
            qs = qs.filter(category=category)
        return qs.order_by("-posted_on", "-id")[:FEED_SIZE]

    # Text pasted from a word processor brings control characters (a manual line break is U+000B), which Django's
    # feeds refuse: one in one disclosure was a 500 for the ward's feeds. xml_text() makes them line breaks or drops
    # them.
    def item_title(self, item):
        prefix = f"[{pgettext('disclosure state', 'Withdrawn')}] " if item.state == "withdrawn" else ""
        return xml_text(prefix + item.title)

    def item_description(self, item):
        return xml_text(item.body_html)

    def item_link(self, item):
        return reverse("frontend:disclosures-detail", kwargs={"pk": item.pk})

    def item_guid(self, item):
        return f"disclosure-{item.pk}-v{item.version_number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        day = item.posted_on or timezone.localdate()
        return timezone.make_aware(dt.datetime.combine(day, dt.time(7, 0)))

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category.display_name(get_language() or "vi")]


class WardDisclosuresAtom(WardDisclosuresFeed):
    """Atom (RFC 4287) asks more than RSS: each entry's id is an IRI (the RSS guid "disclosure-6-v1" is not one) and
    the feed names its author."""

    feed_type = Atom1Feed
    subtitle = WardDisclosuresFeed.description

    def author_name(self, obj):
        return obj[0].name

    def item_guid(self, item):
        # The version's own page, at the portal's public address: one id per version, stable whatever the Host.
        return settings.SITE_URL + reverse("frontend:disclosures-version",
                                           kwargs={"pk": item.pk, "number": item.version_number})
