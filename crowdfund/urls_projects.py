from django.urls import path

from .views import project_team, projects

_mine = "your-projects/<slug:slug>/"

urlpatterns = [
    path("start/", projects.project_start, name="project_start"),
    path("start/name/", projects.project_create, name="project_create"),
    path("your-projects/", projects.my_projects, name="my_projects"),
    path(_mine, projects.project_tasks, name="project_tasks"),
    path(
        _mine + "describe/<slug:step>/",
        projects.project_describe,
        name="project_describe",
    ),
    path(_mine + "images/", projects.project_images, name="project_images"),
    path(
        _mine + "images/<int:pk>/remove/",
        projects.project_image_remove,
        name="project_image_remove",
    ),
    path(_mine + "budget/", projects.project_budget, name="project_budget"),
    path(_mine + "budget/add/", projects.project_cost, name="project_cost_add"),
    path(
        _mine + "budget/<int:pk>/change/",
        projects.project_cost,
        name="project_cost_change",
    ),
    path(
        _mine + "budget/<int:pk>/remove/",
        projects.project_cost_remove,
        name="project_cost_remove",
    ),
    path(_mine + "team/", project_team.project_team, name="project_team"),
    path(_mine + "team/invite/", project_team.project_invite, name="project_invite"),
    path(
        _mine + "team/invitations/<int:pk>/cancel/",
        project_team.project_invitation_cancel,
        name="project_invitation_cancel",
    ),
    path(
        _mine + "team/<int:pk>/remove/",
        project_team.project_member_remove,
        name="project_member_remove",
    ),
    path(
        _mine + "permissions/",
        projects.project_permissions,
        name="project_permissions",
    ),
    path(_mine + "help/", projects.project_needs, name="project_needs"),
    path(_mine + "help/add/", projects.project_need, name="project_need_add"),
    path(
        _mine + "help/<int:pk>/change/",
        projects.project_need,
        name="project_need_change",
    ),
    path(
        _mine + "help/<int:pk>/remove/",
        projects.project_need_remove,
        name="project_need_remove",
    ),
    path(_mine + "check/", projects.project_check, name="project_check"),
    path(_mine + "updates/", project_team.project_updates, name="project_updates"),
    path(_mine + "offers/", project_team.project_offers, name="project_offers"),
    path(
        "join/<str:token>/",
        project_team.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "projects/<slug:slug>/needs/<int:need_pk>/offer/",
        project_team.need_offer,
        name="need_offer",
    ),
]
