"""City Hall pledges in the Wagtail admin.

Standalone for now (its own menu item); at merge it can join the "Crowdfund
London" menu group as a submenu item (see the report to the lead).
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from civic.audit import register_reason_actions
from crowdfund import admin_city_hall
from crowdfund.services import city_hall


@hooks.register("register_admin_urls")
def register_city_hall_admin_urls():
    return [
        path(
            "crowdfund/city-hall-pledges/",
            include(
                (admin_city_hall.urlpatterns, admin_city_hall.app_name),
                namespace="crowdfund_city_hall",
            ),
        )
    ]


def city_hall_menu_item():
    return admin_city_hall.CityHallMenuItem(
        _("City Hall pledges"),
        reverse("crowdfund_city_hall:list"),
        name="crowdfund-city-hall-pledges",
        icon_name="pick",
        order=351,
    )


@hooks.register("register_admin_menu_item")
def register_city_hall_menu_item():
    return city_hall_menu_item()


@hooks.register("register_log_actions")
def register_city_hall_log_actions(actions):
    register_reason_actions(
        actions,
        {
            city_hall.PLEDGE: (
                _("Crowdfund: City Hall pledge"),
                _("City Hall money pledged to the campaign"),
            ),
            city_hall.WITHDRAW: (
                _("Crowdfund: withdraw City Hall pledge"),
                _("City Hall pledge withdrawn"),
            ),
        },
    )
