from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, TemplateView

from members import exports, services
from members.choices import APPLICATION_STATUS, UNIT_STATUS
from members.filtersets import (
    CommitteeFilterSet,
    DirectoryFilterSet,
    MajorFilterSet,
    MembershipApplicationFilterSet,
    MemberUnitFilterSet,
)
from members.forms import (
    CommitteeForm,
    MajorForm,
    MembershipApplicationForm,
    MemberUnitForm,
    NewPersonForm,
    PersonForm,
    UnitProfileForm,
)
from members.models import Committee, Major, MembershipApplication, MemberUnit, User
from members.tables import (
    CommitteeTable,
    DirectoryTable,
    MajorTable,
    MembershipApplicationTable,
    MemberUnitTable,
)
from portal.core import permissions
from portal.core.exports import ObjectExportMixin
from portal.core.forms import ConfirmForm, ReasonForm
from portal.core.history import history_of
from portal.core.views import (
    ObjectActionView,
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ParentObjectMixin,
    PermissionMixin,
)

# Public pages


class DirectoryView(ObjectListView):
    model = MemberUnit
    action = "directory"
    queryset = MemberUnit.objects.public().with_list_related()
    filterset_class = DirectoryFilterSet
    table_class = DirectoryTable
    template_name = "members/directory.html"


class DirectoryDetailView(PermissionMixin, DetailView):
    model = MemberUnit
    action = "directory"
    queryset = MemberUnit.objects.public().prefetch_related("industries", "majors__category", "committees")
    template_name = "members/directory_detail.html"


class ApplyView(PermissionMixin, CreateView):
    """The membership application form, open to anyone."""

    model = MembershipApplication
    action = "add"
    form_class = MembershipApplicationForm
    template_name = "members/apply.html"

    def form_valid(self, form):
        self.object = services.submit_application(form.save(commit=False), form.cleaned_data["industries"])
        return redirect("members:apply_done")


class ApplyDoneView(TemplateView):
    template_name = "members/apply_done.html"


# The register


class MemberUnitListView(ObjectListView):
    model = MemberUnit
    queryset = MemberUnit.objects.with_list_related()
    filterset_class = MemberUnitFilterSet
    table_class = MemberUnitTable
    template_name = "members/unit_list.html"
    export_url_name = "members:unit_export"


class MemberUnitExportView(ObjectExportMixin, MemberUnitListView):
    export = exports.MEMBER_UNITS


class MemberUnitDetailView(ObjectDetailView):
    model = MemberUnit
    queryset = MemberUnit.objects.with_detail_related()
    template_name = "members/unit_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        unit = self.object
        return super().get_context_data(
            transitions=UNIT_STATUS.available(unit) if permissions.can(user, "change_status", unit) else [],
            can_change=permissions.can(user, "change", unit),
            people=unit.people.all() if permissions.can(user, "view", User) else [],
            history=history_of(unit) if permissions.can(user, "view_history", unit) else None,
            **kwargs,
        )


class MemberUnitCreateView(ObjectCreateView):
    model = MemberUnit
    form_class = MemberUnitForm
    success_message = _("The member unit was added.")


class MemberUnitEditView(ObjectEditView):
    model = MemberUnit
    success_message = _("The member unit was saved.")

    def get_form_class(self):
        if permissions.scope(self.request.user, "change", self.model) == permissions.ALL:
            return MemberUnitForm
        return UnitProfileForm


class UnitStatusView(ObjectActionView):
    model = MemberUnit
    action = "change_status"
    form_class = ReasonForm
    transition = ""

    def get_title(self):
        return UNIT_STATUS.transitions[self.transition].label


class MemberUnitSuspendView(UnitStatusView):
    transition = "suspend"
    service = services.suspend_unit
    button_class = "btn-warning"
    success_message = _("The unit is suspended.")


class MemberUnitWithdrawView(UnitStatusView):
    transition = "withdraw"
    service = services.withdraw_unit
    button_class = "btn-danger"
    success_message = _("The unit has withdrawn from the group.")


class MemberUnitReinstateView(UnitStatusView):
    transition = "reinstate"
    service = services.reinstate_unit
    success_message = _("The unit is active again.")


# People of a unit


