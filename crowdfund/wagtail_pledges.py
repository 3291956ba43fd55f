"""City Hall pledges in the Wagtail admin.

Standalone for now: its own top-level menu item. To put it in the "Crowdfund
London" menu group instead, add ``CityHallMenu`` to that group's ``items`` and
delete ``register_city_hall_menu_item`` below.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import WagtailMenuRegisterable

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


class CityHallMenu(WagtailMenuRegisterable):
    """The menu entry, shown only to people who may pledge City Hall money;
    usable on its own or as an item of a ``ViewSetGroup``."""

    menu_label = _("City Hall pledges")
    menu_name = "crowdfund-city-hall-pledges"
    menu_icon = "pick"
    menu_order = 351
    add_to_admin_menu = False  # registered by the hook below (for now)

    @property
    def menu_url(self):
        return reverse("crowdfund_city_hall:list")

    def get_menu_item(self, order=None):
        return admin_city_hall.CityHallMenuItem(
            self.menu_label,
            self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=order if order is not None else self.menu_order,
        )


@hooks.register("register_admin_menu_item")
def register_city_hall_menu_item():
    return CityHallMenu().get_menu_item()


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
