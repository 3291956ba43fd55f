"""Discussion forums: staff open topics, members start threads and reply.

Counts shown on lists (posts, agreements) are denormalised onto the rows and
kept right by ``talk_london.services.discussions`` with F-expressions, so a
topic page sorts by them without counting thousands of rows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.models import ModeratedContent

# A member may edit their own post for this long after posting it.
EDIT_WINDOW = timezone.timedelta(minutes=15)
# Posts a member must have had approved before the rest publish straight away.
PREMODERATED_POSTS = 3
# At most this many posts per member in any rolling hour.
POSTS_PER_HOUR = 10
RESERVED_TOPIC_SLUGS = {"posts", "unsubscribe"}


class Topic(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    introduction = models.TextField(_("introduction"), blank=True)
    is_open = models.BooleanField(
        _("open"),
        default=True,
        help_text=_("Members can post in open topics only."),
    )
    members_can_start_threads = models.BooleanField(
        _("members can start threads"), default=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("discussion topic")
        verbose_name_plural = _("discussion topics")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talk_london:topic_detail", args=[self.slug])

    def clean(self) -> None:
        # These are paths of their own under /talk-london/discussions/.
        if self.slug in RESERVED_TOPIC_SLUGS:
            raise ValidationError(
                {
                    "slug": _("Choose another slug: “%(slug)s” is used by the site")
                    % {"slug": self.slug}
                }
            )


class Thread(ModeratedContent):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=150)
    # Empty once the author deletes their account: the thread stays for the
    # conversation's sake, shown as started by "a former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="talk_london_threads",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)
    # Published posts, the opening post included.
    post_count = models.PositiveIntegerField(default=0)
    # Agreements with any post in the thread ("most agreed" sort).
    agree_count = models.PositiveIntegerField(default=0)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    # True while the opening post waits for a moderator: only the author and
    # moderators see the thread until then.
    awaiting_moderation = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_pinned", "-created_at"]
        indexes = [
            models.Index(fields=["topic", "-created_at"]),
            models.Index(fields=["topic", "-last_post_at"]),
            models.Index(fields=["topic", "-agree_count"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post_count__gte=0), name="thread_post_count_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talk_london:thread_detail", args=[self.topic.slug, self.pk])

    @property
    def author_name(self) -> str:
        return self.author.public_name if self.author_id else _("A former member")


class Post(ModeratedContent):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not approved")
        REMOVED_BY_AUTHOR = "removed_by_author", _("Removed by its author")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    # Empty once the author deletes their account ("a former member").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="talk_london_posts",
    )
    body = models.TextField(help_text="Sanitised HTML made from body_source.")
    body_source = models.TextField(_("post"))
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # When it became visible to everyone (straight away, or when approved).
    published_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    agree_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "created_at", "id"]),
            models.Index(fields=["author", "created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        return reverse("talk_london:post_link", args=[self.pk])

    @property
    def author_name(self) -> str:
        return self.author.public_name if self.author_id else _("A former member")

    def is_editable_by(self, user, *, now=None) -> bool:
        now = now or timezone.now()
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and self.status in (self.Status.PENDING, self.Status.PUBLISHED)
            and not self.is_hidden
            and now - self.created_at <= EDIT_WINDOW
        )

    def is_deletable_by(self, user) -> bool:
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and self.status in (self.Status.PENDING, self.Status.PUBLISHED)
        )


class Agreement(models.Model):
    """A member's "+1" on a post: once per member per post, enforced here."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="agreements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="talk_london_agreements",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"], name="one_agreement_per_member_per_post"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} agrees with post {self.post_id}"


class ThreadFollow(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="talk_london_follows",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Replies published after this go in the follower's next digest.
    last_notified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "user"], name="one_follow_per_member_per_thread"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows thread {self.thread_id}"


class DiscussionDigest(models.Model):
    """One row per person per day a digest went out: the task claims the row
    before it emails, so running it twice in a day sends nothing twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="talk_london_digests",
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    post_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "sent_on"], name="one_discussion_digest_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"Digest for {self.user_id} on {self.sent_on}"