class PersonCreateView(ParentObjectMixin, ObjectCreateView):
    model = User
    parent_model = MemberUnit
    form_class = NewPersonForm
    success_message = _("The account was created and an invitation e-mailed.")

    def get_initial_instance(self):
        return User(unit=self.parent)

    def save(self, form):
        return services.invite_person(form.instance, by=self.request.user)

    def get_success_url(self):
        return self.parent.get_absolute_url() + "#people"


class PersonEditView(ObjectEditView):
    model = User
    queryset = User.objects.filter(unit__isnull=False).select_related("unit")
    form_class = PersonForm
    success_message = _("The person's account was saved.")

    def save(self, form):
        return services.save_person(form.instance, by=self.request.user)


# Majors


class MajorListView(ObjectListView):
    model = Major
    queryset = Major.objects.with_list_related()
    filterset_class = MajorFilterSet
    table_class = MajorTable


class MajorCreateView(ParentObjectMixin, ObjectCreateView):
    model = Major
    parent_model = MemberUnit
    form_class = MajorForm
    success_message = _("The major was added.")

    def get_initial_instance(self):
        return Major(unit=self.parent)


class MajorEditView(ObjectEditView):
    model = Major
    queryset = Major.objects.select_related("unit")
    form_class = MajorForm
    success_message = _("The major was saved.")


class MajorDeleteView(ObjectActionView):
    model = Major
    action = "delete"
    form_class = ConfirmForm
    title = _("Remove this major")
    button_label = _("Remove")
    button_class = "btn-danger"
    success_message = _("The major was removed.")

    @staticmethod
    def service(major, by):
        major.delete()

    def get_success_url(self):
        return reverse("members:unit_detail", args=[self.object.unit_id]) + "#majors"


# Committees


class CommitteeListView(ObjectListView):
    model = Committee
    queryset = Committee.objects.with_list_related()
    filterset_class = CommitteeFilterSet
    table_class = CommitteeTable


class CommitteeDetailView(ObjectDetailView):
    model = Committee
    queryset = Committee.objects.select_related("chair_unit").prefetch_related("members")
    template_name = "members/committee_detail.html"


class CommitteeCreateView(ObjectCreateView):
    model = Committee
    form_class = CommitteeForm
    success_message = _("The committee was added.")


class CommitteeEditView(ObjectEditView):
    model = Committee
    form_class = CommitteeForm
    success_message = _("The committee was saved.")


class CommitteeDeleteView(ObjectActionView):
    model = Committee
    action = "delete"
    form_class = ConfirmForm
    title = _("Delete this committee")
    button_label = _("Delete")
    button_class = "btn-danger"
    success_message = _("The committee was deleted.")

    @staticmethod
    def service(committee, by):
        committee.delete()

    def get_success_url(self):
        return reverse_lazy("members:committee_list")


# Membership applications


class MembershipApplicationListView(ObjectListView):
    model = MembershipApplication
    queryset = MembershipApplication.objects.with_list_related()
    filterset_class = MembershipApplicationFilterSet
    table_class = MembershipApplicationTable


class MembershipApplicationDetailView(ObjectDetailView):
    model = MembershipApplication
    queryset = MembershipApplication.objects.with_list_related()
    template_name = "members/application_detail.html"

    def get_context_data(self, **kwargs):
        may_decide = permissions.can(self.request.user, "decide", self.object)
        return super().get_context_data(
            transitions=APPLICATION_STATUS.available(self.object) if may_decide else [],
            history=history_of(self.object),
            **kwargs,
        )


class MembershipApplicationApproveView(ObjectActionView):
    model = MembershipApplication
    action = "decide"
    form_class = ConfirmForm
    title = _("Approve the application")
    button_label = _("Approve and invite the administrator")
    success_message = _("The unit was admitted and its administrator invited.")

    @staticmethod
    def service(application, by):
        application.created_unit = services.approve_application(application, by)

    def get_success_url(self):
        return self.object.created_unit.get_absolute_url()


class MembershipApplicationRejectView(ObjectActionView):
    model = MembershipApplication
    action = "decide"
    form_class = ReasonForm
    title = _("Reject the application")
    button_label = _("Reject and inform the applicant")
    button_class = "btn-danger"
    service = services.reject_application
    success_message = _("The application was rejected and the reason e-mailed to the applicant.")
