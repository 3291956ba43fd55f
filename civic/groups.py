"""The staff groups, named once. A migration creates them; feature apps add
their own permissions to them in their migrations."""

MODERATORS = "Moderators"
CROWDFUND_OFFICERS = "Crowdfund officers"
CHALLENGE_MANAGERS = "Challenge managers"
ASSESSORS = "Assessors"
INCLUSION_OFFICERS = "Inclusion officers"
PROGRAMME_MANAGERS = "Programme managers"
CONTENT_EDITORS = "Content editors"

STAFF_GROUPS = [
    MODERATORS,
    CROWDFUND_OFFICERS,
    CHALLENGE_MANAGERS,
    ASSESSORS,
    INCLUSION_OFFICERS,
    PROGRAMME_MANAGERS,
    CONTENT_EDITORS,
]

# group -> (app_label, codename) permissions granted in civic's migration
CORE_PERMISSIONS = {
    MODERATORS: [("civic", "moderate_content"), ("civic", "suspend_user")],
    CONTENT_EDITORS: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
}
