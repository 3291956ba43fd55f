"""``{% load talk_london_charts %}``: accessible SVG charts (see
``talk_london.charts``) for survey results, polls and the representativeness
dashboard."""

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from civic.charts import Bar, bar_chart, column_chart
from talk_london.representativeness import SMALL_NUMBER as SMALL

register = template.Library()


@register.simple_tag(name="bar_chart")
def bar_chart_tag(bars, title, max_value=None, chart_id=None):
    """``{% bar_chart bars title="…" %}`` for a list of ``charts.Bar``."""
    return bar_chart(bars, title=title, max_value=max_value, chart_id=chart_id)


@register.simple_tag
def survey_result_chart(result, chart_id=None):
    """A question's answers (a ``selectors_surveys.QuestionResult``): the
    share of people who gave each answer (rankings: who ranked it first)."""
    from talk_london.models.surveys import QuestionKind

    ranking = result.question.kind == QuestionKind.RANKING
    bars = []
    for row in result.rows:
        if ranking:
            text = _("%(count)s ranked first (%(percent)s%%)") % {
                "count": f"{row.first_choice:,}",
                "percent": row.percent,
            }
        else:
            text = _("%(count)s (%(percent)s%%)") % {
                "count": f"{row.count:,}",
                "percent": row.percent,
            }
        bars.append(Bar(row.label, row.percent, text))
    title = _("Chart: answers to “%(question)s”") % {"question": result.question.text}
    chart_id = chart_id or f"question-{result.number}-chart"
    return bar_chart(bars, title=title, max_value=100, chart_id=chart_id)


@register.simple_tag
def responses_per_day_chart(by_day, chart_id=None):
    """``by_day``: ``(date, count)`` pairs, oldest first."""
    points = [
        (date_format(day, "j M"), date_format(day, "j F Y"), n) for day, n in by_day
    ]
    return column_chart(
        points, title=_("Chart: responses sent each day"), chart_id=chart_id
    )


@register.simple_tag
def comparison_chart(comparison, who, chart_id=None):
    """A representativeness comparison: ``who`` (members, respondents) against
    Londoners, in per cent, for each group; suppressed groups say so."""
    bars = [
        Bar(
            row.cell.label,
            row.member_percent,
            (
                _("%(who)s fewer than %(small)s") % {"who": who, "small": SMALL}
                if row.cell.small
                else _("%(who)s hidden") % {"who": who}
            )
            if row.member_percent is None
            else f"{who} {row.member_percent}%",
            second_value=row.london_percent,
            second_text=_("Londoners %(percent)s%%") % {"percent": row.london_percent},
        )
        for row in comparison.rows
    ]
    title = _("Chart: %(who)s and Londoners by %(dimension)s") % {
        "who": who,
        "dimension": comparison.label.lower(),
    }
    return bar_chart(
        bars,
        title=title,
        legend=(who, _("Londoners")),
        chart_id=chart_id,
    )


@register.simple_tag
def poll_chart(question, results, chart_id=None):
    bars = [
        Bar(
            r["option"].text,
            r["percent"],
            _("%(percent)s%% (%(votes)s)")
            % {"percent": r["percent"], "votes": f"{r['votes']:,}"},
        )
        for r in results
    ]
    title = _("Chart: results of “%(question)s”") % {"question": question}
    return bar_chart(bars, title=title, max_value=100, chart_id=chart_id)
