"""The permission matrix: every page and API endpoint × every role → what that person gets.

One row per URL name and method; the expectation is a string with one letter per role, in the
order of ROLES. A URL that exists without a row here fails ``test_every_url_is_in_the_matrix``.

Legend: ``.`` 200 OK · ``C`` 201 created · ``B`` 400 (allowed, then refused by validation — the
request got past the permission rules) · ``L`` redirected to the login page · ``R`` another
redirect · ``U`` 401 (API, not authenticated) · ``F`` 403 forbidden · ``N`` 404 not found (another
unit's object does not exist for you) · ``M`` 405 method not allowed.
"""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cooperation import services
from cooperation.choices import DocumentKind
from members.choices import UnitKind
from members.models import Committee, MembershipApplication
from portal.core.models import Notification
from tests.conftest import build_personas, fresh_personas
from tests.cooperation.builders import make_active_agreement, make_agreement, make_need, make_proposal, pdf
from tests.factories import credit_code, make_major
from tests.training.builders import at, make_base, make_booking, make_photo

ROLES = ("visitor", "teacher", "school_staff", "school_admin", "outsider", "supervisor", "secretariat")

STATUS = {".": 200, "C": 201, "B": 400, "U": 401, "F": 403, "N": 404, "M": 405}

# Each target gives the URL's kwargs from the world the test builds.
TARGETS = {
    None: lambda w: {},
    "school": lambda w: {"pk": w["school"].pk},
    "school_parent": lambda w: {"unit_pk": w["school"].pk},
    "teacher": lambda w: {"pk": w["teacher"].pk},
    "major": lambda w: {"pk": w["major"].pk},
    "committee": lambda w: {"pk": w["committee"].pk},
    "application": lambda w: {"pk": w["application"].pk},
    "industry": lambda w: {"pk": w["industry"].pk},
    "category": lambda w: {"pk": w["category"].pk},
    "admin_school": lambda w: {"object_id": w["school"].pk},
    "notification": lambda w: {"pk": w["notification"].pk},
    "agreement": lambda w: {"pk": w["agreement"].pk},
    "document": lambda w: {"pk": w["document"].pk},
    "need": lambda w: {"pk": w["need"].pk},
    "need_parent": lambda w: {"need_pk": w["need"].pk},
    "proposal": lambda w: {"pk": w["proposal"].pk},
    "agreement_awaiting": lambda w: {"pk": w["agreement_awaiting"].pk},
    "agreement_active": lambda w: {"pk": w["agreement_active"].pk},
    "need_matched": lambda w: {"pk": w["need_matched"].pk},
    # Training bases and bookings
    "base": lambda w: {"pk": w["base"].pk},
    "booking": lambda w: {"pk": w["booking"].pk},
    "photo": lambda w: {"pk": w["photo"].pk},
    # Placement offers, applications and practice days
    "offer": lambda w: {"pk": w["offer"].pk},
    "placement_submitted": lambda w: {"pk": w["placement_submitted"].pk},
    "placement_approved": lambda w: {"pk": w["placement_approved"].pk},
    "placement_offered": lambda w: {"pk": w["placement_offered"].pk},
    # Skill masters and order classes
    "skill_master": lambda w: {"pk": w["skill_master"].pk},
    "order_class": lambda w: {"pk": w["order_class"].pk},
    "order_class_step": lambda w: {"pk": w["order_class"].pk, "step": "start_training"},
    "student": lambda w: {"pk": w["student"].pk},
    # Reports
    "report_run": lambda w: {"pk": w["report_run"].pk},
    "report_run_failed": lambda w: {"pk": w["report_run_failed"].pk},
    "report_year": lambda w: {"year": w["report_draft"].year},
    # Imports and long exports
    "import_kind": lambda w: {"kind": "member_units"},
    "import_template": lambda w: {"language": "en", "kind": "member_units"},
    "import_job": lambda w: {"pk": w["import_job"].pk},
    "export_job": lambda w: {"pk": w["export_job"].pk},
    # Exports (issue 6): the format of a list's file
    "xlsx": lambda w: {"fmt": "xlsx"},
    "reset_link": lambda w: {
        "uidb64": urlsafe_base64_encode(force_bytes(w["teacher"].pk)),
        "token": default_token_generator.make_token(w["teacher"]),
    },
}

