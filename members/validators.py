"""Validation of identifiers used in the register."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 31 characters; I, O, Z, S and V are never used.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalize_code(value: str) -> str:
    """Full-width characters to ASCII, spaces removed, upper case — as people type codes."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).upper()


def uscc_check_digit(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """A unified social credit code: 18 characters from the GB 32100-2015 alphabet, the last
    one the check digit over the first 17."""
    code = normalize_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="length",
            params={"count": len(code)},
        )
    for position, char in enumerate(code, start=1):
        if char not in USCC_ALPHABET:
            raise ValidationError(
                _(
                    "Character %(position)d, “%(char)s”, cannot appear in a unified social credit code "
                    "(only digits and capital letters other than I, O, Z, S and V)."
                ),
                code="alphabet",
                params={"position": position, "char": char},
            )
    if uscc_check_digit(code[:17]) != code[17]:
        raise ValidationError(
            _("The check digit (the last character) does not match the first 17 characters: it is mistyped."),
            code="check_digit",
        )


validate_phone = RegexValidator(
    r"^(\+?\d{1,3}[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$",
    _("Enter a mobile number (11 digits starting with 1) or a landline such as 010-12345678."),
    code="phone",
)

validate_major_code = RegexValidator(
    r"^\d{6}$", _("A major code from the national catalogue has 6 digits, e.g. 510201."), code="major_code"
)
