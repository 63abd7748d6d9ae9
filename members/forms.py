from django import forms
from django.utils.translation import gettext_lazy as _

from members.choices import SCHOOL_KINDS
from members.models import Committee, Major, MembershipApplication, MemberUnit, User
from members.validators import normalize_code
from portal.core.roles import Role

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "columns-2"})


class CreditCodeMixin:
    def clean_credit_code(self):
        return normalize_code(self.cleaned_data["credit_code"])


class MemberUnitForm(CreditCodeMixin, forms.ModelForm):
    class Meta:
        model = MemberUnit
        fields = [
            "name_zh",
            "name_en",
            "short_name",
            "kind",
            "credit_code",
            "province",
            "city",
            "address",
            "website",
            "industries",
            "description",
            "council_role",
            "is_leading_school",
            "joined_on",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {
            "joined_on": _DATE,
            "industries": _CHECKBOXES,
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class UnitProfileForm(CreditCodeMixin, forms.ModelForm):
    """What a unit's own administrator may change: not its kind, code, council role or dates."""

    class Meta:
        model = MemberUnit
        fields = [
            "name_zh",
            "name_en",
            "short_name",
            "city",
            "address",
            "website",
            "industries",
            "description",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"industries": _CHECKBOXES, "description": forms.Textarea(attrs={"rows": 4})}


class MembershipApplicationForm(CreditCodeMixin, forms.ModelForm):
    class Meta:
        model = MembershipApplication
        fields = [
            "name_zh",
            "name_en",
            "short_name",
            "kind",
            "credit_code",
            "province",
            "city",
            "address",
            "website",
            "industries",
            "description",
            "contact_name",
            "contact_phone",
            "contact_email",
            "motivation",
        ]
        widgets = {
            "industries": _CHECKBOXES,
            "description": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 3}),
        }


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = ["name_zh", "name_en", "chair_unit", "members", "founded_on", "description"]
        widgets = {"founded_on": _DATE, "members": forms.SelectMultiple(attrs={"size": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = MemberUnit.objects.public()
        self.fields["chair_unit"].queryset = active
        self.fields["members"].queryset = active

    def clean(self):
        cleaned = super().clean()
        chair, members = cleaned.get("chair_unit"), cleaned.get("members")
        if chair is not None and members is not None and chair not in members:
            cleaned["members"] = [*members, chair]
        return cleaned


class MajorForm(forms.ModelForm):
    class Meta:
        model = Major
        fields = ["code", "name", "yearly_intake"]


class PersonForm(forms.ModelForm):
    """A person of one unit, as their unit's administrator or the secretariat edits them."""

    class Meta:
        model = User
        fields = ["name", "email", "phone", "role", "is_active"]
        labels = {"is_active": _("Account active")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        roles = [Role.UNIT_ADMIN, Role.UNIT_STAFF]
        if self.instance.unit_id and self.instance.unit.kind in SCHOOL_KINDS:
            roles.append(Role.TEACHER)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]


class NewPersonForm(PersonForm):
    class Meta(PersonForm.Meta):
        fields = ["name", "email", "phone", "role"]
