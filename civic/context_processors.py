from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SERVICE_NAVIGATION = [
    (_("Talk London"), "talk_london:index"),
    (_("Crowdfund"), "crowdfund:index"),
    (_("Challenges"), "challenges:index"),
    (_("Get online"), "inclusion:index"),
    (_("Tech talent"), "diversity:index"),
]


def portal(request):
    path = request.path
    navigation = []
    for label, name in SERVICE_NAVIGATION:
        url = reverse(name)
        navigation.append({"label": label, "url": url, "active": path.startswith(url)})
    return {
        "service_name": settings.WAGTAIL_SITE_NAME,
        "service_navigation": navigation,
    }
