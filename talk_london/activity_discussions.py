from django.utils.translation import gettext as _

from civic.registry import ActivityItem
from talk_london.models import Post


def discussion_activity(user, limit: int) -> list[ActivityItem]:
    """A member's posts, newest first ("Posted in …"): one query."""
    posts = (
        Post.objects.filter(author=user)
        .exclude(status=Post.Status.REJECTED)
        .select_related("thread")
        .order_by("-created_at")[:limit]
    )
    return [
        ActivityItem(
            title=_("Posted in “%(thread)s”") % {"thread": post.thread.title},
            url=post.get_absolute_url(),
            when=post.created_at,
            section=_("Talk London"),
            status=post.get_status_display(),
        )
        for post in posts
    ]
