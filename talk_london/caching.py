"""Which changes make the discussion pages anonymous visitors get from the
cache stale (``civic.caching``): a post, an agreement or the thread itself
changes that thread's pages; a topic or a thread changes the lists."""

from civic.caching import invalidate_on

DISCUSSIONS = "talk_london:discussions"


def thread_area(topic_slug: str = "", thread_id: int = 0) -> str:
    return f"talk_london:thread:{thread_id}"


def _post_areas(post):
    return [thread_area(thread_id=post.thread_id)]


def _agreement_areas(agreement):
    from .models import Post

    thread_id = (
        Post.objects.filter(pk=agreement.post_id)
        .values_list("thread_id", flat=True)
        .first()
    )
    return [thread_area(thread_id=thread_id)] if thread_id else []


def _thread_areas(thread):
    return [DISCUSSIONS, thread_area(thread_id=thread.pk)]


def _response_areas(response):
    return [f"talk_london:survey:{response.survey_id}"]


def connect() -> None:
    from .models import Agreement, Post, Thread, Topic
    from .models.surveys import Response

    # The staff results screen's figures (admin_surveys.cached_results).
    invalidate_on([Response], _response_areas)

    invalidate_on([Topic], DISCUSSIONS)
    invalidate_on([Thread], _thread_areas)
    invalidate_on([Post], _post_areas)
    invalidate_on([Agreement], _agreement_areas)