#        url name                               method   target           V T S A O P X
MATRIX = [
    ("core:home", "GET", None, "......."),
    ("core:landing", "GET", None, "L......"),  # the dashboard: each role sees its own
    ("members:directory", "GET", None, "......."),
    ("members:directory_detail", "GET", "school", "......."),
    ("members:apply", "GET", None, "......."),
    ("members:apply", "POST", None, "......."),  # an empty form is shown again with its errors
    ("members:apply_done", "GET", None, "......."),
    ("members:unit_list", "GET", None, "L......"),
    ("members:unit_add", "GET", None, "LFFFFF."),
    ("members:unit_detail", "GET", "school", "L...N.."),
    ("members:unit_edit", "GET", "school", "LFF.NF."),
    ("members:unit_suspend", "GET", "school", "LFFFFF."),
    ("members:unit_withdraw", "GET", "school", "LFFFFF."),
    ("members:unit_reinstate", "GET", "school", "LFFFFF."),
    ("members:person_add", "GET", "school_parent", "LFF.NF."),
    ("members:person_edit", "GET", "teacher", "LFF.NF."),
    ("members:major_list", "GET", None, "......."),
    ("members:major_add", "GET", "school_parent", "LFF.NF."),
    ("members:major_edit", "GET", "major", "LFF.NF."),
    ("members:major_delete", "GET", "major", "LFF.NF."),
    ("members:committee_list", "GET", None, "......."),
    ("members:committee_detail", "GET", "committee", "......."),
    ("members:committee_add", "GET", None, "LFFFFF."),
    ("members:committee_edit", "GET", "committee", "LFFFFF."),
    ("members:committee_delete", "GET", "committee", "LFFFFF."),
    ("members:application_list", "GET", None, "LFFFF.."),
    ("members:application_detail", "GET", "application", "LFFFF.."),
    ("members:application_approve", "GET", "application", "LFFFFF."),
    ("members:application_reject", "GET", "application", "LFFFFF."),
    # Agreements: a unit's people see their own (the world's agreement is the school's and the
    # enterprise's draft); only administrators and the secretariat change them.
    ("cooperation:agreement_list", "GET", None, "LF....."),
    ("cooperation:agreement_add", "GET", None, "LFF..F."),
    ("cooperation:agreement_detail", "GET", "agreement", "LF..N.."),
    ("cooperation:agreement_edit", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_submit", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_sign", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_record_paper", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_terminate", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_renew", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_amend", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_document_add", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_document", "GET", "document", "LF..N.."),
    # Training needs: open needs are for everyone to browse; the world's need is the enterprise's.
    ("cooperation:need_list", "GET", None, "......."),
    ("cooperation:need_unanswered", "GET", None, "LFFFF.."),
    ("cooperation:need_add", "GET", None, "LFFFFF."),  # enterprises post needs, schools answer them
    ("cooperation:need_detail", "GET", "need", "......."),
    ("cooperation:need_edit", "GET", "need", "LFNNNF."),
    ("cooperation:need_close", "GET", "need", "LFNNNF."),
    ("cooperation:need_draft_agreement", "GET", "need", "LFFNNF."),
    ("cooperation:proposal_add", "GET", "need_parent", "LF...FF"),
    ("cooperation:proposal_withdraw", "GET", "proposal", "LF..NFF"),  # the school's own
    ("cooperation:proposal_accept", "GET", "proposal", "LFNNNFF"),  # the enterprise decides
    ("notifications:list", "GET", None, "L......"),
    ("notifications:open", "POST", "notification", "LNNNNNR"),  # only its recipient opens it
    # Training bases and bookings (pages): the world's base is the enterprise's, open to all; its
    # booking is the school's request.
    ("training:base_list", "GET", None, "L......"),
    ("training:base_add", "GET", None, "LFF..F."),
    ("training:base_detail", "GET", "base", "L......"),
    ("training:base_edit", "GET", "base", "LFFNNF."),
    ("training:base_photo_add", "GET", "base", "LFFNNF."),
    ("training:base_photo", "GET", "photo", "L......"),
    ("training:base_photo_remove", "GET", "photo", "LFFNNF."),
    ("training:booking_add", "GET", "base", "LF...FF"),
    ("training:booking_list", "GET", None, "LF....."),
    ("training:booking_detail", "GET", "booking", "LF..N.."),
    ("training:booking_confirm", "GET", "booking", "LFFNNF."),
    ("training:booking_decline", "GET", "booking", "LFFNNF."),
    ("training:booking_cancel", "GET", "booking", "LF..NFF"),
    # Placement offers, applications and practice days (pages): the world's offer is the
    # enterprise's and open; the teacher's application awaits the school, a colleague's the enterprise.
    ("training:offer_list", "GET", None, "......."),
    ("training:offer_add", "GET", None, "LFFFFF."),  # enterprises offer placements, schools send teachers
    ("training:offer_detail", "GET", "offer", "......."),
    ("training:offer_edit", "GET", "offer", "LFNNNF."),
    ("training:offer_close", "GET", "offer", "LFNNNF."),
    ("training:offer_cancel", "GET", "offer", "LFFNNF."),
    ("training:offer_apply", "GET", "offer", "L.FFFFF"),
    ("training:application_list", "GET", None, "L......"),
    ("training:application_detail", "GET", "placement_submitted", "L...N.."),
    ("training:application_approve", "GET", "placement_submitted", "LFF.NFF"),
    ("training:application_decline", "GET", "placement_submitted", "LFF.NFF"),
    ("training:application_accept", "GET", "placement_approved", "LFNNNFF"),  # the enterprise decides
    ("training:application_reject", "GET", "placement_approved", "LFNNNFF"),
    ("training:application_withdraw", "GET", "placement_submitted", "L.FFFFF"),  # the teacher's own
    ("training:application_confirm_slot", "GET", "placement_offered", "L.FFFFF"),
    ("training:application_decline_slot", "GET", "placement_offered", "L.FFFFF"),
    ("training:application_complete", "GET", "placement_approved", "LFNNNFF"),
    ("training:practice_mine", "GET", None, "L.FFFFF"),  # a teacher's own figure
    ("training:practice_teachers", "GET", None, "LFF...."),  # a school's administrator, the group
    ("training:practice_schools", "GET", None, "LFFFF.."),
    # Skill masters and order classes (pages): the world's skill master and order class (enrolling,
    # one student) are between the school and the enterprise; the school runs the class.
    ("training:master_list", "GET", None, "L......"),
    ("training:master_add", "GET", None, "LF...F."),
    ("training:master_detail", "GET", "skill_master", "L...N.."),
    ("training:master_edit", "GET", "skill_master", "LF..NF."),
    ("training:order_class_list", "GET", None, "LF....."),
    ("training:order_class_add", "GET", None, "LFF..F."),  # either party's administrator registers
    ("training:order_class_detail", "GET", "order_class", "LF..N.."),
    ("training:order_class_edit", "GET", "order_class", "LF..NF."),
    ("training:order_class_step", "GET", "order_class_step", "LFF.NF."),
    ("training:order_class_roster", "GET", "order_class", "LF..NF."),
    ("training:student_add", "GET", "order_class", "LF..NF."),
    ("training:student_edit", "GET", "student", "LF..NF."),
    ("training:student_remove", "GET", "student", "LF..NF."),
    # Reports (pages): the world's runs are the secretariat's, one built with its files and one
    # failed; only the group sees them and only the secretariat starts, retries and writes drafts.
    ("reports:run_list", "GET", None, "LFFFF.."),
    ("reports:run_add", "GET", None, "LFFFFF."),
    ("reports:run_add", "POST", None, "LFFFFF."),  # the empty form is shown again with its errors
    ("reports:run_detail", "GET", "report_run", "LFFFF.."),
    ("reports:run_progress", "GET", "report_run", "LFFFF.."),
    ("reports:run_retry", "GET", "report_run_failed", "LFFFFF."),
    ("reports:run_xlsx", "GET", "report_run", "LFFFF.."),
    ("reports:run_pdf", "GET", "report_run", "LFFFF.."),
    ("reports:draft_list", "GET", None, "LFFFF.."),
    ("reports:draft_edit", "GET", "report_year", "LFFFFF."),
    # Exports (issue 6): every list as a spreadsheet, for the secretariat and the supervisor only
    ("members:unit_export", "GET", "xlsx", "LFFFF.."),
    ("cooperation:agreement_export", "GET", "xlsx", "LFFFF.."),
    ("cooperation:need_export", "GET", "xlsx", "LFFFF.."),
    ("training:base_export", "GET", "xlsx", "LFFFF.."),
    ("training:booking_export", "GET", "xlsx", "LFFFF.."),
    ("training:offer_export", "GET", "xlsx", "LFFFF.."),
    ("training:application_export", "GET", "xlsx", "LFFFF.."),
    ("training:order_class_export", "GET", "xlsx", "LFFFF.."),
    # Long exports (issue 6): written by a worker for the person who asked, the secretariat here; the
    # supervision office may export too, but not see another person's export.
    ("exports:job_detail", "GET", "export_job", "LFFFFN."),
    ("exports:job_progress", "GET", "export_job", "LFFFFN."),
    ("exports:job_file", "GET", "export_job", "LFFFFN."),
    # Imports (issue 6): the secretariat's alone, the supervision office included out
    ("imports:job_list", "GET", None, "LFFFFF."),
    ("imports:upload", "GET", "import_kind", "LFFFFF."),
    ("imports:upload", "POST", "import_kind", "LFFFFF."),  # the empty form is shown with its errors
    ("imports:template", "GET", "import_template", "LFFFFF."),
    ("imports:job_detail", "GET", "import_job", "LFFFFF."),
    ("imports:job_progress", "GET", "import_job", "LFFFFF."),
    ("imports:job_file", "GET", "import_job", "LFFFFF."),
    ("imports:job_columns", "GET", "import_job", "LFFFFF."),
    ("imports:job_confirm", "GET", "import_job", "LFFFFF."),
    ("imports:job_recheck", "GET", "import_job", "LFFFFF."),
    ("imports:job_discard", "GET", "import_job", "LFFFFF."),
    # Accounts and language
    ("login", "GET", None, "......."),
    ("logout", "POST", None, "RRRRRRR"),
    ("password_change", "GET", None, "L......"),
    ("password_change_done", "GET", None, "L......"),
    ("password_reset", "GET", None, "......."),
    ("password_reset_done", "GET", None, "......."),
    ("password_reset_confirm", "GET", "reset_link", "RRRRRRR"),
    ("password_reset_complete", "GET", None, "......."),
    ("set_language", "POST", None, "RRRRRRR"),
    # API
    ("api-root", "GET", None, "......."),
    ("api-token", "POST", None, "BBBBBBB"),
    ("api-schema", "GET", None, "......."),
    ("api-docs", "GET", None, "......."),
    ("members-api:unit-list", "GET", None, "U......"),
    ("members-api:unit-list", "POST", None, "UFFFFFB"),
    ("members-api:unit-detail", "GET", "school", "U...N.."),
    ("members-api:unit-detail", "PATCH", "school", "UFF.NF."),
    ("members-api:unit-detail", "DELETE", "school", "MMMMMMM"),
    ("members-api:unit-suspend", "POST", "school", "UFFFFFB"),
    ("members-api:unit-withdraw", "POST", "school", "UFFFFFB"),
    ("members-api:unit-reinstate", "POST", "school", "UFFFFFB"),
    ("members-api:committee-list", "GET", None, "......."),
    ("members-api:committee-list", "POST", None, "UFFFFFB"),
    ("members-api:committee-detail", "GET", "committee", "......."),
    ("members-api:committee-detail", "PATCH", "committee", "UFFFFF."),
    ("members-api:industry-list", "GET", None, "......."),
    ("members-api:industry-detail", "GET", "industry", "......."),
    ("members-api:majorcategory-list", "GET", None, "......."),
    ("members-api:majorcategory-detail", "GET", "category", "......."),
    ("members-api:major-list", "GET", None, "......."),
    ("members-api:major-list", "POST", None, "UFFBBFB"),
    ("members-api:major-detail", "GET", "major", "......."),
    ("members-api:major-detail", "PATCH", "major", "UFF.NF."),
    ("members-api:application-list", "GET", None, "UFFFF.."),
    ("members-api:application-list", "POST", None, "BBBBBBB"),
    ("members-api:application-detail", "GET", "application", "UFFFF.."),
    ("members-api:application-approve", "POST", "application", "UFFFFFC"),
    ("members-api:application-reject", "POST", "application", "UFFFFFB"),
    # API of cooperation
    ("cooperation-api:agreement-list", "GET", None, "UF....."),
    ("cooperation-api:agreement-list", "POST", None, "UFFBBFB"),
    ("cooperation-api:agreement-detail", "GET", "agreement", "UF..N.."),
    ("cooperation-api:agreement-detail", "PATCH", "agreement", "UFF.NF."),
    ("cooperation-api:agreement-detail", "PUT", "agreement", "MMMMMMM"),
    ("cooperation-api:agreement-detail", "DELETE", "agreement", "MMMMMMM"),
    ("cooperation-api:agreement-submit", "POST", "agreement", "UFF.NF."),
    ("cooperation-api:agreement-sign", "POST", "agreement_awaiting", "UFF.NFB"),  # sec must name the unit
    ("cooperation-api:agreement-record-paper-signing", "POST", "agreement", "UFFBNFB"),
    ("cooperation-api:agreement-terminate", "POST", "agreement", "UFFBNFB"),
    ("cooperation-api:agreement-renew", "POST", "agreement_active", "UFFCNFC"),
    ("cooperation-api:agreement-amend", "POST", "agreement", "UFFBNFB"),
    ("cooperation-api:agreement-documents", "POST", "agreement", "UFFBNFB"),
    ("cooperation-api:need-list", "GET", None, "......."),  # open needs are public, as on the pages
    ("cooperation-api:need-list", "POST", None, "UFBBBFB"),
    ("cooperation-api:need-detail", "GET", "need", "......."),
    ("cooperation-api:need-detail", "PATCH", "need", "UFNNNF."),
    ("cooperation-api:need-detail", "DELETE", "need", "MMMMMMM"),
    ("cooperation-api:need-close", "POST", "need", "UFNNNF."),
    ("cooperation-api:need-draft-agreement", "POST", "need_matched", "UFFNNFC"),
    ("cooperation-api:proposal-list", "GET", None, "UF....."),
    ("cooperation-api:proposal-list", "POST", None, "UFBBBFF"),
    ("cooperation-api:proposal-detail", "GET", "proposal", "UF..N.."),
    ("cooperation-api:proposal-detail", "PATCH", "proposal", "MMMMMMM"),
    ("cooperation-api:proposal-accept", "POST", "proposal", "UFNNNFF"),
    ("cooperation-api:proposal-withdraw", "POST", "proposal", "UF..NFF"),
    # API of training bases and bookings
    ("training-api:base-list", "GET", None, "U......"),
    ("training-api:base-list", "POST", None, "UFFBBFB"),
    ("training-api:base-detail", "GET", "base", "U......"),
    ("training-api:base-detail", "PATCH", "base", "UFFNNF."),
    ("training-api:base-room", "GET", "base", "UBBBBBB"),
    ("training-api:base-calendar", "GET", "base", "U......"),
    ("training-api:booking-list", "GET", None, "UF....."),
    ("training-api:booking-list", "POST", None, "UFBBBFF"),
    ("training-api:booking-detail", "GET", "booking", "UF..N.."),
    ("training-api:booking-confirm", "POST", "booking", "UFFNNF."),
    ("training-api:booking-decline", "POST", "booking", "UFFNNFB"),
    ("training-api:booking-cancel", "POST", "booking", "UF..NFF"),
    # API of placements: the same world as the pages; a slot from the waiting list is offered to
    # the teacher (placement_offered). Practice figures: a teacher's own, a school administrator's
    # teachers, the group's all; every school's for the group.
    ("training-api:placement-offer-list", "GET", None, "......."),
    ("training-api:placement-offer-list", "POST", None, "UFBBBFB"),
    ("training-api:placement-offer-detail", "GET", "offer", "......."),
    ("training-api:placement-offer-detail", "PATCH", "offer", "UFNNNF."),
    ("training-api:placement-offer-detail", "DELETE", "offer", "MMMMMMM"),
    ("training-api:placement-offer-close", "POST", "offer", "UFNNNF."),
    ("training-api:placement-offer-cancel", "POST", "offer", "UFFNNFB"),
    ("training-api:placement-application-list", "GET", None, "U......"),
    ("training-api:placement-application-list", "POST", None, "UBFFFFF"),
    ("training-api:placement-application-detail", "GET", "placement_submitted", "U...N.."),
    ("training-api:placement-application-detail", "PATCH", "placement_submitted", "MMMMMMM"),
    ("training-api:placement-application-approve", "POST", "placement_submitted", "UFF.NFF"),
    ("training-api:placement-application-decline", "POST", "placement_submitted", "UFFBNFF"),
    ("training-api:placement-application-accept", "POST", "placement_approved", "UFNNNFF"),
    ("training-api:placement-application-reject", "POST", "placement_approved", "UFNNNFF"),
    ("training-api:placement-application-complete", "POST", "placement_approved", "UFNNNFF"),
    ("training-api:placement-application-withdraw", "POST", "placement_submitted", "U.FFFFF"),
    ("training-api:placement-application-confirm-slot", "POST", "placement_offered", "U.FFFFF"),
    ("training-api:placement-application-decline-slot", "POST", "placement_offered", "U.FFFFF"),
    ("training-api:practice-days-list", "GET", None, "U.F...."),
    ("training-api:practice-schools-list", "GET", None, "UFFFF.."),
    # API of skill masters and order classes (removing a student answers 204, so each role's answer
    # to DELETE is in tests/training/test_people_api.py)
    ("training-api:skill-master-list", "GET", None, "U......"),
    ("training-api:skill-master-list", "POST", None, "UFBBBFB"),
    ("training-api:skill-master-detail", "GET", "skill_master", "U...N.."),
    ("training-api:skill-master-detail", "PATCH", "skill_master", "UF..NF."),
    ("training-api:skill-master-detail", "DELETE", "skill_master", "MMMMMMM"),
    ("training-api:order-class-list", "GET", None, "UF....."),
    ("training-api:order-class-list", "POST", None, "UFFBBFB"),
    ("training-api:order-class-detail", "GET", "order_class", "UF..N.."),
    ("training-api:order-class-detail", "PATCH", "order_class", "UF..NF."),
    ("training-api:order-class-detail", "DELETE", "order_class", "MMMMMMM"),
    ("training-api:order-class-advance", "POST", "order_class", "UFFBNFB"),
    ("training-api:order-class-roster", "POST", "order_class", "UFBBNFB"),
    ("training-api:order-class-student-list", "GET", None, "UF....."),
    ("training-api:order-class-student-list", "POST", None, "UFBBBFB"),
    ("training-api:order-class-student-detail", "GET", "student", "UF..N.."),
    ("training-api:order-class-student-detail", "PATCH", "student", "UF..NF."),
    # API of reports
    ("reports-api:report-run-list", "GET", None, "UFFFF.."),
    ("reports-api:report-run-list", "POST", None, "UFFFFFB"),
    ("reports-api:report-run-detail", "GET", "report_run", "UFFFF.."),
    ("reports-api:report-run-detail", "PATCH", "report_run", "MMMMMMM"),
    ("reports-api:report-run-detail", "DELETE", "report_run", "MMMMMMM"),
    ("reports-api:report-run-retry", "POST", "report_run_failed", "UFFFFF."),
    # The admin asks the same rules: the supervisor reads, only the secretariat writes.
    ("admin:index", "GET", None, "RRRRR.."),
    ("admin:members_memberunit_changelist", "GET", None, "RRRRR.."),
    ("admin:members_memberunit_change", "GET", "admin_school", "RRRRR.."),
    ("admin:members_memberunit_add", "GET", None, "RRRRRF."),
]

