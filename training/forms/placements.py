"""Forms of the placement pages. They only collect what people type; the rules of the workflow
are in :mod:`training.services.placements`, which the views call with the cleaned data."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.choices import UnitKind
from members.models import MemberUnit
from training.models import PlacementApplication, PlacementOffer

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlacementOfferForm(forms.ModelForm):
    """An offer as its enterprise posts it: the enterprise is the poster's own unit. The model's
    ``clean`` checks that the dates follow one another (shown on the date that is wrong)."""

    class Meta:
        model = PlacementOffer
        fields = [
            "title",
            "description",
            "major_category",
            "place",
            "province",
            "starts_on",
            "ends_on",
            "slots",
            "apply_by",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "starts_on": _DATE,
            "ends_on": _DATE,
            "apply_by": _DATE,
        }
        help_texts = {
            "description": _(
                "The work the teachers will do, the skills they will practise, and who guides them."
            ),
            "slots": _("How many teachers the enterprise takes at once."),
        }


class GroupPlacementOfferForm(PlacementOfferForm):
    """The secretariat posts an offer on behalf of a member enterprise it chooses."""

    class Meta(PlacementOfferForm.Meta):
        fields = ["unit", *PlacementOfferForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = MemberUnit.objects.public().filter(kind=UnitKind.ENTERPRISE)


class PlacementApplicationForm(forms.ModelForm):
    class Meta:
        model = PlacementApplication
        fields = ["statement"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 5})}
        labels = {"statement": _("Your statement")}
        help_texts = {
            "statement": _(
                "What you teach, what you want to learn at the enterprise and how it will serve your courses."
            )
        }


class CompletionForm(forms.Form):
    """The enterprise confirms how many days the teacher completed and evaluates the placement.
    The service checks the days against the placement's length."""

    days_completed = forms.IntegerField(label=_("Days completed"), min_value=1)
    evaluation = forms.CharField(
        label=_("Evaluation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("How the teacher worked, what they learnt and took part in."),
    )

    def __init__(self, *args, days: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if days is not None:
            self.fields["days_completed"].initial = days
            self.fields["days_completed"].widget.attrs["max"] = days
            self.fields["days_completed"].help_text = _("At most %(days)d, the length of the placement.") % {
                "days": days
            }
