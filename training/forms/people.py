from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cooperation.models import Agreement
from members.choices import SCHOOL_KINDS, UnitKind
from members.models import Major, MemberUnit
from training.models import OrderClass, OrderClassStudent, SkillMaster
from training.services.people import ROSTER_MAX_BYTES, ROSTER_MAX_ROWS

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MajorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, major):
        return f"{major.unit.short_name or major.unit.name_zh} · {major.code} {major.name}"


class _PartiesForm(forms.ModelForm):
    """A record between a member enterprise and a member school: either is chosen among the
    active members; the service checks that the person's own unit is one of them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = MemberUnit.objects.public().filter(kind=UnitKind.ENTERPRISE)
        self.fields["school"].queryset = MemberUnit.objects.public().filter(kind__in=SCHOOL_KINDS)
        self.fields["major"].queryset = Major.objects.select_related("unit").order_by("unit__name_zh", "code")


class SkillMasterForm(_PartiesForm):
    major = MajorChoiceField(queryset=Major.objects.none(), required=False, label=_("major"))

    class Meta:
        model = SkillMaster
        fields = [
            "name",
            "position",
            "enterprise",
            "school",
            "course",
            "major",
            "starts_on",
            "ends_on",
            "hours",
        ]
        labels = {"name": _("Full name"), "starts_on": _("Teaching from"), "ends_on": _("Teaching until")}
        widgets = {"starts_on": _DATE, "ends_on": _DATE}


class OrderClassForm(_PartiesForm):
    major = MajorChoiceField(queryset=Major.objects.none(), label=_("major"))

    class Meta:
        model = OrderClass
        fields = ["name", "enterprise", "school", "major", "cohort_year", "planned_size", "agreement"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The agreements the person may see; the service checks both units are parties to it.
        self.fields["agreement"].queryset = Agreement.objects.for_user(user).order_by("-created")
        self.fields["agreement"].help_text = _(
            "The agreement between the enterprise and the school behind the class."
        )


class StudentForm(forms.ModelForm):
    class Meta:
        model = OrderClassStudent
        fields = ["student_number", "name", "outcome", "employer"]
        labels = {"name": _("Full name")}

    def __init__(self, *args, outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if outcomes is not None:
            self.fields["outcome"].choices = [
                (v, label) for v, label in self.fields["outcome"].choices if v in outcomes
            ]


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=_("Roster file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8 or GB18030, as Excel saves it) or XLSX, at most %(rows)d students and %(size)s. "
            "The first row names the columns: student number (学号) and name (姓名), and optionally "
            "outcome (去向) and employer (就业单位). Nothing is saved unless every row is good."
        ) % {"rows": ROSTER_MAX_ROWS, "size": filesizeformat(ROSTER_MAX_BYTES)}
