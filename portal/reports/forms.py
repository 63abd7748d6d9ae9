from datetime import date

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cooperation.models import Agreement
from members.models import MemberUnit
from portal.reports.choices import LANGUAGE_CHOICES, ReportKind
from portal.reports.models import ReportDraft, TypicalCase

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StartRunForm(forms.Form):
    """What to report on: a year, a month or a date range, and the language to write it in.
    Only the field the kind needs is required; services.start_run judges the period."""

    kind = forms.ChoiceField(
        label=_("Report"), choices=ReportKind.choices, initial=ReportKind.ANNUAL, widget=forms.RadioSelect
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1949, max_value=9999, help_text=_("For an annual report.")
    )
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("For a monthly summary."),
    )
    start = forms.DateField(label=_("From"), required=False, widget=_DATE, help_text=_("For a date range."))
    end = forms.DateField(label=_("To"), required=False, widget=_DATE, help_text=_("For a date range."))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        last_month = (today.replace(day=1) - date.resolution).replace(day=1)
        self.fields["year"].initial = today.year - 1
        self.fields["month"].initial = last_month
        self.fields["language"].initial = translation.get_language()


class ReportDraftForm(forms.ModelForm):
    class Meta:
        model = ReportDraft
        fields = ["overview", "results", "contribution", "suggestions", "agreements"]
        widgets = {
            "overview": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 6}),
            "contribution": forms.Textarea(attrs={"rows": 6}),
            "suggestions": forms.Textarea(attrs={"rows": 6}),
            "agreements": forms.SelectMultiple(attrs={"size": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.instance.year
        # Agreements signed and running at some time in the report's year.
        self.fields["agreements"].queryset = Agreement.objects.filter(
            signed_on__isnull=False, starts_on__lte=date(year, 12, 31), ends_on__gte=date(year, 1, 1)
        ).order_by("number")
        self.fields["agreements"].help_text = _("Hold Ctrl (⌘ on a Mac) to pick several.")


class TypicalCaseForm(forms.ModelForm):
    unit = forms.ModelChoiceField(
        queryset=MemberUnit.objects.order_by("name_zh"), required=False, label=_("Member unit")
    )

    class Meta:
        model = TypicalCase
        fields = ["title", "unit", "text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


TypicalCaseFormSet = forms.inlineformset_factory(
    ReportDraft, TypicalCase, form=TypicalCaseForm, extra=2, can_delete=True, max_num=30, absolute_max=30
)
