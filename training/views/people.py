"""The pages of skill masters (enterprise experts teaching at schools) and order classes (classes
an enterprise orders from a school): lists, records, the class's status steps, its roster entered
by hand or uploaded as a file, and each student's outcome.

Every change goes through :mod:`training.services.people`; the views declare which service, form
and permission applies, and offer only the steps that the state machine and the rules allow.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.choices import SCHOOL_KINDS, UnitKind
from portal.core import permissions
from portal.core.exports import ObjectExportMixin
from portal.core.forms import ConfirmForm
from portal.core.history import history_of
from portal.core.views import (
    ObjectActionView,
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ParentObjectMixin,
    show_refusal,
)
from portal.core.workflow import WorkflowError
from training import exports
from training.choices import StudentOutcome
from training.filtersets.people import OrderClassFilterSet, SkillMasterFilterSet
from training.forms.people import OrderClassForm, RosterUploadForm, SkillMasterForm, StudentForm
from training.models import OrderClass, OrderClassStudent, SkillMaster
from training.services import people as services
from training.services.people import ORDER_CLASS_STATUS, ROSTER_OPEN, RosterError
from training.tables.people import OrderClassTable, SkillMasterTable, percent


class PartiesFormMixin:
    """A unit's people record only what their own unit is party to: their unit is preset and fixed
    in its field (the enterprise's or the school's); the group chooses both."""

    def check_access(self, request, *args, **kwargs):
        super().check_access(request, *args, **kwargs)
        user = request.user
        if permissions.scope(user, self.action, self.model) == permissions.OWN and self.own_field() is None:
            raise PermissionDenied  # an association or agency neither sends experts nor runs classes

    def own_field(self) -> str | None:
        unit = self.request.user.unit
        if unit is None:
            return None
        if unit.kind == UnitKind.ENTERPRISE:
            return "enterprise"
        return "school" if unit.kind in SCHOOL_KINDS else None

    def get_initial_instance(self):
        instance = self.model()
        if permissions.scope(self.request.user, self.action, self.model) == permissions.OWN:
            setattr(instance, self.own_field(), self.request.user.unit)
        return instance

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        user = self.request.user
        if permissions.scope(user, self.action, self.model) == permissions.ALL:
            return form
        own = self.own_field()
        if getattr(form.instance, f"{own}_id") == user.unit_id:
            form.fields[own].disabled = True
            if own == "school":
                form.fields["major"].queryset = form.fields["major"].queryset.filter(unit=user.unit)
        return form


# Skill masters


class SkillMasterListView(ObjectListView):
    model = SkillMaster
    queryset = SkillMaster.objects.with_list_related()
    filterset_class = SkillMasterFilterSet
    table_class = SkillMasterTable
    template_name = "training/master_list.html"
    add_url_name = "training:master_add"


class SkillMasterDetailView(ObjectDetailView):
    model = SkillMaster
    queryset = SkillMaster.objects.with_list_related()
    template_name = "training/master_detail.html"

    def get_context_data(self, **kwargs):
        may = partial(permissions.can, self.request.user)
        return super().get_context_data(
            can_change=may("change", self.object),
            history=history_of(self.object) if may("view_history", self.object) else None,
            **kwargs,
        )


class SkillMasterCreateView(PartiesFormMixin, ObjectCreateView):
    model = SkillMaster
    form_class = SkillMasterForm
    success_message = _("The skill master was recorded.")
    cancel_url = reverse_lazy("training:master_list")

    def save(self, form):
        return services.register_skill_master(form.instance, by=self.request.user)


class SkillMasterEditView(PartiesFormMixin, ObjectEditView):
    model = SkillMaster
    queryset = SkillMaster.objects.with_list_related()
    form_class = SkillMasterForm
    success_message = _("The skill master was saved.")

    def save(self, form):
        return services.update_skill_master(form.instance, by=self.request.user)


# Order classes


class OrderClassListView(ObjectListView):
    model = OrderClass
    queryset = OrderClass.objects.with_list_related()
    filterset_class = OrderClassFilterSet
    table_class = OrderClassTable
    template_name = "training/order_class_list.html"
    add_url_name = "training:order_class_add"
    export_url_name = "training:order_class_export"


class OrderClassExportView(ObjectExportMixin, OrderClassListView):
    export = exports.ORDER_CLASSES


class OrderClassDetailView(ObjectDetailView):
    model = OrderClass
    queryset = OrderClass.objects.with_list_related()
    template_name = "training/order_class_detail.html"

    def get_context_data(self, **kwargs):
        order_class = self.object
        may = partial(permissions.can, self.request.user)
        keeps_roster = may("add", OrderClassStudent(order_class=order_class))
        roster_open = order_class.status in ROSTER_OPEN
        outcomes = services.outcomes_allowed(order_class)
        default = services.default_outcome(order_class)
        students = list(order_class.students.all())
        counts = dict.fromkeys(StudentOutcome.values, 0)
        for student in students:
            counts[student.outcome] += 1
        return super().get_context_data(
            steps=ORDER_CLASS_STATUS.available(order_class) if may("change_status", order_class) else [],
            can_change=may("change", order_class),
            keeps_roster=keeps_roster,
            roster_open=roster_open,
            students=students,
            outcome_counts=[(label, counts[value]) for value, label in StudentOutcome.choices],
            enrolment_percent=min(round(100 * order_class.enrolled / order_class.planned_size), 100),
            sponsor_hire_percent=percent(order_class.sponsor_hire_rate),
            student_form=StudentForm(outcomes=outcomes, initial={"outcome": default})
            if keeps_roster and roster_open
            else None,
            upload_form=RosterUploadForm() if keeps_roster and roster_open else None,
            may_view_agreement=order_class.agreement is not None and may("view", order_class.agreement),
            history=history_of(order_class) if may("view_history", order_class) else None,
            **kwargs,
        )


class OrderClassCreateView(PartiesFormMixin, ObjectCreateView):
    model = OrderClass
    form_class = OrderClassForm
    success_message = _("The order class was registered as planned.")
    cancel_url = reverse_lazy("training:order_class_list")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        return services.register_order_class(form.instance, by=self.request.user)


class OrderClassEditView(PartiesFormMixin, ObjectEditView):
    model = OrderClass
    queryset = OrderClass.objects.select_related("enterprise", "school", "major", "agreement")
    form_class = OrderClassForm
    success_message = _("The order class was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        return services.update_order_class(form.instance, by=self.request.user)


class OrderClassStepView(ObjectActionView):
    """One step of the class's status, named in the URL; a step that does not apply (any more) is
    refused with the reason."""

    model = OrderClass
    action = "change_status"
    form_class = ConfirmForm
    success_message = _("The order class moved on.")

    def check_access(self, request, *args, **kwargs):
        super().check_access(request, *args, **kwargs)
        self.step = ORDER_CLASS_STATUS.transitions.get(kwargs["step"])
        if self.step is None:
            raise Http404

    def get_title(self):
        return self.step.label

    @staticmethod
    def service(order_class, by, step):
        return services.advance_order_class(order_class, step, by)

    def form_valid(self, form):
        try:
            self.service(self.object, by=self.request.user, step=self.step.name)
        except WorkflowError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class RosterUploadView(ObjectActionView):
    """Upload a roster file: every row is checked first, and the problems of each row are listed
    if any is wrong, with nothing saved."""

    model = OrderClass
    action = "change"
    form_class = RosterUploadForm
    template_name = "training/order_class_roster.html"
    title = _("Upload the roster")
    button_label = _("Upload and add the students")

    @staticmethod
    def service(order_class, by, file):
        return services.import_roster(order_class, file, by)

    def form_valid(self, form):
        try:
            added = self.service(self.object, by=self.request.user, file=form.cleaned_data["file"])
        except RosterError as error:
            form.add_error("file", error.message)
            return self.render_to_response(self.get_context_data(form=form, problems=error.problems))
        except WorkflowError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "%(count)d student was added to the roster.",
                "%(count)d students were added to the roster.",
                len(added),
            )
            % {"count": len(added)},
        )
        return HttpResponseRedirect(self.object.get_absolute_url() + "#roster")


# The roster


class StudentCreateView(ParentObjectMixin, ObjectCreateView):
    model = OrderClassStudent
    form_class = StudentForm
    parent_model = OrderClass
    parent_kwarg = "pk"
    success_message = _("The student was added to the roster.")

    def get_initial_instance(self):
        return OrderClassStudent(order_class=self.parent, outcome=services.default_outcome(self.parent))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "outcomes": services.outcomes_allowed(self.parent)}

    def save(self, form):
        return services.add_student(self.parent, by=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.parent.get_absolute_url() + "#roster"


class StudentEditView(ObjectEditView):
    model = OrderClassStudent
    queryset = OrderClassStudent.objects.select_related("order_class")
    form_class = StudentForm
    success_message = _("The student's record was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "outcomes": services.outcomes_allowed(self.object.order_class)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.object.order_class, **kwargs)

    def save(self, form):
        return services.update_student(form.instance, by=self.request.user)


class StudentRemoveView(ObjectActionView):
    model = OrderClassStudent
    queryset = OrderClassStudent.objects.select_related("order_class")
    action = "delete"
    form_class = ConfirmForm
    service = services.remove_student
    title = _("Remove the student from the roster")
    button_label = _("Remove")
    button_class = "btn-danger"
    success_message = _("The student was removed from the roster.")
