"""The secretariat moves its member list in from Excel: uploads the file, sees the preview with
the row in error and why, fixes the file, uploads it again, confirms, and finds the new units in
the register — whose history names the import."""

import pytest
from playwright.sync_api import Page, expect

from members.models import MemberUnit
from tests.browser.steps import click_and_load, log_in, open_menu
from tests.imports.files import MEMBER_HEADER, csv_file, member_row, xlsx_file


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def save(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(xlsx_file([MEMBER_HEADER, *rows]).read())
    return path


def test_the_secretariat_imports_member_units_from_excel(page: Page, shot, personas, tmp_path):
    wrong = save(tmp_path, "members.xlsx", [member_row(1), member_row(2, province="江南"), member_row(3)])
    fixed = save(tmp_path, "members-fixed.xlsx", [member_row(1), member_row(2), member_row(3)])

    log_in(page, personas.secretariat.username)
    nav = page.get_by_role("navigation", name="Main")
    click_and_load(page, nav.get_by_role("link", name="Imports", exact=True))
    click_and_load(page, page.get_by_test_id("import-member_units"))
    expect(page.get_by_test_id("limits")).to_contain_text("20000 rows")
    page.get_by_label("File").set_input_files(wrong)
    shot(page, "upload")
    click_and_load(page, page.get_by_role("button", name="Upload and check"))

    # The preview opens on the row in error, with the reason; nothing can be confirmed.
    expect(page.get_by_test_id("job-has-errors")).to_contain_text("1 row has a problem")
    error_row = page.locator("tr[data-row='3']")
    expect(error_row).to_contain_text("Unknown province “江南”")
    expect(page.get_by_test_id("confirm")).to_have_count(0)
    shot(page, "preview-with-error")

    click_and_load(page, page.get_by_role("link", name="Upload the fixed file"))
    page.get_by_label("File").set_input_files(fixed)
    click_and_load(page, page.get_by_role("button", name="Upload and check"))
    expect(page.get_by_test_id("job-status")).to_have_text("Checked")
    page.get_by_role("link", name="All rows").click()
    expect(page.locator("tr[data-status='new']")).to_have_count(3)
    shot(page, "preview-fixed")
    click_and_load(page, page.get_by_test_id("confirm"))
    expect(page.get_by_test_id("job-done")).to_contain_text("Written: 3 new, 0 changed")
    shot(page, "imported")

    open_menu(page, "Members", "Register")
    page.get_by_label("Search").fill("导入单位2")
    click_and_load(page, page.get_by_role("button", name="Filter"))
    expect(page.get_by_test_id("result-count")).to_have_text("1 result")
    click_and_load(page, page.get_by_role("link", name="导入单位2"))
    expect(page.locator("main")).to_contain_text("（members-fixed.xlsx）")
    shot(page, "unit-with-history")

    click_and_load(page, nav.get_by_role("link", name="Imports", exact=True))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("members-fixed.xlsx")
    expect(rows.first).to_contain_text("Imported")
    shot(page, "history-of-imports")


def test_in_chinese_a_gbk_csv_with_its_own_headers_is_matched_by_hand(page: Page, shot, personas, tmp_path):
    """Excel on a Chinese Windows writes GBK; the secretariat's own header 机构代码 is matched to
    the credit code once, on the matching page, and the file is then checked and written."""
    header = ["机构代码", *MEMBER_HEADER[1:]]
    path = tmp_path / "名单.csv"
    path.write_bytes(csv_file([header, member_row(7), member_row(8)], "gbk").read())

    log_in(page, personas.secretariat.username)
    click_and_load(page, page.locator("button[name=language][value=zh-hans]"))
    page.goto("/imports/new/member_units/")
    page.get_by_label("文件").set_input_files(path)
    click_and_load(page, page.get_by_role("button", name="上传并校验"))

    expect(page.get_by_test_id("missing-columns")).to_contain_text("统一社会信用代码")
    page.get_by_label("机构代码").select_option("credit_code")
    shot(page, "matching-columns")
    click_and_load(page, page.get_by_test_id("save-columns"))
    expect(page.get_by_test_id("job-status")).to_have_text("已校验")
    shot(page, "checked")
    click_and_load(page, page.get_by_test_id("confirm"))
    expect(page.get_by_test_id("job-done")).to_contain_text("新增 2 条")
    assert MemberUnit.objects.filter(name_zh__in=["导入单位7", "导入单位8"]).count() == 2
