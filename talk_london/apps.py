from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalkLondonConfig(AppConfig):
    name = "talk_london"
    verbose_name = _("Talk London")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from civic.registry import registry

        from . import demo_surveys
        from .demo_membership import seed_membership_demo
        from .membership_activity import membership_activity

        registry.register_activity(_("Talk London"), membership_activity)
        registry.register_demo_seeder("talk_london_membership", seed_membership_demo)
        registry.register_demo_seeder("talk_london_surveys", demo_surveys.seed)
        self._ready_discussions()
        from .activity_surveys import survey_activity

        registry.register_activity("Talk London surveys", survey_activity)

    def _ready_discussions(self):
        from celery.schedules import crontab

        from civic.celery import add_periodic_task
        from civic.registry import registry
        from talk_london import demo_discussions, tasks_discussions
        from talk_london.activity_discussions import discussion_activity
        from talk_london.models import Post, Thread

        registry.register_moderated(
            Thread,
            label=_("Discussion thread"),
            get_title=lambda thread: thread.title,
            get_author=lambda thread: thread.author,
        )
        registry.register_moderated(
            Post,
            label=_("Discussion post"),
            get_title=lambda post: (
                _("Post by %(name)s in “%(thread)s”")
                % {"name": post.author.public_name, "thread": post.thread.title}
            ),
            get_author=lambda post: post.author,
        )
        registry.register_activity("Talk London discussions", discussion_activity)
        registry.register_demo_seeder(
            "talk_london_discussions", demo_discussions.seed_discussions
        )
        # 07:00 London time: a morning email with yesterday's replies.
        add_periodic_task(
            "talk-london-discussion-digest",
            tasks_discussions.DIGEST_TASK,
            crontab(hour=7, minute=0),
        )