# URLs that are not pages of their own: Django's admin (sampled above) and the reset link's
# second step, which only exists after the redirect from the token URL.
UNLISTED_NAMESPACES = {"admin"}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """The personas and the world, built once for the module (over 1,500 cases) inside a
    transaction rolled back at the end; each case runs in a savepoint within it."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        personas = build_personas()
        yield personas, build_world(personas)
        transaction.set_rollback(True)


@pytest.fixture
def personas(built, db):
    return fresh_personas(built[0])


@pytest.fixture
def world(built, personas):
    # The reset link's token follows the teacher as logged in for the case.
    return {**built[1], "teacher": personas.teacher}


def build_world(personas):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    need = make_need(personas.enterprise_admin)
    awaiting = make_agreement(personas.secretariat, [personas.school, personas.enterprise], title="待签协议")
    services.submit_for_signature(awaiting, personas.secretariat)
    matched = make_need(personas.enterprise_admin, title="已匹配需求")
    services.accept_proposal(make_proposal(matched, personas.school_admin), personas.enterprise_admin)
    major = make_major(personas.school)
    committee = Committee.objects.create(name_zh="智能制造专业委员会", chair_unit=personas.school)
    committee.members.set([personas.school, personas.enterprise])
    application = MembershipApplication.objects.create(
        name_zh="常州数控设备有限公司",
        kind=UnitKind.ENTERPRISE,
        credit_code=credit_code(777),
        province="32",
        city="常州市",
        contact_name="周经理",
        contact_phone="13912345678",
        contact_email="zhou@example.cn",
    )
    from members.models import Industry, MajorCategory

    training = {}
    # Training bases and bookings
    base = make_base(personas.enterprise, capacity=30)
    training["base"] = base
    training["photo"] = make_photo(base, personas.enterprise_admin)
    training["booking"] = make_booking(base, personas.school_admin, at(9), at(17), 10)
    # Placement offers, applications and practice days
    from tests.training.placement_builders import apply, approved, make_offer, make_teacher

    offer = make_offer(personas.enterprise_admin)
    training["offer"] = offer
    training["placement_submitted"] = apply(offer, personas.teacher)
    colleague = make_teacher(personas.school, "张老师")
    training["placement_approved"] = approved(offer, colleague, personas.school_admin)
    # The teacher waited for the one slot of another offer; its holder withdrew, so it is offered.
    from tests.training.placement_builders import accepted as placement_accepted
    from training.services.placements import withdraw_application

    one_slot = make_offer(personas.enterprise_admin, slots=1, title="单名额岗位")
    holder_teacher = make_teacher(personas.school, "李老师")
    holder = placement_accepted(one_slot, holder_teacher, personas.school_admin, personas.enterprise_admin)
    waiting = approved(one_slot, personas.teacher, personas.school_admin)
    withdraw_application(holder, holder_teacher)
    waiting.refresh_from_db()
    training["placement_offered"] = waiting
    # Skill masters and order classes
    from tests.training.people_builders import make_order_class, make_skill_master

    training["skill_master"] = make_skill_master(personas.school_admin, personas.enterprise, personas.school)
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "enrolling", 1
    )
    training["order_class"] = order_class
    training["student"] = order_class.students.get()
    # Reports
    from portal.reports.models import ReportDraft
    from tests.reports.run_builders import make_run

    training["report_run"] = make_run(personas.secretariat)
    training["report_run_failed"] = make_run(personas.secretariat, status="failed", language="en")
    training["report_draft"] = ReportDraft.objects.create(year=training["report_run"].starts_on.year)
    # Imports and long exports
    from django.core.files.base import ContentFile

    from portal.core.models import ExportJob
    from portal.imports.models import ImportJob

    training["export_job"] = ExportJob.objects.create(
        created_by=personas.secretariat,
        title="成员单位",
        url_name="members:unit_export",
        fmt="csv",
        language="zh-hans",
        rows=6000,
        status="done",
        file=ContentFile(b"\xef\xbb\xbf", name="member-units.csv"),
    )
    training["import_job"] = ImportJob.objects.create(
        kind="member_units",
        file=ContentFile(b"credit_code\n91320500000000011X\n", name="units.csv"),
        file_name="units.csv",
        size=32,
        header=["credit_code"],
        mapping=["credit_code"],
        status="checked",
        rows=1,
        created_by=personas.secretariat,
    )
    return {
        **training,
        "school": personas.school,
        "teacher": personas.teacher,
        "major": major,
        "committee": committee,
        "application": application,
        "industry": Industry.objects.get(code="C"),
        "category": MajorCategory.objects.get(code="51"),
        "notification": Notification.objects.create(
            recipient=personas.secretariat, title="新的入会申请", url="/"
        ),
        "agreement": agreement,
        "document": services.add_document(agreement, personas.secretariat, DocumentKind.ATTACHMENT, pdf()),
        "need": need,
        "proposal": make_proposal(need, personas.school_admin),
        "agreement_awaiting": awaiting,
        "agreement_active": make_active_agreement(personas),
        "need_matched": matched,
    }


def _user_for(personas, role):
    return None if role == "visitor" else getattr(personas, role)


def _cases():
    for name, method, target, expected in MATRIX:
        assert len(expected) == len(ROLES), name
        for role, outcome in zip(ROLES, expected, strict=True):
            yield pytest.param(name, method, target, role, outcome, id=f"{method} {name} as {role}")


@pytest.mark.parametrize(("name", "method", "target", "role", "outcome"), list(_cases()))
def test_permission_matrix(client, personas, world, name, method, target, role, outcome):
    user = _user_for(personas, role)
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=TARGETS[target](world))
    response = (
        getattr(client, method.lower())(url, content_type="application/json")
        if method
        in {
            "PATCH",
            "PUT",
            "DELETE",
        }
        else getattr(client, method.lower())(url, {})
    )
    if outcome == "L":
        assert response.status_code == 302 and response.url.startswith(reverse("login")), response
    elif outcome == "R":
        assert response.status_code == 302 and not response.url.startswith(reverse("login")), response
    else:
        assert response.status_code == STATUS[outcome], (response.status_code, response.content[:300])


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    listed = {name for name, *_ in MATRIX}
    missing = {
        name
        for name in _named_patterns()
        if name.split(":")[0] not in UNLISTED_NAMESPACES and name not in listed
    }
    assert not missing, f"URLs without a row in the permission matrix: {sorted(missing)}"
