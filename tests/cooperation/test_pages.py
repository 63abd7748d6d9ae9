"""The cooperation pages as people use them in the browser: registering, signing, documents and
terminating agreements; posting needs, answering them, accepting and drafting the agreement."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cooperation import services
from cooperation.choices import (
    AgreementStatus,
    DocumentKind,
    NeedKind,
    NeedStatus,
    PartyRole,
    ProposalStatus,
    SignatureMethod,
)
from cooperation.models import Agreement, AgreementDocument, Proposal, TrainingNeed
from members.models import Industry, MajorCategory
from tests.cooperation.builders import PDF, make_active_agreement, make_agreement, make_need, make_proposal
from tests.factories import make_unit

TODAY = timezone.localdate()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def client(client):
    # The pages answer in the person's language; these tests read the English messages.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_user(client, user):
    client.force_login(user)
    return client


def agreement_form(units, roles="ABCDE", **fields):
    """The agreement page's POST: the agreement's fields and one party row per role."""
    data = {
        "kind": "school_enterprise",
        "title": "数控技术校企合作协议",
        "summary": "共建数控实训室，联合培养学生。",
        "apprentice_name": "",
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + timedelta(days=3 * 365)).isoformat(),
        "parties-TOTAL_FORMS": "5",
        "parties-INITIAL_FORMS": "5",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "5",
    }
    for index, role in enumerate(roles):
        unit = units[index] if index < len(units) else None
        data[f"parties-{index}-unit"] = unit.pk if unit else ""
        data[f"parties-{index}-role"] = role
        data[f"parties-{index}-obligations"] = f"{role} 方义务" if unit else ""
    data.update(fields)
    return data


def errors(response) -> str:
    """Every error message on the page's form, in one string to search."""
    form = response.context["form"]
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def scan(name="signed.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# Registering agreements


def test_unit_admin_registers_an_agreement_with_their_unit_as_party_a(personas, client):
    as_user(client, personas.school_admin)
    page = client.get(reverse("cooperation:agreement_add"))
    first = page.context["parties"].forms[0]
    assert (first["unit"].value(), first["role"].value()) == (personas.school.pk, PartyRole.A)

    response = client.post(
        reverse("cooperation:agreement_add"), agreement_form([personas.school, personas.enterprise])
    )

    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response.url == agreement.get_absolute_url()
    assert agreement.number == f"{TODAY.year}-HZ-0001"
    assert (agreement.status, agreement.created_by) == (AgreementStatus.DRAFT, personas.school_admin)
    assert [(p.role, p.unit, p.obligations) for p in agreement.parties.all()] == [
        (PartyRole.A, personas.school, "A 方义务"),
        (PartyRole.B, personas.enterprise, "B 方义务"),
    ]
    detail = client.get(agreement.get_absolute_url()).content.decode()
    assert agreement.number in detail and "Send for signature" in detail


def test_fewer_than_two_parties_is_refused_and_what_was_typed_stays(personas, client):
    as_user(client, personas.school_admin)
    response = client.post(
        reverse("cooperation:agreement_add"), agreement_form([personas.school], title="只有一方的协议")
    )
    assert response.status_code == 200
    assert "at least two parties" in errors(response)
    page = response.content.decode()
    assert "只有一方的协议" in page and "A 方义务" in page
    assert not Agreement.objects.exists()


def test_end_before_start_is_shown_on_the_end_date(personas, client):
    as_user(client, personas.secretariat)
    response = client.post(
        reverse("cooperation:agreement_add"),
        agreement_form(
            [personas.school, personas.enterprise], ends_on=(TODAY - timedelta(days=1)).isoformat()
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("ends_on")
    assert not Agreement.objects.exists()


def test_unit_admin_cannot_register_an_agreement_between_other_units(personas, client):
    as_user(client, personas.school_admin)
    response = client.post(
        reverse("cooperation:agreement_add"), agreement_form([personas.other_school, personas.enterprise])
    )
    assert response.status_code == 200
    assert "Your own unit must be one of the parties" in errors(response)
    assert not Agreement.objects.exists()


def test_a_draft_is_edited_and_once_sent_it_is_fixed(personas, client):
    agreement = make_agreement(personas.school_admin, [personas.school, personas.enterprise])
    as_user(client, personas.school_admin)
    units = [personas.school, personas.enterprise, personas.other_school]
    response = client.post(
        reverse("cooperation:agreement_edit", args=[agreement.pk]), agreement_form(units, title="三方协议")
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "三方协议" and agreement.number == f"{TODAY.year}-HZ-0001"
    assert [p.unit for p in agreement.parties.all()] == units

    client.post(reverse("cooperation:agreement_submit", args=[agreement.pk]))
    response = client.post(
        reverse("cooperation:agreement_edit", args=[agreement.pk]), agreement_form(units, title="改过的")
    )
    assert response.status_code == 200
    assert "Only a draft can be changed" in errors(response)
    agreement.refresh_from_db()
    assert agreement.title == "三方协议"


# Signing


def test_both_parties_confirm_in_the_portal_and_the_agreement_is_active(personas, client):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    as_user(client, personas.secretariat)
    assert client.post(reverse("cooperation:agreement_submit", args=[agreement.pk])).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.AWAITING
    # The secretariat is no party: it records paper signing but does not confirm for a unit.
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert reverse("cooperation:agreement_sign", args=[agreement.pk]) not in page
    assert reverse("cooperation:agreement_record_paper", args=[agreement.pk]) in page

    as_user(client, personas.school_admin)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert reverse("cooperation:agreement_sign", args=[agreement.pk]) in page
    client.post(reverse("cooperation:agreement_sign", args=[agreement.pk]))
    page = client.get(agreement.get_absolute_url())
    assert reverse("cooperation:agreement_sign", args=[agreement.pk]) not in page.content.decode()
    assert page.content.decode().count('data-testid="signed"') == 1
    assert page.content.decode().count('data-testid="awaited"') == 1

    as_user(client, personas.enterprise_admin)
    client.post(reverse("cooperation:agreement_sign", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signed_on) == (AgreementStatus.ACTIVE, TODAY)
    signatures = {(p.unit, p.signed_by, p.signature_method) for p in agreement.parties.all()}
    assert signatures == {
        (personas.school, personas.school_admin, SignatureMethod.PORTAL),
        (personas.enterprise, personas.enterprise_admin, SignatureMethod.PORTAL),
    }


def test_a_party_cannot_sign_twice(personas, client):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    services.submit_for_signature(agreement, by=personas.secretariat)
    as_user(client, personas.school_admin)
    client.post(reverse("cooperation:agreement_sign", args=[agreement.pk]))
    response = client.post(reverse("cooperation:agreement_sign", args=[agreement.pk]))
    assert response.status_code == 200
    assert "already signed" in errors(response)


def test_paper_signing_keeps_the_scan_and_parties_download_it(personas, client):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    as_user(client, personas.secretariat)
    signed_on = TODAY - timedelta(days=2)
    response = client.post(
        reverse("cooperation:agreement_record_paper", args=[agreement.pk]),
        {"scan": scan("合作协议-盖章版.pdf"), "signed_on": signed_on.isoformat()},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signed_on) == (AgreementStatus.ACTIVE, signed_on)
    assert {p.signature_method for p in agreement.parties.all()} == {SignatureMethod.PAPER}
    document = AgreementDocument.objects.get()
    assert (document.kind, document.name, document.content_type) == (
        DocumentKind.SIGNED_SCAN,
        "合作协议-盖章版.pdf",
        "application/pdf",
    )

    as_user(client, personas.school_staff)
    assert document.get_absolute_url() in client.get(agreement.get_absolute_url()).content.decode()
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04\x14\x00\x00\x00zip archive", b"This is plain text, not a scan."],
    ids=["zip", "text"],
)
def test_a_scan_is_judged_by_its_content_not_its_name(personas, client, content):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    as_user(client, personas.secretariat)
    response = client.post(
        reverse("cooperation:agreement_record_paper", args=[agreement.pk]),
        {"scan": scan("signed.pdf", content), "signed_on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("scan", "file_type")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT
    assert not AgreementDocument.objects.exists()


def test_an_image_named_pdf_is_kept_as_the_image_it_is(personas, client):
    # Scans may be images: the content decides, so the download is served as PNG.
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    as_user(client, personas.secretariat)
    client.post(
        reverse("cooperation:agreement_document_add", args=[agreement.pk]),
        {"kind": DocumentKind.ATTACHMENT, "file": scan("photo.pdf", PNG)},
    )
    assert AgreementDocument.objects.get().content_type == "image/png"


def test_a_scan_over_the_size_limit_is_refused(personas, client, settings):
    settings.DOCUMENT_MAX_BYTES = 64
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    as_user(client, personas.secretariat)
    response = client.post(
        reverse("cooperation:agreement_record_paper", args=[agreement.pk]),
        {"scan": scan(content=PDF + b"%" * 200), "signed_on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("scan", "file_too_large")
    assert not AgreementDocument.objects.exists()

    response = client.post(
        reverse("cooperation:agreement_document_add", args=[agreement.pk]),
        {"kind": DocumentKind.ATTACHMENT, "file": scan(content=PDF + b"%" * 200)},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("file", "file_too_large")
    assert not AgreementDocument.objects.exists()


def test_a_signing_date_in_the_future_is_refused_on_the_date(personas, client):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    as_user(client, personas.secretariat)
    response = client.post(
        reverse("cooperation:agreement_record_paper", args=[agreement.pk]),
        {"scan": scan(), "signed_on": (TODAY + timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 200
    assert "cannot be in the future" in errors(response)
    assert not AgreementDocument.objects.exists()


# After signing


def test_terminating_needs_a_reason_and_records_it(personas, client):
    agreement = make_active_agreement(personas)
    as_user(client, personas.enterprise_admin)
    url = reverse("cooperation:agreement_terminate", args=[agreement.pk])
    assert client.post(url, {"reason": ""}).context["form"].has_error("reason")

    response = client.post(url, {"reason": "企业搬迁，无法继续提供实训岗位。"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TERMINATED
    assert agreement.termination_reason == "企业搬迁，无法继续提供实训岗位。"
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "企业搬迁" in page and url not in page  # shown, and no longer offered


def test_renewal_and_amendment_link_back_to_the_agreement(personas, client):
    agreement = make_active_agreement(personas)
    as_user(client, personas.school_admin)
    response = client.post(reverse("cooperation:agreement_renew", args=[agreement.pk]))
    renewal = Agreement.objects.get(renews=agreement)
    assert response.url == renewal.get_absolute_url() and renewal.status == AgreementStatus.DRAFT

    response = client.post(
        reverse("cooperation:agreement_amend", args=[agreement.pk]),
        {"title": "补充协议：增加实训岗位", "summary": "岗位由 20 个增加到 30 个。"},
    )
    amendment = Agreement.objects.get(amends=agreement)
    assert response.url == amendment.get_absolute_url()
    assert amendment.number == f"{agreement.number}-B1"
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert renewal.get_absolute_url() in page and amendment.get_absolute_url() in page


def test_a_draft_cannot_be_renewed(personas, client):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    as_user(client, personas.secretariat)
    response = client.post(reverse("cooperation:agreement_renew", args=[agreement.pk]))
    assert response.status_code == 200
    assert "can be renewed" in errors(response)
    assert Agreement.objects.count() == 1


# Who sees what


def test_another_units_agreement_does_not_exist_for_you(personas, client):
    agreement = make_active_agreement(personas)
    as_user(client, personas.outsider)
    assert client.get(agreement.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("cooperation:agreement_terminate", args=[agreement.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    assert agreement.number not in client.get(reverse("cooperation:agreement_list")).content.decode()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE


def test_a_document_is_downloaded_only_by_the_parties_and_the_group(personas, client):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    document = services.add_document(agreement, personas.secretariat, DocumentKind.ATTACHMENT, scan())
    url = reverse("cooperation:agreement_document", args=[document.pk])
    assert client.get(url).status_code == 302  # to the login page
    assert as_user(client, personas.outsider).get(url).status_code == 404
    assert as_user(client, personas.teacher).get(url).status_code == 403
    assert as_user(client, personas.enterprise_staff).get(url).status_code == 200
    assert as_user(client, personas.supervisor).get(url).status_code == 200


def test_a_units_page_lists_its_agreements(personas, client):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    make_agreement(personas.secretariat, [personas.other_school, personas.enterprise], title="别校协议")
    page = as_user(client, personas.school_admin).get(
        reverse("members:unit_detail", args=[personas.school.pk])
    )
    assert [a.pk for a in page.context["agreements"]] == [agreement.pk]
    assert agreement.number in page.content.decode() and "别校协议" not in page.content.decode()
    # A teacher sees the unit's page but not its agreements.
    page = as_user(client, personas.teacher).get(reverse("members:unit_detail", args=[personas.school.pk]))
    assert page.context["agreements"] is None and agreement.number not in page.content.decode()


def test_the_register_filters_by_kind_and_status(personas, client):
    active = make_active_agreement(personas, title="在执行的协议")
    make_agreement(personas.secretariat, [personas.school, personas.enterprise], title="草稿协议")
    as_user(client, personas.secretariat)
    response = client.get(reverse("cooperation:agreement_list"), {"status": "active", "q": "执行"})
    assert [row.record for row in response.context["table"].page.object_list] == [active]


# Training needs


def need_form(**fields):
    data = {
        "kind": NeedKind.UPSKILLING,
        "title": "数控车工技能提升培训",
        "description": "一线员工的数控车床编程与操作",
        "industry": Industry.objects.get(code="C").pk,
        "major_categories": [MajorCategory.objects.get(code="46").pk],
        "headcount": "30",
        "starts_on": (TODAY + timedelta(days=30)).isoformat(),
        "ends_on": (TODAY + timedelta(days=35)).isoformat(),
        "place": "苏州工业园区",
        "deadline": (TODAY + timedelta(days=20)).isoformat(),
    }
    data.update(fields)
    return data


def test_from_need_to_draft_agreement(personas, client, django_capture_on_commit_callbacks):
    # The enterprise posts a need; its unit is the poster's, whatever the form says.
    as_user(client, personas.enterprise_staff)
    assert "Post a need" in client.get(reverse("cooperation:need_list")).content.decode()
    response = client.post(reverse("cooperation:need_add"), need_form(unit=personas.other_school.pk))
    need = TrainingNeed.objects.get()
    assert response.url == need.get_absolute_url()
    assert (need.unit, need.posted_by, need.status) == (
        personas.enterprise,
        personas.enterprise_staff,
        "open",
    )

    # A school finds it and answers.
    as_user(client, personas.school_staff)
    assert need.title in client.get(reverse("cooperation:need_list")).content.decode()
    page = client.get(need.get_absolute_url()).content.decode()
    assert reverse("cooperation:proposal_add", args=[need.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cooperation:proposal_add", args=[need.pk]),
            {"offer": "40 学时数控编程与实操", "teachers": "双师型教师 3 名", "schedule": "周末两天"},
        )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert (proposal.unit, proposal.submitted_by) == (personas.school, personas.school_staff)
    page = client.get(need.get_absolute_url()).content.decode()
    assert reverse("cooperation:proposal_add", args=[need.pk]) not in page  # answered once
    assert reverse("cooperation:proposal_withdraw", args=[proposal.pk]) in page

    # The enterprise accepts it, and turns the match into a draft agreement.
    as_user(client, personas.enterprise_admin)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "40 学时数控编程与实操" in page
    client.post(reverse("cooperation:proposal_accept", args=[proposal.pk]))
    need.refresh_from_db()
    proposal.refresh_from_db()
    assert (need.status, proposal.status) == (NeedStatus.MATCHED, ProposalStatus.ACCEPTED)
    draft_url = reverse("cooperation:need_draft_agreement", args=[need.pk])
    assert draft_url in client.get(need.get_absolute_url()).content.decode()
    response = client.post(draft_url)
    agreement = Agreement.objects.get()
    assert response.url == agreement.get_absolute_url()
    assert agreement.status == AgreementStatus.DRAFT
    assert [(p.role, p.unit) for p in agreement.parties.all()] == [
        (PartyRole.A, personas.enterprise),
        (PartyRole.B, personas.school),
    ]
    assert draft_url not in client.get(need.get_absolute_url()).content.decode()

    # The school still sees the need it answered, with its accepted proposal and the agreement.
    as_user(client, personas.school_admin)
    page = client.get(need.get_absolute_url())
    assert page.status_code == 200 and agreement.get_absolute_url() in page.content.decode()


def test_the_secretariat_posts_a_need_for_an_enterprise(personas, client):
    as_user(client, personas.secretariat)
    client.post(reverse("cooperation:need_add"), need_form(unit=personas.enterprise.pk))
    need = TrainingNeed.objects.get()
    assert (need.unit, need.posted_by) == (personas.enterprise, personas.secretariat)


def test_a_school_cannot_post_a_need(personas, client):
    as_user(client, personas.school_admin)
    assert "Post a need" not in client.get(reverse("cooperation:need_list")).content.decode()
    assert client.post(reverse("cooperation:need_add"), need_form()).status_code == 403
    assert not TrainingNeed.objects.exists()


def test_an_open_need_is_edited_and_a_matched_one_is_not(personas, client):
    need = make_need(personas.enterprise_admin)
    as_user(client, personas.enterprise_staff)
    response = client.post(reverse("cooperation:need_edit", args=[need.pk]), need_form(headcount="45"))
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.headcount, need.posted_by) == (45, personas.enterprise_admin)

    services.accept_proposal(make_proposal(need, personas.school_admin), by=personas.enterprise_admin)
    response = client.post(reverse("cooperation:need_edit", args=[need.pk]), need_form(headcount="50"))
    assert response.status_code == 200
    assert "Only an open need can be changed" in errors(response)


def test_a_proposal_to_a_need_past_its_date_is_refused(personas, client):
    need = make_need(personas.enterprise_admin)
    TrainingNeed.objects.filter(pk=need.pk).update(deadline=TODAY - timedelta(days=1))
    as_user(client, personas.school_admin)
    response = client.post(
        reverse("cooperation:proposal_add", args=[need.pk]),
        {"offer": "培训方案", "teachers": "王老师", "schedule": "七月"},
    )
    assert response.status_code == 200
    assert "no longer open for proposals" in errors(response)
    assert "培训方案" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_closed_need_is_gone_for_schools_that_did_not_answer(personas, client):
    need = make_need(personas.enterprise_admin)
    as_user(client, personas.enterprise_admin)
    client.post(reverse("cooperation:need_close", args=[need.pk]))
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED
    as_user(client, personas.school_admin)
    assert client.get(need.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("cooperation:proposal_add", args=[need.pk]),
        {"offer": "培训方案", "teachers": "王老师", "schedule": "七月"},
    )
    assert response.status_code == 404
    assert not Proposal.objects.exists()


def test_a_school_sees_only_its_own_proposal(personas, client):
    need = make_need(personas.enterprise_admin)
    make_proposal(need, personas.school_admin, offer="我校的方案")
    make_proposal(need, personas.outsider, offer="别校的方案")
    page = as_user(client, personas.school_staff).get(need.get_absolute_url()).content.decode()
    assert "我校的方案" in page and "别校的方案" not in page
    assert "/accept/" not in page
    page = as_user(client, personas.enterprise_staff).get(need.get_absolute_url()).content.decode()
    assert "我校的方案" in page and "别校的方案" in page
    assert page.count("/accept/") == 2


def test_visitors_see_open_needs_in_summary(personas, client):
    open_need = make_need(personas.enterprise_admin, title="公开的需求")
    closed = make_need(personas.enterprise_admin, title="已关闭的需求")
    services.close_need(closed, by=personas.enterprise_admin)
    make_proposal(open_need, personas.school_admin, offer="学校的方案内容")

    listing = client.get(reverse("cooperation:need_list")).content.decode()
    assert "公开的需求" in listing and "已关闭的需求" not in listing
    page = client.get(open_need.get_absolute_url())
    assert page.status_code == 200
    assert "学校的方案内容" not in page.content.decode() and page.context["proposals"] == []
    assert client.get(closed.get_absolute_url()).status_code == 404


def test_the_secretariat_follows_up_needs_nobody_answered_in_14_days(personas, client):
    old = make_need(personas.enterprise_admin, title="两周无人回应的需求")
    answered = make_need(personas.enterprise_admin, title="已有方案的旧需求")
    make_need(personas.enterprise_admin, title="新发布的需求")
    make_proposal(answered, personas.school_admin)
    TrainingNeed.objects.filter(pk__in=[old.pk, answered.pk]).update(
        created=timezone.now() - timedelta(days=15)
    )

    as_user(client, personas.secretariat)
    assert (
        reverse("cooperation:need_unanswered")
        in client.get(reverse("cooperation:need_list")).content.decode()
    )
    response = client.get(reverse("cooperation:need_unanswered"))
    assert [row.record for row in response.context["table"].page.object_list] == [old]
    # Schools have neither the page nor its filter.
    as_user(client, personas.school_admin)
    assert client.get(reverse("cooperation:need_unanswered")).status_code == 403
    assert "unanswered" not in client.get(reverse("cooperation:need_list")).context["filter"].form.fields


def test_a_suspended_unit_is_no_party_to_choose(personas, client):
    suspended = make_unit("已暂停的学院", status="suspended")
    as_user(client, personas.secretariat)
    response = client.post(
        reverse("cooperation:agreement_add"), agreement_form([personas.enterprise, suspended])
    )
    assert response.status_code == 200
    assert response.context["parties"].forms[1].has_error("unit")
    assert not Agreement.objects.exists()
