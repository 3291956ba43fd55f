"""Discussion forum pages. Reading is public; posting needs a signed-in Talk
London member with a verified email; moderators pin, lock and close."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from civic.caching import cache_for_anonymous
from civic.permissions import verified_email_required
from civic.ratelimit import rate_limit
from talk_london.caching import DISCUSSIONS, render_posts, thread_area
from talk_london.forms.discussions import PostEditForm, ReplyForm, SortForm, ThreadForm
from talk_london.models import Agreement, Post, Thread, ThreadFollow, Topic
from talk_london.services import discussion_digests as digests
from talk_london.services import discussions as services

TOPICS_PER_PAGE = 20
THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 20

SORTS = {
    "newest": ("-is_pinned", "-created_at", "-pk"),
    "active": ("-is_pinned", "-last_post_at", "-pk"),
    "agreed": ("-is_pinned", "-agree_count", "-created_at", "-pk"),
}


# --- access helpers ---------------------------------------------------------


def _visible_threads(user, moderator: bool):
    threads = Thread.objects.all()
    if moderator:
        return threads
    visible = Q(is_hidden=False, awaiting_moderation=False)
    if user.is_authenticated:
        visible |= Q(is_hidden=False, awaiting_moderation=True, author_id=user.pk)
    return threads.filter(visible)


def _visible_posts(thread: Thread, user, moderator: bool):
    posts = thread.posts.exclude(status=Post.Status.REJECTED)
    if moderator:
        return posts
    shown = Q(status__in=[Post.Status.PUBLISHED, Post.Status.REMOVED_BY_AUTHOR])
    if user.is_authenticated:
        shown |= Q(status=Post.Status.PENDING, author_id=user.pk)
    return posts.filter(shown)


def _get_thread(request, topic_slug: str, thread_id: int) -> Thread:
    moderator = services.is_moderator(request.user)
    return get_object_or_404(
        _visible_threads(request.user, moderator).select_related("topic", "author"),
        pk=thread_id,
        topic__slug=topic_slug,
    )


def _get_post(request, pk: int) -> Post:
    """A post the person can see, in a thread they can see, or 404."""
    moderator = services.is_moderator(request.user)
    post = get_object_or_404(
        Post.objects.select_related("thread", "thread__topic", "author"), pk=pk
    )
    thread_ok = _visible_threads(request.user, moderator).filter(pk=post.thread_id)
    post_ok = _visible_posts(post.thread, request.user, moderator).filter(pk=post.pk)
    if not (thread_ok.exists() and post_ok.exists()):
        raise Http404
    return post


def _require_member(request) -> None:
    """Members (and moderators) post; other signed-in people may only read."""
    if not services.can_post(request.user):
        raise PermissionDenied


# --- topics -----------------------------------------------------------------


@require_safe
def topic_list(request):
    topics = Topic.objects.annotate(
        thread_count=Count(
            "threads",
            filter=Q(threads__is_hidden=False, threads__awaiting_moderation=False),
        )
    ).order_by("-is_open", "title")
    page = Paginator(topics, TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "talk_london/discussions/topic_list.html", {"page_obj": page}
    )


@require_safe
def topic_detail(request, topic_slug: str):
    topic = get_object_or_404(Topic, slug=topic_slug)
    moderator = services.is_moderator(request.user)
    sort_form = SortForm(request.GET or None)
    sort = "newest"
    if sort_form.is_valid() and sort_form.cleaned_data["sort"]:
        sort = sort_form.cleaned_data["sort"]
    threads = (
        _visible_threads(request.user, moderator)
        .filter(topic=topic)
        .select_related("author", "topic")
        .order_by(*SORTS[sort])
    )
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    member = services.can_post(request.user)
    return render(
        request,
        "talk_london/discussions/topic_detail.html",
        {
            "topic": topic,
            "page_obj": page,
            "sort": sort,
            "sort_form": SortForm(initial={"sort": sort}),
            "is_moderator": moderator,
            "can_start_thread": topic.is_open
            and (topic.members_can_start_threads or moderator)
            and member,
            "is_member": member,
        },
    )


@verified_email_required
@rate_limit("post")
def thread_create(request, topic_slug: str):
    topic = get_object_or_404(Topic, slug=topic_slug)
    _require_member(request)
    if not topic.is_open or not (
        topic.members_can_start_threads or services.is_moderator(request.user)
    ):
        raise PermissionDenied
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                topic=topic,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except services.DiscussionError as error:
            form.add_error(error.field, error.message)
        else:
            if thread.awaiting_moderation:
                messages.info(
                    request,
                    _(
                        "Your thread is waiting for a moderator. Other people "
                        "will see it once it is approved."
                    ),
                )
            else:
                messages.success(request, _("Your thread has been started."))
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "talk_london/discussions/thread_form.html",
        {"topic": topic, "form": form},
    )


@require_POST
@login_required
def topic_moderate(request, topic_slug: str):
    topic = get_object_or_404(Topic, slug=topic_slug)
    if not services.is_moderator(request.user):
        raise PermissionDenied
    action = request.POST.get("action")
    if action not in {"close", "reopen"}:
        raise Http404
    services.topic_close(
        topic=topic, moderator=request.user, closed=(action == "close")
    )
    messages.success(
        request,
        _("The topic is closed to new posts.")
        if action == "close"
        else _("The topic is open again."),
    )
    return redirect(topic.get_absolute_url())


# --- threads ----------------------------------------------------------------


def _thread_context(request, thread: Thread, *, page_number, form=None) -> dict:
    moderator = services.is_moderator(request.user)
    posts = _visible_posts(thread, request.user, moderator).select_related("author")
    paginator = Paginator(posts, POSTS_PER_PAGE)
    if page_number == "last":
        page_number = paginator.num_pages
    page = paginator.get_page(page_number)
    page_posts = list(page.object_list)
    agreed: set[int] = set()
    following = False
    member = False
    if request.user.is_authenticated:
        agreed = set(
            Agreement.objects.filter(
                user=request.user, post__in=[p.pk for p in page_posts]
            ).values_list("post_id", flat=True)
        )
        following = ThreadFollow.objects.filter(
            thread=thread, user=request.user
        ).exists()
        member = services.can_post(request.user)
    can_post = (
        member
        and thread.topic.is_open
        and not thread.is_locked
        and not thread.is_hidden
    )
    for post in page_posts:
        post.viewer_agreed = post.pk in agreed
        post.viewer_can_edit = post.is_editable_by(request.user)
        post.viewer_can_delete = post.is_deletable_by(request.user)
        post.viewer_can_agree = (
            member
            and post.status == Post.Status.PUBLISHED
            and not post.is_hidden
            and post.author_id != request.user.pk
        )
    context = {
        "topic": thread.topic,
        "thread": thread,
        "page_obj": page,
        "posts": page_posts,
        "is_moderator": moderator,
        "is_member": member,
        "following": following,
        "can_post": can_post,
        "form": form if form is not None else ReplyForm(),
    }
    render_posts(request, page_posts, {**context, "user": request.user})
    return context


@require_safe
@cache_for_anonymous(DISCUSSIONS, thread_area)
def thread_detail(request, topic_slug: str, thread_id: int):
    thread = _get_thread(request, topic_slug, thread_id)
    return render(
        request,
        "talk_london/discussions/thread_detail.html",
        _thread_context(request, thread, page_number=request.GET.get("page")),
    )


@require_POST
@verified_email_required
@rate_limit("post")
def thread_reply(request, topic_slug: str, thread_id: int):
    thread = _get_thread(request, topic_slug, thread_id)
    _require_member(request)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = services.post_create(
                thread=thread, author=request.user, body=form.cleaned_data["body"]
            )
        except services.DiscussionError as error:
            form.add_error(error.field, error.message)
        else:
            if post.status == Post.Status.PENDING:
                messages.info(
                    request,
                    _(
                        "Your post is waiting for a moderator. Other people "
                        "will see it once it is approved."
                    ),
                )
            else:
                messages.success(request, _("Your reply has been posted."))
            return redirect(post.get_absolute_url())
    return render(
        request,
        "talk_london/discussions/thread_detail.html",
        _thread_context(request, thread, page_number="last", form=form),
    )


@require_POST
@login_required
def thread_moderate(request, topic_slug: str, thread_id: int):
    thread = _get_thread(request, topic_slug, thread_id)
    if not services.is_moderator(request.user):
        raise PermissionDenied
    action = request.POST.get("action")
    done = {
        "pin": (services.thread_pin, {"pinned": True}, _("Thread pinned.")),
        "unpin": (services.thread_pin, {"pinned": False}, _("Thread unpinned.")),
        "lock": (services.thread_lock, {"locked": True}, _("Thread locked.")),
        "unlock": (services.thread_lock, {"locked": False}, _("Thread unlocked.")),
    }.get(action)
    if done is None:
        raise Http404
    service, kwargs, message = done
    service(thread=thread, moderator=request.user, **kwargs)
    messages.success(request, message)
    return redirect(thread.get_absolute_url())


# Following sends a daily email: only to an address its owner has confirmed,
# so nobody can sign up with someone else's address and have it emailed.
@require_POST
@verified_email_required
def thread_follow(request, topic_slug: str, thread_id: int):
    thread = _get_thread(request, topic_slug, thread_id)
    if request.POST.get("action") == "unfollow":
        services.thread_unfollow(thread=thread, user=request.user)
        messages.success(request, _("You no longer follow this thread."))
    else:
        services.thread_follow(thread=thread, user=request.user)
        messages.success(
            request,
            _("You follow this thread. We will email you new replies once a day."),
        )
    return redirect(thread.get_absolute_url())


# --- posts ------------------------------------------------------------------


@require_safe
def post_link(request, pk: int):
    """Where a post is: its thread, on the page it is on."""
    post = _get_post(request, pk)
    moderator = services.is_moderator(request.user)
    before = (
        _visible_posts(post.thread, request.user, moderator)
        .filter(
            Q(created_at__lt=post.created_at)
            | Q(created_at=post.created_at, pk__lt=post.pk)
        )
        .count()
    )
    page = before // POSTS_PER_PAGE + 1
    url = post.thread.get_absolute_url()
    if page > 1:
        url += f"?page={page}"
    return redirect(f"{url}#post-{post.pk}")


@require_POST
@verified_email_required
def post_agree(request, pk: int):
    post = _get_post(request, pk)
    _require_member(request)
    try:
        if request.POST.get("action") == "unagree":
            services.post_unagree(post=post, user=request.user)
        else:
            services.post_agree(post=post, user=request.user)
    except services.DiscussionError as error:
        messages.error(request, error.message)
    return redirect(post.get_absolute_url())


@verified_email_required
def post_edit(request, pk: int):
    post = _get_post(request, pk)
    if not post.is_editable_by(request.user):
        raise PermissionDenied
    form = PostEditForm(request.POST or None, initial={"body": post.body_source})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                post=post, user=request.user, body=form.cleaned_data["body"]
            )
        except services.DiscussionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your post has been changed."))
            return redirect(post.get_absolute_url())
    return render(
        request, "talk_london/discussions/post_edit.html", {"post": post, "form": form}
    )


@login_required
def post_delete(request, pk: int):
    post = _get_post(request, pk)
    if not post.is_deletable_by(request.user):
        raise PermissionDenied
    if request.method == "POST":
        services.post_delete_by_author(post=post, user=request.user)
        messages.success(request, _("Your post has been removed."))
        return redirect(post.get_absolute_url())
    return render(request, "talk_london/discussions/post_delete.html", {"post": post})


# --- email unsubscribe (no sign-in needed) ----------------------------------


# A mail app's one-click unsubscribe (RFC 8058) POSTs without our CSRF token.
# The signed token in the address is the authority, and the only thing it
# can do is stop emails, so there is nothing for a forged request to gain.
@csrf_exempt
def unsubscribe(request, token: str):
    try:
        payload = digests.unsubscribe_token_read(token)
    except signing.BadSignature:
        raise Http404 from None
    thread = None
    if payload.get("t") is not None:
        thread = Thread.objects.filter(pk=payload["t"]).first()
    if request.method == "POST":
        digests.unsubscribe(user_id=payload["u"], thread_id=payload.get("t"))
        return render(
            request,
            "talk_london/discussions/unsubscribe_done.html",
            {"thread": thread, "all_threads": payload.get("t") is None},
        )
    return render(
        request,
        "talk_london/discussions/unsubscribe.html",
        {
            "thread": thread,
            "all_threads": payload.get("t") is None,
            "action": reverse("talk_london:discussion_unsubscribe", args=[token]),
        },
    )
