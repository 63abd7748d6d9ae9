"""``manage.py load_demo``: the group a newcomer sees, with its agreements and training needs, must
be complete, valid and loadable twice."""

import re
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from cooperation import services
from cooperation.choices import AgreementKind, AgreementStatus, NeedKind, NeedStatus, ProposalStatus
from cooperation.models import Agreement, AgreementDocument, Proposal, TrainingNeed
from members.choices import SCHOOL_KINDS, ApplicationStatus, CouncilRole, UnitKind, UnitStatus
from members.models import (
    Committee,
    Major,
    MembershipApplication,
    MemberUnit,
    User,
    major_level_and_category,
)
from members.validators import validate_credit_code
from portal.core.models import Notification
from portal.core.roles import Role
from portal.reports.models import ReportDraft
from tests.factories import make_unit
from training.choices import ApplicationStatus as PlacementStatus
from training.choices import (
    BookingStatus,
    OfferStatus,
    OrderClassStatus,
    StudentOutcome,
)
from training.models import (
    BaseBooking,
    OrderClass,
    OrderClassStudent,
    PlacementApplication,
    PlacementOffer,
    SkillMaster,
    TrainingBase,
)
from training.querysets.placements import practice_days

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {
    "secretariat": Role.SECRETARIAT,
    "supervisor": Role.SUPERVISOR,
    "school_admin": Role.UNIT_ADMIN,
    "school_staff": Role.UNIT_STAFF,
    "teacher": Role.TEACHER,
    "enterprise_admin": Role.UNIT_ADMIN,
    "enterprise_staff": Role.UNIT_STAFF,
}
NUMBER = re.compile(r"^\d{4}-[A-Z]{2}-\d{4}(-B\d+)?$")
MODELS = (
    MemberUnit,
    User,
    Major,
    Committee,
    MembershipApplication,
    Agreement,
    AgreementDocument,
    TrainingNeed,
    Proposal,
    Notification,
    TrainingBase,
    BaseBooking,
    PlacementOffer,
    PlacementApplication,
    SkillMaster,
    OrderClass,
    OrderClassStudent,
)


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


# This test needs an empty database, so it comes before the first test that loads the demo.
def test_a_register_with_other_units_is_left_alone():
    make_unit("无锡职业技术学院")
    output = load_demo()
    assert MemberUnit.objects.count() == 1
    assert not User.objects.filter(username="secretariat").exists()
    assert not Agreement.objects.exists()
    assert "secretariat" not in output


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for this module (a load takes seconds) inside a transaction that is
    rolled back afterwards, so other modules start from an empty database. Each test runs in a
    savepoint within it. The signed scans go to a temporary media folder."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            # The hasher the tests' personas use (tests/conftest.py), which is set per test.
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        mail.outbox = []
        output = load_demo()
        yield SimpleNamespace(output=output, emails=len(mail.outbox))
        transaction.set_rollback(True)


def test_register_is_valid_and_covers_every_kind_role_and_status(demo):
    units = list(MemberUnit.objects.all())
    assert len(units) >= 40
    assert {unit.kind for unit in units} == set(UnitKind.values)
    assert {unit.council_role for unit in units} == set(CouncilRole.values)
    assert {unit.status for unit in units} == set(UnitStatus.values)
    for unit in units:
        validate_credit_code(unit.credit_code)
        unit.full_clean()
        assert unit.left_on or unit.status != UnitStatus.WITHDRAWN, unit
    assert len({unit.credit_code for unit in units}) == len(units)
    leading = MemberUnit.objects.get(is_leading_school=True)
    assert leading.kind in SCHOOL_KINDS
    assert leading.council_role == CouncilRole.CHAIR


