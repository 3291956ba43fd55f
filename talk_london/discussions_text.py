"""Members write plain text; we turn a tiny Markdown-like subset into HTML and
then sanitise it with nh3, so nothing a member types can run in a browser.

- a blank line starts a new paragraph; a single line break is a ``<br>``
- lines starting "- " (or "* ") make a bulleted list, "1. " a numbered list
- lines starting "> " make a quote
- bare http(s) addresses become links with ``rel="nofollow ugc"``

The member's text is HTML-escaped *before* any markup is added, so markup
they type is shown as text; nh3 then removes anything outside the allowlist
as a second, independent line of defence.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "a", "ul", "ol", "li", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https"}
LINK_REL = "nofollow ugc"

_BULLET = re.compile(r"^[-*] +(.*)$")
_NUMBERED = re.compile(r"^\d{1,3}[.)] +(.*)$")
_QUOTE = re.compile(r"^&gt; ?(.*)$")
# Runs on escaped text: "&amp;" may appear inside an address, "&lt;" ends it.
_URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


def _link(match: re.Match) -> str:
    url = match.group(0)
    trail = ""
    while url and url[-1] in _TRAILING:
        trail = url[-1] + trail
        url = url[:-1]
    # A trailing "&gt;" / "&quot;" etc. is an escaped bracket, not the address.
    entity = re.search(r"&(gt|lt|quot|#x27);?$", url)
    if entity:
        trail = url[entity.start() :] + trail
        url = url[: entity.start()]
    return f'<a href="{url}">{url}</a>{trail}'


def _inline(text: str) -> str:
    return _URL.sub(_link, text)


def _paragraph(lines: list[str]) -> str:
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def _classify(line: str) -> tuple[str, str]:
    for kind, pattern in (("ul", _BULLET), ("ol", _NUMBERED), ("quote", _QUOTE)):
        match = pattern.match(line)
        if match:
            return kind, match.group(1)
    return "p", line


def _block(lines: list[str]) -> list[str]:
    """One blank-line-separated block: runs of list, quote and text lines."""
    out: list[str] = []
    kind = None
    run: list[str] = []

    def flush():
        if not run:
            return
        if kind == "ul":
            out.append(
                "<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in run) + "</ul>"
            )
        elif kind == "ol":
            out.append(
                "<ol>" + "".join(f"<li>{_inline(i)}</li>" for i in run) + "</ol>"
            )
        elif kind == "quote":
            out.append("<blockquote>" + _paragraph(run) + "</blockquote>")
        else:
            out.append(_paragraph(run))

    for line in lines:
        line_kind, content = _classify(line)
        if line_kind != kind:
            flush()
            run = []
            kind = line_kind
        run.append(content)
    flush()
    return out


def render_post(source: str) -> str:
    """Safe HTML for a member's plain-text post."""
    text = source.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    escaped = html.escape(text, quote=True)
    blocks = re.split(r"\n[ \t]*\n", escaped)
    parts: list[str] = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            parts.extend(_block(lines))
    return sanitise("".join(parts))


def sanitise(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
