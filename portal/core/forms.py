from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    """Confirms a workflow transition that must be explained."""

    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, strip=True
    )


class ConfirmForm(forms.Form):
    """Confirms a workflow transition that needs no further input."""