def test_schools_have_majors_committees_have_members_and_the_queue_is_not_empty(demo):
    majors = Major.objects.select_related("unit", "category")
    assert majors.count() >= 40
    for major in majors:
        level, category = major_level_and_category(major.code)
        assert (major.level, major.category.code) == (level, category), major
        assert major.unit.kind in SCHOOL_KINDS
    committees = Committee.objects.with_list_related()
    assert len(committees) >= 2
    assert all(committee.member_count >= 3 for committee in committees)
    applications = MembershipApplication.objects.all()
    assert applications.pending().count() >= 3
    assert all(a.rejection_reason for a in applications.filter(status=ApplicationStatus.REJECTED))


def test_demo_logins_have_their_role_and_password_and_are_printed(demo):
    for username, role in DEMO_LOGINS.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.check_password("demo-pass-2026")
        assert username in demo.output
    assert "demo-pass-2026" in demo.output
    assert User.objects.get(username="supervisor").is_staff
    assert not User.objects.get(username="teacher").is_staff
    # Lists look populated: people in every role beyond the demo logins.
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.filter(role=Role.TEACHER).count() >= 20


def test_agreements_cover_every_kind_and_status_with_well_formed_numbers(demo):
    today = timezone.localdate()
    agreements = list(Agreement.objects.with_detail_related())
    assert len(agreements) >= 20
    assert {a.kind for a in agreements} == set(AgreementKind.values)
    assert {a.status for a in agreements} == set(AgreementStatus.values)
    assert all(NUMBER.match(a.number) for a in agreements), [a.number for a in agreements]
    assert len({a.number for a in agreements}) == len(agreements)
    for agreement in agreements:
        agreement.full_clean()
        parties = list(agreement.parties.all())
        assert len(parties) >= 2 and all(p.unit.status == UnitStatus.ACTIVE for p in parties)
        signed = [p for p in parties if p.has_signed]
        match agreement.status:
            case AgreementStatus.DRAFT:
                assert not signed
            case AgreementStatus.AWAITING:
                assert len(signed) < len(parties)
            case AgreementStatus.SIGNED:
                assert len(signed) == len(parties) and agreement.starts_on > today
            case AgreementStatus.ACTIVE:
                assert len(signed) == len(parties) and agreement.starts_on <= today <= agreement.ends_on
            case AgreementStatus.EXPIRED:
                assert len(signed) == len(parties) and agreement.ends_on < today
            case AgreementStatus.TERMINATED:
                assert agreement.termination_reason
        for document in agreement.documents.all():
            assert document.content_type == "application/pdf"
            with document.file.open("rb") as scan:
                assert scan.read(8) == b"%PDF-1.4"
    awaiting = [a for a in agreements if a.status == AgreementStatus.AWAITING]
    assert any(any(p.has_signed for p in a.parties.all()) for a in awaiting)
    # Reminders and "expiring soon" have something to show.
    expiring = Agreement.objects.expiring_within(60)
    assert expiring.count() >= 3
    assert expiring.filter(ends_on__lte=today + timedelta(days=7)).exists()
    assert all(a.reminders.exists() for a in expiring)
    apprenticeship = next(a for a in agreements if a.kind == AgreementKind.APPRENTICESHIP)
    assert apprenticeship.apprentice_name
    assert {p.unit.kind == UnitKind.ENTERPRISE for p in apprenticeship.parties.all()} == {True, False}
    assert any(len(a.parties.all()) >= 3 for a in agreements)
    assert any(
        a.status == AgreementStatus.ACTIVE and a.renews and a.renews.status == AgreementStatus.EXPIRED
        for a in agreements
    )
    amendment = next(a for a in agreements if a.amends)
    assert amendment.amends.status == AgreementStatus.ACTIVE
    assert amendment.number.startswith(f"{amendment.amends.number}-B")
    # Statuses agree with the dates: the daily job finds nothing to move and no reminder to send.
    assert services.run_agreement_upkeep() == {"activated": 0, "expired": 0, "reminders": 0}


