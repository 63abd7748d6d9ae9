from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.models import Agreement
from members.models import MemberUnit
from training.models import BaseBooking, TrainingBase, TrainingBasePhoto

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TrainingBaseForm(forms.ModelForm):
    """A unit's base; the secretariat also chooses the owner (``with_owner``)."""

    class Meta:
        model = TrainingBase
        fields = [
            "unit",
            "name",
            "kind",
            "capacity",
            "province",
            "city",
            "address",
            "majors_served",
            "equipment",
            "description",
            "co_builders",
            "agreement",
            "open_to_all",
            "open_to",
        ]
        widgets = {
            "equipment": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "majors_served": forms.SelectMultiple(attrs={"size": 8}),
            "co_builders": forms.SelectMultiple(attrs={"size": 6}),
            "open_to": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, with_owner=False, **kwargs):
        super().__init__(*args, **kwargs)
        units = MemberUnit.objects.public().order_by("name_zh")
        for name in ("co_builders", "open_to"):
            self.fields[name].queryset = units
            self.fields[name].required = False
        if with_owner:
            self.fields["unit"].queryset = units
        else:
            del self.fields["unit"]
        owner_id = self.instance.unit_id
        agreements = (
            Agreement.objects.all() if owner_id is None else Agreement.objects.filter(parties__unit=owner_id)
        )
        self.fields["agreement"].queryset = agreements.distinct().order_by("-created")


class TrainingBasePhotoForm(forms.ModelForm):
    class Meta:
        model = TrainingBasePhoto
        fields = ["image", "caption"]
        widgets = {"image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})}


class BookingForm(forms.ModelForm):
    class Meta:
        model = BaseBooking
        fields = ["purpose", "starts_at", "ends_at", "headcount", "note"]
        widgets = {
            "starts_at": _DATETIME,
            "ends_at": _DATETIME,
            "note": forms.Textarea(attrs={"rows": 3}),
            "headcount": forms.NumberInput(attrs={"min": 1}),
        }
        labels = {"note": _("What the training is about")}


class RoomCheckForm(forms.Form):
    """The interval the booker is looking at, to tell them the room left before they submit."""

    starts_at = forms.DateTimeField(widget=_DATETIME)
    ends_at = forms.DateTimeField(widget=_DATETIME)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            raise forms.ValidationError(_("The booking must end after it starts."))
        return cleaned
