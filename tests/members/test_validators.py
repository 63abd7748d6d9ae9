"""Identifiers as people type them: each wrong code says what is wrong with it."""

import pytest
from django.core.exceptions import ValidationError

from members.validators import normalize_code, validate_credit_code, validate_phone
from tests.factories import credit_code

VALID = credit_code(31415)


def wrong_check_digit(code):
    return code[:-1] + ("1" if code[-1] != "1" else "2")


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (VALID, None),
        (VALID.lower(), None),
        (" ".join([VALID[:6], VALID[6:]]), None),
        ("".join(chr(ord(c) + 0xFEE0) for c in VALID), None),  # typed with a full-width keyboard
        ("91320500MA1", "length"),
        (VALID + "0", "length"),
        (VALID[:5] + "O" + VALID[6:], "alphabet"),
        (VALID[:5] + "I" + VALID[6:], "alphabet"),
        (VALID[:5] + "-" + VALID[6:], "alphabet"),
        (wrong_check_digit(VALID), "check_digit"),
        ("911100001000001234", "check_digit"),
    ],
)
def test_credit_code(value, error):
    if error is None:
        validate_credit_code(value)
        assert normalize_code(value) == VALID
        return
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(value)
    assert caught.value.code == error


def test_the_alphabet_error_names_the_character_and_its_place():
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(VALID[:5] + "Z" + VALID[6:])
    assert caught.value.params == {"position": 6, "char": "Z"}


@pytest.mark.parametrize(
    ("phone", "valid"),
    [
        ("13912345678", True),
        ("+86 13912345678", True),
        ("0512-66881234", True),
        ("010-12345678-801", True),
        ("1391234567", False),
        ("12912345678", False),
        ("phone me", False),
    ],
)
def test_phone(phone, valid):
    if valid:
        validate_phone(phone)
    else:
        with pytest.raises(ValidationError):
            validate_phone(phone)
