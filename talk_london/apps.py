from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalkLondonConfig(AppConfig):
    name = "talk_london"
    verbose_name = _("Talk London")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from civic.registry import registry

        from . import demo_surveys, scale
        from .activity_surveys import survey_activity
        from .demo_membership import seed_membership_demo
        from .membership_activity import membership_activity

        registry.register_activity(_("Talk London"), membership_activity)
        registry.register_demo_seeder("talk_london_membership", seed_membership_demo)
        registry.register_demo_seeder("talk_london_surveys", demo_surveys.seed)
        self._ready_discussions()
        registry.register_activity("Talk London surveys", survey_activity)
        self._ready_poll_embeds()
        self._ready_exports()
        scale.register(registry)
        from talk_london import personal_data

        personal_data.register()

    def _ready_exports(self):
        from celery.schedules import crontab

        from civic.celery import add_periodic_task
        from talk_london import tasks_exports

        # 04:30 London time: survey exports are kept for a week.
        add_periodic_task(
            "talk-london-delete-old-exports",
            tasks_exports.CLEANUP_TASK,
            crontab(hour=4, minute=30),
        )
        # Every 5 minutes: exports asked for while the broker was down, or
        # whose worker died part way.
        add_periodic_task(
            "talk-london-start-waiting-exports",
            tasks_exports.SWEEP_TASK,
            300.0,
        )

    def _ready_poll_embeds(self):
        from civic.registry import registry
        from talk_london import embeds_polls

        registry.register_embed(
            "poll",
            label=_("Talk London poll"),
            render=embeds_polls.poll_embed_render,
            choices=embeds_polls.poll_embed_choices,
        )

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
                % {"name": post.author_name, "thread": post.thread.title}
            ),
            get_author=lambda post: post.author,
        )
        registry.register_activity("Talk London discussions", discussion_activity)
        from talk_london import caching

        caching.connect()
        registry.register_demo_seeder(
            "talk_london_discussions", demo_discussions.seed_discussions
        )
        # 07:00 London time: a morning email with yesterday's replies.
        add_periodic_task(
            "talk-london-discussion-digest",
            tasks_discussions.DIGEST_TASK,
            crontab(hour=7, minute=0),
        )
