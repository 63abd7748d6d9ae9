"""Small builders for test data; every unit gets a valid, unique unified social credit code."""

import itertools

from members.choices import UnitKind
from members.models import Industry, Major, MemberUnit, User
from members.validators import uscc_check_digit

_serial = itertools.count(1)


def credit_code(serial: int | None = None) -> str:
    serial = next(_serial) if serial is None else serial
    first17 = f"91320500{serial:08d}0"[:17]
    return first17 + uscc_check_digit(first17)


def make_unit(
    name: str = "", kind: str = UnitKind.HIGHER_VOCATIONAL, industries=("C",), **fields
) -> MemberUnit:
    serial = next(_serial)
    unit = MemberUnit.objects.create(
        name_zh=name or f"测试单位{serial}",
        name_en=fields.pop("name_en", f"Test Unit {serial}"),
        kind=kind,
        credit_code=fields.pop("credit_code", credit_code(serial)),
        province=fields.pop("province", "32"),
        city=fields.pop("city", "苏州市"),
        contact_name=fields.pop("contact_name", "王老师"),
        contact_phone=fields.pop("contact_phone", "13800138000"),
        contact_email=fields.pop("contact_email", f"contact{serial}@example.cn"),
        **fields,
    )
    unit.industries.set(Industry.objects.filter(code__in=industries))
    return unit


def make_user(username: str, role: str, unit: MemberUnit | None = None, **fields) -> User:
    user = User(username=username, role=role, unit=unit, name=fields.pop("name", username), **fields)
    user.email = user.email or f"{username}@example.cn"
    user.set_password("pass-for-tests-1")
    user.save()
    return user


def make_major(unit: MemberUnit, code: str = "510201", name: str = "计算机应用技术", **fields) -> Major:
    major = Major(unit=unit, code=code, name=name, **fields)
    major.full_clean()
    major.save()
    return major
