from .membership import Membership

__all__ = ["Membership"]
from .discussions import (  # noqa: E402
    Agreement,
    DiscussionDigest,
    Post,
    Thread,
    ThreadFollow,
    Topic,
)

__all__ += ["Agreement", "DiscussionDigest", "Post", "Thread", "ThreadFollow", "Topic"]
