"""Generic views that every model's pages are declared from.

Each applies the permissions module before any lookup: the view's action must be allowed for the
user's role at all (else 403, or the login page for a visitor) and objects are looked up in the
queryset restricted to the user's scope (so another unit's object is a 404).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from portal.core import permissions
from portal.core.exports import export_menu
from portal.core.models import ExportJob, Notification
from portal.core.workflow import WorkflowError


def show_refusal(form, error: WorkflowError) -> None:
    """Put a workflow's refusal on the form: on each field it names that the form shows, the rest
    above the form. What was typed stays in the form."""
    named = getattr(error, "errors", None) or {}
    for field, texts in named.items():
        for text in texts if isinstance(texts, list | tuple) else [texts]:
            form.add_error(field if field in form.fields else None, text)
    if not named:
        form.add_error(None, error.message)


def file_response(file, **kwargs) -> FileResponse:
    """A stored file streamed to the browser (after the view checked who may have it); a file
    missing from storage is a 404, not a server error."""
    if not file:
        raise Http404
    try:
        stream = file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(stream, **kwargs)


class PermissionMixin:
    """Checks ``action`` on ``model`` for the user and scopes the queryset to what they may see."""

    model = None
    queryset = None
    action = "view"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can(request.user, self.action, self.model):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        self.check_access(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def check_access(self, request, *args, **kwargs):
        """A hook for further checks once the role may do the action at all."""

    def get_queryset(self):
        queryset = self.queryset if self.queryset is not None else self.model._default_manager.all()
        return permissions.restrict(queryset.all(), self.request.user, self.action)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("opts", self.model._meta)
        return context


class ObjectListView(PermissionMixin, SingleTableMixin, FilterView):
    """A filterable, sortable, paginated table of the objects the user may see."""

    template_name = "core/object_list.html"
    filterset_class = None
    table_class = None
    paginate_by = settings.PAGINATE_BY
    add_url_name = None
    # The list's export (an ObjectExportMixin view taking ``fmt``), and filters its link adds.
    export_url_name = None
    export_params: dict[str, str] = {}

    def get_table_pagination(self, table):
        return {"per_page": self.paginate_by}  # the table keeps a ?per_page= within bounds

    def get_paginate_by(self, queryset):
        return None  # the table paginates; a second paginator would count the rows twice

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = permissions.can(self.request.user, "add", self.model)
        context["add_url"] = reverse(self.add_url_name) if self.add_url_name else None
        if self.export_url_name and permissions.can(self.request.user, "export", self.model):
            context["export_menu"] = export_menu(self.request, self.export_url_name, self.export_params)
        return context


class ObjectDetailView(PermissionMixin, DetailView):
    pass


class ObjectFormMixin(PermissionMixin):
    """Saves a model form in one transaction; ``save`` is the hook for a service function."""

    template_name = "core/object_form.html"
    success_message = _("Saved.")
    cancel_url = None

    def get_cancel_url(self):
        if self.object is not None and self.object.pk:
            return self.object.get_absolute_url()
        if getattr(self, "parent", None) is not None:
            return self.parent.get_absolute_url()
        return self.cancel_url or reverse("core:landing")

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.get_cancel_url(), **kwargs)

    def save(self, form):
        return form.save()

    def form_valid(self, form):
        if not permissions.can(self.request.user, self.action, form.instance):
            raise PermissionDenied
        try:
            with transaction.atomic():
                self.object = self.save(form)
        except WorkflowError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class ObjectCreateView(ObjectFormMixin, CreateView):
    action = "add"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_initial_instance()
        return kwargs

    def get_initial_instance(self):
        """The unsaved object the form fills in; override to preset its owner from the URL."""
        return self.model()


class ObjectEditView(ObjectFormMixin, UpdateView):
    action = "change"


class ParentObjectMixin:
    """For pages under another object (a unit's people or majors): the parent is looked up in the
    user's scope for ``parent_action`` first, so another unit's URL is a 404."""

    parent_model = None
    parent_action = "change"
    parent_kwarg = "unit_pk"

    def check_access(self, request, *args, **kwargs):
        super().check_access(request, *args, **kwargs)
        parents = permissions.restrict(
            self.parent_model._default_manager.all(), request.user, self.parent_action
        )
        self.parent = get_object_or_404(parents, pk=kwargs[self.parent_kwarg])

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.parent, **kwargs)


class ObjectActionView(PermissionMixin, SingleObjectMixin, FormView):
    """A workflow transition on one object: a confirmation form whose data go to ``service``.

    ``service`` is called as ``service(obj, by=user, **form.cleaned_data)``; a WorkflowError it
    raises is shown on the form and nothing is changed.
    """

    template_name = "core/object_action.html"
    service = None
    title = ""
    button_label = _("Confirm")
    button_class = "btn-primary"
    success_message = _("Done.")

    def dispatch(self, request, *args, **kwargs):
        if self.service is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a service.")
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def get_object(self, queryset=None):
        if self.object is None:
            self.object = super().get_object(queryset)
        return self.object

    def get(self, request, *args, **kwargs):
        self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_object()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            type(self).service(self.object, by=self.request.user, **form.cleaned_data)
        except WorkflowError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_title(self):
        return self.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            title=self.get_title(),
            button_label=self.button_label,
            button_class=self.button_class,
            **kwargs,
        )


class NotificationListView(LoginRequiredMixin, ListView):
    """The signed-in person's notifications, newest first; opening one marks it read."""

    template_name = "core/notification_list.html"
    paginate_by = settings.PAGINATE_BY

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user)

    def post(self, request):
        self.get_queryset().unread().update(read_at=timezone.now())
        return HttpResponseRedirect(reverse("notifications:list"))


class NotificationOpenView(LoginRequiredMixin, SingleObjectMixin, View):
    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user)

    def post(self, request, pk):
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        target = notification.url
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("notifications:list")
        return HttpResponseRedirect(target or reverse("notifications:list"))


class ExportJobMixin(PermissionMixin, SingleObjectMixin):
    """A long export, for the person who asked for it only."""

    model = ExportJob

    def get_queryset(self):
        return super().get_queryset().filter(created_by=self.request.user)


class ExportJobDetailView(ExportJobMixin, DetailView):
    template_name = "core/export_job.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            progress_url=reverse("exports:job_progress", args=[self.object.pk]), **kwargs
        )


class ExportJobProgressView(ExportJobMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.get_object()
        response = JsonResponse(
            {
                "status": job.status,
                "status_label": str(job.get_status_display()),
                "progress": job.progress,
                "finished": not job.under_way,
            }
        )
        response["Cache-Control"] = "no-store"
        return response


class ExportJobFileView(ExportJobMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.get_object()
        return file_response(job.file, as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])
