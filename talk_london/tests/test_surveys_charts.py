"""The SVG chart renderer: figures in the accessible text, no styles, escaped
labels."""

import datetime
import re
from types import SimpleNamespace

from django.template import Context, Template

from civic.charts import Bar, bar_chart, column_chart


def accessible_text(svg: str) -> tuple[str, str]:
    title = re.search(r'<title id="([^"]+)">(.*?)</title>', svg)
    desc = re.search(r'<desc id="([^"]+)">(.*?)</desc>', svg)
    labelledby = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
    assert labelledby == [title.group(1), desc.group(1)]
    return title.group(2), desc.group(2)


def test_bar_chart_is_an_image_labelled_by_its_figures():
    svg = bar_chart(
        [Bar("Bus", 60, "30 (60%)"), Bar("Tube", 40, "20 (40%)")],
        title="How do you travel?",
        max_value=100,
        chart_id="travel",
    )
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    title, desc = accessible_text(svg)
    assert title == "How do you travel?"
    assert desc == "Bus: 30 (60%). Tube: 20 (40%)."
    # The bars are drawn to scale: 60% of the track, and 40%.
    widths = re.findall(
        r'<rect x="0" y="\d+" width="([\d.]+)" height="20" fill="#1d70b8"', svg
    )
    assert [float(w) for w in widths] == [294.0, 196.0]


def test_charts_have_no_style_attributes_or_elements():
    svgs = [
        bar_chart([Bar("A", 1, "1")], title="t"),
        bar_chart(
            [Bar("A", 1, "1", second_value=2, second_text="2")],
            title="t",
            legend=("Members", "Londoners"),
        ),
        column_chart([("1 Nov", "1 November 2026", 3)], title="t"),
    ]
    for svg in svgs:
        assert "style" not in svg
        assert "<script" not in svg


def test_labels_and_titles_are_escaped():
    svg = bar_chart(
        [Bar('<script>alert("x")</script>', 5, "5 & <b>")],
        title="<img src=x onerror=alert(1)>",
        chart_id='"><svg onload=alert(1)>',
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in svg
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg
    assert "5 &amp; &lt;b&gt;" in svg
    assert "<svg onload" not in svg


def test_suppressed_bars_are_empty_and_say_so():
    svg = bar_chart([Bar("Camden", None, "fewer than 10")], title="t", chart_id="c")
    assert 'width="0"' in svg
    assert accessible_text(svg)[1] == "Camden: fewer than 10."


def test_long_labels_are_shortened_on_the_chart_but_whole_in_the_description():
    label = "A very long option " * 10
    svg = bar_chart([Bar(label, 1, "1")], title="t")
    assert label.strip() in accessible_text(svg)[1]
    assert "…</text>" in svg


def test_column_chart_states_every_day():
    svg = column_chart(
        [("1 Nov", "1 November 2026", 3), ("2 Nov", "2 November 2026", 12)],
        title="Responses each day",
        chart_id="days",
    )
    title, desc = accessible_text(svg)
    assert desc == "1 November 2026: 3. 2 November 2026: 12."
    assert ">1 Nov</text>" in svg and ">2 Nov</text>" in svg


def test_empty_charts_still_have_text():
    assert accessible_text(bar_chart([], title="t"))[1] == "No figures."
    assert accessible_text(column_chart([], title="t"))[1] == "No figures."


def test_survey_result_chart_tag():
    question = SimpleNamespace(text="Worried?", kind="single")
    rows = [
        SimpleNamespace(label="Yes", count=1200, percent=60, first_choice=None),
        SimpleNamespace(label="No", count=800, percent=40, first_choice=None),
    ]
    result = SimpleNamespace(number=3, question=question, rows=rows)
    html = Template(
        "{% load talk_london_charts %}{% survey_result_chart result %}"
    ).render(Context({"result": result}))
    assert 'aria-labelledby="question-3-chart-title question-3-chart-desc"' in html
    assert "Yes: 1,200 (60%). No: 800 (40%)." in html


def test_responses_per_day_chart_tag():
    html = Template(
        "{% load talk_london_charts %}{% responses_per_day_chart by_day %}"
    ).render(Context({"by_day": [(datetime.date(2026, 11, 3), 7)]}))
    assert "3 November 2026: 7." in html
