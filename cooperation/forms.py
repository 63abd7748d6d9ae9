from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.choices import DocumentKind, PartyRole
from cooperation.models import Agreement, AgreementDocument, Proposal, TrainingNeed
from members.choices import UnitKind
from members.models import MemberUnit
from portal.core.files import FileContentValidator

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Agreements


class AgreementForm(forms.ModelForm):
    """The agreement itself; its parties are the PartyFormSet beside it."""

    class Meta:
        model = Agreement
        fields = ["kind", "title", "summary", "apprentice_name", "starts_on", "ends_on"]
        widgets = {
            "starts_on": _DATE,
            "ends_on": _DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }


class PartyForm(forms.Form):
    """One party of an agreement. A row without a unit is left out; the service decides whether
    the parties that remain make an agreement."""

    unit = forms.ModelChoiceField(
        queryset=MemberUnit.objects.public(), required=False, label=_("Member unit")
    )
    role = forms.ChoiceField(choices=PartyRole.choices, label=_("Role"))
    obligations = forms.CharField(
        required=False, label=_("Obligations"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("unit") and cleaned.get("obligations"):
            self.add_error("unit", _("Choose the member unit these obligations belong to."))
        return cleaned


class BasePartyFormSet(forms.BaseFormSet):
    def parties(self) -> list[dict]:
        """The filled-in rows, as the agreement services take them."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("unit")]


# One row per role: every row is shown (there is no script to add rows) and empty ones are skipped.
PartyFormSet = forms.formset_factory(
    PartyForm, formset=BasePartyFormSet, extra=0, max_num=len(PartyRole), absolute_max=len(PartyRole)
)


def party_rows(parties=(), first_unit=None) -> list[dict]:
    """Initial rows for the formset: the existing parties, then a row for each role still free."""
    rows = [{"unit": p.unit, "role": p.role, "obligations": p.obligations} for p in parties]
    if not rows and first_unit is not None:
        rows.append({"unit": first_unit, "role": PartyRole.A})
    taken = {row["role"] for row in rows}
    rows += [{"role": role} for role in PartyRole.values if role not in taken]
    return rows[: len(PartyRole)]


class PaperSigningForm(forms.Form):
    scan = forms.FileField(
        label=_("Scan of the signed agreement"),
        help_text=_("PDF, PNG or JPEG."),
        validators=[FileContentValidator()],
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=_DATE, initial=timezone.localdate)


class AmendmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("What it changes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AgreementDocumentForm(forms.ModelForm):
    class Meta:
        model = AgreementDocument
        fields = ["kind", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = DocumentKind.ATTACHMENT


# Training needs


class TrainingNeedForm(forms.ModelForm):
    """A need as its enterprise posts it: the enterprise is the poster's own unit."""

    class Meta:
        model = TrainingNeed
        fields = [
            "kind",
            "title",
            "description",
            "industry",
            "major_categories",
            "headcount",
            "starts_on",
            "ends_on",
            "place",
            "deadline",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "major_categories": forms.CheckboxSelectMultiple(attrs={"class": "columns-2"}),
            "starts_on": _DATE,
            "ends_on": _DATE,
            "deadline": _DATE,
        }


class GroupTrainingNeedForm(TrainingNeedForm):
    """The secretariat posts a need on behalf of a member enterprise it chooses."""

    class Meta(TrainingNeedForm.Meta):
        fields = ["unit", *TrainingNeedForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = MemberUnit.objects.public().filter(kind=UnitKind.ENTERPRISE)


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["offer", "teachers", "schedule", "cost_note"]
        widgets = {"offer": forms.Textarea(attrs={"rows": 4}), "teachers": forms.Textarea(attrs={"rows": 3})}
