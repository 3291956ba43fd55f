"""Forms for surveys: the builder's admin form, and one answer form per
question type (built for the question in hand)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from civic.models import Borough
from talk_london.models.surveys import Answer, Question, QuestionKind, QuestionOption
from talk_london.services.surveys import AnswerValue

# --- The builder ---------------------------------------------------------------


class SurveyAdminForm(WagtailAdminModelForm):
    """Checks what spans questions: branching must point at an earlier single
    choice question of this survey and at one of its options."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("questions")
        if formset is None or not formset.is_valid():
            return cleaned
        self._protect_answered_questions(formset)
        live = [
            form
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        live.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
        for position, form in enumerate(live, start=1):
            data = form.cleaned_data
            for field, message in form.instance.clean_own_fields().items():
                form.add_error(field, message)
            number = data.get("show_if_question_number")
            answer = (data.get("show_if_answer") or "").strip()
            if not number:
                continue
            if number >= position:
                form.add_error(
                    "show_if_question_number",
                    _("Choose an earlier question (this is question %(n)s)")
                    % {"n": position},
                )
                continue
            earlier = live[number - 1].cleaned_data
            if earlier.get("kind") != QuestionKind.SINGLE:
                form.add_error(
                    "show_if_question_number",
                    _("Question %(n)s must be a single choice question")
                    % {"n": number},
                )
                continue
            lines = [
                line.strip()
                for line in (earlier.get("options_text") or "").splitlines()
                if line.strip()
            ]
            if answer and answer not in lines:
                form.add_error(
                    "show_if_answer",
                    _("Enter one of question %(n)s’s options exactly as typed")
                    % {"n": number},
                )
        return cleaned

    def _protect_answered_questions(self, formset) -> None:
        """Answers hang off questions: deleting an answered question would
        delete people's answers, and changing its type would make them
        meaningless. Staff add a new question instead."""
        answered = set(
            Answer.objects.filter(question__survey_id=self.instance.pk)
            .values_list("question_id", flat=True)
            .distinct()
            if self.instance.pk
            else []
        )
        for form in formset.forms:
            question = form.instance
            if not form.cleaned_data or question.pk not in answered:
                continue
            if form.cleaned_data.get("DELETE"):
                # On the survey form: a formset ignores errors on deleted forms.
                self.add_error(
                    None,
                    _("People have answered “%(text)s”, so it cannot be deleted")
                    % {"text": question.text},
                )
            elif "kind" in form.changed_data:
                form.add_error(
                    "kind",
                    _("People have answered this question, so its type cannot change"),
                )


# --- Answering -------------------------------------------------------------------


class AnswerForm(forms.Form):
    """Base for the per-question forms; ``answer_value()`` gives the cleaned
    answer in the shape the answer service stores."""

    template_name_suffix = "default"

    def __init__(self, *args, question: Question, options: list[QuestionOption], **kw):
        self.question = question
        self.options = options
        self.options_by_pk = {str(o.pk): o for o in options}
        super().__init__(*args, **kw)
        self.build()

    def build(self):  # pragma: no cover - every subclass builds its fields
        raise NotImplementedError

    @property
    def kind(self) -> str:
        return self.question.kind


class ChoiceAnswerForm(AnswerForm):
    def build(self):
        q = self.question
        messages = {
            QuestionKind.SINGLE: gettext_lazy("Select an option"),
            QuestionKind.AGREEMENT: gettext_lazy("Select how much you agree"),
        }
        self.fields["answer"] = forms.ChoiceField(
            label=q.text,
            help_text=q.hint,
            required=q.required,
            choices=[(str(o.pk), o.label) for o in self.options],
            widget=forms.RadioSelect,
            error_messages={"required": messages.get(q.kind, _("Select an option"))},
        )
        if any(o.is_other for o in self.options):
            self.fields["other"] = forms.CharField(
                label=_("If you chose “Other”, please specify"),
                required=False,
                max_length=200,
                error_messages={
                    "max_length": _("Your answer must be 200 characters or fewer")
                },
            )

    def clean(self):
        cleaned = super().clean()
        chosen = self.options_by_pk.get(cleaned.get("answer") or "")
        if chosen and chosen.is_other and not (cleaned.get("other") or "").strip():
            self.add_error("other", _("Enter your other answer"))
        return cleaned

    def answer_value(self) -> AnswerValue:
        chosen = self.options_by_pk.get(self.cleaned_data.get("answer") or "")
        text = (self.cleaned_data.get("other") or "").strip()
        return AnswerValue(
            options=[chosen] if chosen else [],
            text=text if chosen and chosen.is_other else "",
        )


class MultipleAnswerForm(AnswerForm):
    def build(self):
        q = self.question
        hint = q.hint
        if q.max_choices:
            hint = (hint + " " if hint else "") + _("Select up to %(n)s options.") % {
                "n": q.max_choices
            }
        self.fields["answer"] = forms.MultipleChoiceField(
            label=q.text,
            help_text=hint,
            required=q.required,
            choices=[(str(o.pk), o.label) for o in self.options],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Select at least one option")},
        )

    def clean_answer(self):
        # A browser sends each ticked box once; a crafted request can repeat
        # one, which would be two answer rows for one option (a 500).
        chosen = list(dict.fromkeys(self.cleaned_data["answer"]))
        limit = self.question.max_choices
        if limit and len(chosen) > limit:
            raise forms.ValidationError(
                _("Select no more than %(n)s options") % {"n": limit}
            )
        return chosen

    def answer_value(self) -> AnswerValue:
        return AnswerValue(
            options=[self.options_by_pk[pk] for pk in self.cleaned_data["answer"]]
        )


class TextAnswerForm(AnswerForm):
    def build(self):
        q = self.question
        limit = q.character_limit
        self.fields["answer"] = forms.CharField(
            label=q.text,
            help_text=q.hint,
            required=q.required,
            max_length=limit,
            widget=forms.Textarea if q.kind == QuestionKind.LONG_TEXT else None,
            error_messages={
                "required": _("Enter your answer"),
                "max_length": _("Your answer must be %(n)s characters or fewer")
                % {"n": limit},
            },
        )
        if q.kind == QuestionKind.LONG_TEXT:
            # govuk_field shows "You can enter up to N characters" from this.
            self.fields["answer"].widget.attrs["rows"] = 5

    def answer_value(self) -> AnswerValue:
        return AnswerValue(options=[], text=self.cleaned_data["answer"].strip())


def _range_message(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return _("Enter a number between %(low)s and %(high)s") % {
            "low": low,
            "high": high,
        }
    if low is not None:
        return _("Enter a number that is %(low)s or more") % {"low": low}
    return _("Enter a number that is %(high)s or less") % {"high": high}


# What Answer.number_value (a 32-bit integer column) can hold: a bigger number
# typed into a question with no range of its own is refused, not a 500.
NUMBER_MIN, NUMBER_MAX = -(2**31), 2**31 - 1


class NumberAnswerForm(AnswerForm):
    def build(self):
        q = self.question
        low, high = q.min_value, q.max_value
        message = (
            _range_message(low, high)
            if (low is not None or high is not None)
            else _("Enter a number between %(low)s and %(high)s")
            % {"low": f"{NUMBER_MIN:,}", "high": f"{NUMBER_MAX:,}"}
        )
        self.fields["answer"] = forms.IntegerField(
            label=q.text,
            help_text=q.hint,
            required=q.required,
            min_value=max(low, NUMBER_MIN) if low is not None else NUMBER_MIN,
            max_value=min(high, NUMBER_MAX) if high is not None else NUMBER_MAX,
            error_messages={
                "required": _("Enter a number"),
                "invalid": _("Enter a whole number, like 12"),
                "min_value": message,
                "max_value": message,
            },
        )

    def answer_value(self) -> AnswerValue:
        return AnswerValue(options=[], number=self.cleaned_data["answer"])


class RatingAnswerForm(AnswerForm):
    def build(self):
        q = self.question
        low, high = q.scale
        choices = []
        for value in range(low, high + 1):
            label = str(value)
            if value == low and q.low_label:
                label = f"{value} – {q.low_label}"
            elif value == high and q.high_label:
                label = f"{value} – {q.high_label}"
            choices.append((str(value), label))
        self.fields["answer"] = forms.TypedChoiceField(
            label=q.text,
            help_text=q.hint,
            required=q.required,
            choices=choices,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages={"required": _("Select a rating")},
        )

    def answer_value(self) -> AnswerValue:
        return AnswerValue(options=[], number=self.cleaned_data["answer"])


class BoroughAnswerForm(AnswerForm):
    def build(self):
        q = self.question
        self.fields["answer"] = forms.ModelChoiceField(
            label=q.text,
            help_text=q.hint,
            required=q.required,
            queryset=Borough.objects.all(),
            empty_label=_("Select a borough"),
            error_messages={
                "required": _("Select a borough"),
                "invalid_choice": _("Select a borough"),
            },
        )

    def answer_value(self) -> AnswerValue:
        borough = self.cleaned_data["answer"]
        return AnswerValue(options=[], borough_id=borough.pk if borough else None)


class RankingAnswerForm(AnswerForm):
    """One select per option ("1" to "n"). Every option needs a different rank;
    an optional ranking may be left wholly blank."""

    def build(self):
        count = len(self.options)
        choices = [("", _("Choose a rank"))] + [
            (str(n), str(n)) for n in range(1, count + 1)
        ]
        for option in self.options:
            self.fields[f"rank_{option.pk}"] = forms.TypedChoiceField(
                label=option.label,
                required=False,
                choices=choices,
                coerce=int,
                empty_value=None,
            )

    @property
    def rank_fields(self):
        return [self[name] for name in self.fields]

    def clean(self):
        cleaned = super().clean()
        ranks = [cleaned.get(name) for name in self.fields]
        first = next(iter(self.fields))
        if all(rank is None for rank in ranks):
            if self.question.required:
                self.add_error(first, _("Rank every option"))
            return cleaned
        if any(rank is None for rank in ranks):
            blank = next(n for n in self.fields if cleaned.get(n) is None)
            self.add_error(blank, _("Rank every option"))
        elif len(set(ranks)) != len(ranks):
            self.add_error(first, _("Give each option a different rank"))
        return cleaned

    def answer_value(self) -> AnswerValue:
        ranked = [
            (self.cleaned_data[f"rank_{o.pk}"], o.position, o)
            for o in self.options
            if self.cleaned_data.get(f"rank_{o.pk}") is not None
        ]
        return AnswerValue(options=[o for _r, _p, o in sorted(ranked)])


FORMS = {
    QuestionKind.SINGLE: ChoiceAnswerForm,
    QuestionKind.AGREEMENT: ChoiceAnswerForm,
    QuestionKind.MULTIPLE: MultipleAnswerForm,
    QuestionKind.SHORT_TEXT: TextAnswerForm,
    QuestionKind.LONG_TEXT: TextAnswerForm,
    QuestionKind.NUMBER: NumberAnswerForm,
    QuestionKind.RATING: RatingAnswerForm,
    QuestionKind.BOROUGH: BoroughAnswerForm,
    QuestionKind.RANKING: RankingAnswerForm,
}


def initial_for(question: Question, answers: list[Answer]) -> dict:
    """The form's initial data from this person's saved answer rows."""
    if not answers:
        return {}
    kind = question.kind
    if kind == QuestionKind.RANKING:
        return {f"rank_{a.option_id}": a.rank for a in answers if a.option_id}
    if kind == QuestionKind.MULTIPLE:
        return {"answer": [str(a.option_id) for a in answers if a.option_id]}
    answer = answers[0]
    if kind in (QuestionKind.SINGLE, QuestionKind.AGREEMENT):
        if not answer.option_id:
            return {}
        return {"answer": str(answer.option_id), "other": answer.text_value}
    if kind in (QuestionKind.NUMBER, QuestionKind.RATING):
        value = answer.number_value
        return {"answer": "" if value is None else str(value)}
    if kind == QuestionKind.BOROUGH:
        return {"answer": answer.borough_id}
    return {"answer": answer.text_value}


def answer_form(
    question: Question,
    options: list[QuestionOption],
    *,
    data=None,
    answers: list[Answer] | None = None,
) -> AnswerForm:
    form_class = FORMS[question.kind]
    return form_class(
        data=data,
        initial=initial_for(question, answers or []),
        question=question,
        options=options,
    )