def test_needs_are_at_every_stage_with_proposals_from_schools(demo):
    needs = list(TrainingNeed.objects.with_list_related().prefetch_related("proposals__unit"))
    assert len(needs) >= 12
    assert {n.kind for n in needs} == set(NeedKind.values)
    assert {n.status for n in needs} == set(NeedStatus.values)
    for need in needs:
        need.full_clean()
        assert need.unit.kind == UnitKind.ENTERPRISE
        assert need.major_categories.all()
        assert all(p.unit.kind in SCHOOL_KINDS for p in need.proposals.all())
    open_needs = [n for n in needs if n.status == NeedStatus.OPEN]
    assert any(not n.proposals.all() for n in open_needs)
    assert any(len(n.proposals.all()) >= 3 for n in open_needs)
    assert TrainingNeed.objects.unanswered(14).exists()
    matched = [n for n in needs if n.status == NeedStatus.MATCHED]
    assert all(n.accepted_proposal for n in matched)
    assert {n.agreement_id is None for n in matched} == {True, False}
    drafted = next(n for n in matched if n.agreement)
    assert drafted.agreement.status == AgreementStatus.DRAFT
    assert {p.unit for p in drafted.agreement.parties.all()} == {drafted.unit, drafted.accepted_proposal.unit}
    closed = [n for n in needs if n.status == NeedStatus.CLOSED]
    assert any(n.deadline < timezone.localdate() for n in closed)
    assert all(p.status != ProposalStatus.SUBMITTED for n in closed for p in n.proposals.all())
    assert set(Proposal.objects.values_list("status", flat=True)) == set(ProposalStatus.values)


def test_training_covers_every_state(demo):
    def statuses(model, field="status"):
        return set(model.objects.values_list(field, flat=True))

    assert TrainingBase.objects.filter(photos__isnull=False).count() == TrainingBase.objects.count() >= 5
    assert TrainingBase.objects.filter(open_to_all=False).exists()
    assert statuses(BaseBooking) == set(BookingStatus.values)
    for base in TrainingBase.objects.all():
        confirmed = base.bookings.filter(status=BookingStatus.CONFIRMED)
        assert (
            confirmed.peak_headcount(min(b.starts_at for b in confirmed), max(b.ends_at for b in confirmed))
            <= base.capacity
        )
    assert statuses(PlacementOffer) == set(OfferStatus.values)
    assert statuses(PlacementApplication) == set(PlacementStatus.values)
    assert statuses(OrderClass) == set(OrderClassStatus.values)
    assert statuses(OrderClassStudent, "outcome") == set(StudentOutcome.values)
    assert SkillMaster.objects.count() >= 10
    # The demo teacher has practice days to show, short of the requirement.
    assert 0 < practice_days(User.objects.get(username="teacher")) < 180


def test_this_years_report_has_its_narrative_and_cases(demo):
    draft = ReportDraft.objects.get(year=timezone.localdate().year)
    narrative = draft.narrative()
    assert all([narrative.overview, narrative.results, narrative.contribution, narrative.suggestions])
    assert len(narrative.agreements) == 3 and len(narrative.cases) == 2


def test_people_find_notifications_under_the_bell_but_no_one_was_emailed(demo):
    assert demo.emails == 0
    for username in ("secretariat", "school_admin", "enterprise_admin"):
        assert Notification.objects.filter(recipient__username=username).unread().exists()


def test_running_twice_creates_nothing_more_and_prints_the_logins_again(demo):
    before = counts()
    output = load_demo()
    assert counts() == before
    assert all(username in output for username in DEMO_LOGINS)


def test_a_group_loaded_before_agreements_existed_gets_them_on_the_next_run(demo):
    TrainingNeed.objects.all().delete()
    Agreement.objects.filter(amends__isnull=False).delete()
    Agreement.objects.all().delete()
    before = counts()
    load_demo()
    after = counts()
    assert after["MemberUnit"] == before["MemberUnit"] and after["User"] == before["User"]
    assert after["Agreement"] >= 20 and after["TrainingNeed"] >= 12
