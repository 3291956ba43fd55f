"""The member's plain text becomes a small, safe set of HTML, and nothing a
member types can run in a browser."""

import re

import pytest

from talk_london.discussions_text import render_post, sanitise

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">encoded</a>',
    '<a href="java&#x09;script:alert(1)">tab</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<body onload="alert(1)">',
    '<div onmouseover="alert(1)">hover</div>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<!--<img src=x onerror=alert(1)>-->",
    'https://example.com/"onmouseover="alert(1)',
    "https://example.com/<script>alert(1)</script>",
    "- <img src=x onerror=alert(1)>\n> <svg onload=alert(1)>",
]

EXECUTABLE = [
    re.compile(
        r"<\s*(script|iframe|svg|img|object|embed|form|input|math|style|meta|link|body|div)\b",
        re.I,
    ),
    re.compile(r"\son\w+\s*=", re.I),  # event-handler attribute inside a tag
    re.compile(r"href\s*=\s*\"(?!https?://)", re.I),  # any non-http(s) link
    re.compile(r"\sstyle\s*=", re.I),
]


def _tags(html: str) -> list[str]:
    return re.findall(r"<[^>]*>", html)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_nothing_executable_survives(payload):
    html = render_post(payload)
    tags = " ".join(_tags(html))
    for pattern in EXECUTABLE:
        assert not pattern.search(tags), (payload, html)
    for tag in re.findall(r"<\s*/?\s*([a-z0-9]+)", html, re.I):
        assert tag.lower() in {"p", "br", "a", "ul", "ol", "li", "blockquote"}, html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitiser_alone_strips_raw_markup(payload):
    """nh3 is the second line of defence: even markup that skipped the
    escaping step comes out with no executable tag or attribute."""
    tags = " ".join(_tags(sanitise(payload)))
    for pattern in EXECUTABLE:
        assert not pattern.search(tags), (payload, tags)


def test_there_are_at_least_twenty_payloads():
    assert len(XSS_PAYLOADS) >= 20


def test_blank_lines_make_paragraphs_and_single_breaks_make_br():
    assert render_post("One\ntwo\n\nThree") == "<p>One<br>two</p><p>Three</p>"


def test_dash_lines_make_a_list_and_numbers_an_ordered_list():
    assert render_post("- apples\n- pears") == "<ul><li>apples</li><li>pears</li></ul>"
    assert (
        render_post("1. first\n2. second") == "<ol><li>first</li><li>second</li></ol>"
    )


def test_quote_lines_make_a_blockquote():
    assert render_post("> you said\n> this") == (
        "<blockquote><p>you said<br>this</p></blockquote>"
    )


def test_bare_links_become_nofollow_ugc_links_without_trailing_punctuation():
    html = render_post("See https://example.com/a?b=1&c=2.")
    assert html == (
        '<p>See <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc">'
        "https://example.com/a?b=1&amp;c=2</a>.</p>"
    )


def test_typed_html_is_shown_as_text():
    assert render_post("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"


def test_sanitiser_forces_rel_on_links_it_keeps():
    assert sanitise('<a href="https://x.org" rel="me">x</a>') == (
        '<a href="https://x.org" rel="nofollow ugc">x</a>'
    )


def test_empty_or_blank_text_renders_nothing():
    assert render_post("  \n\n ") == ""
