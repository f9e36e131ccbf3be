# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain checks of a customer's identity data, without the ORM: the full legal
name of a Chinese company (a legal-form ending, or a valid unified social
credit code, 统一社会信用代码) and the form of a phone number.
"""

import re

from stdnum.cn import uscc

# The legal forms a registered name ends with; the entry check's own list
# (editable on the rule) starts from this one. The English renderings are
# those of names registered in English.
DEFAULT_LEGAL_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "厂",
    "店",
    "合作社",
    "事务所",
    "Co., Ltd.",
    "Co., Ltd",
    "Company Limited",
    "Limited",
    "Ltd.",
)
# A phone number as people write it: digits, spaces, dashes, dots, brackets,
# a leading + and an optional extension.
PHONE_RE = re.compile(r"^\+?[\d\s().\-/]+((ext\.?|x|转)\s*\d{1,6})?$", re.IGNORECASE)


def parse_legal_forms(text):
    """The legal-form endings of a rule's list, one per line (an ending such
    as "Co., Ltd." holds a comma)."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def has_legal_form(name, legal_forms):
    """Whether ``name`` ends with one of ``legal_forms`` (case-insensitive)."""
    name = (name or "").strip().rstrip("。").casefold()
    return any(
        form and name.endswith(form.casefold()) and len(name) > len(form)
        for form in legal_forms
    )


def uscc_candidates(*values):
    """The values that look like a unified social credit code (18 characters
    once spaces and dashes are removed, optionally prefixed with CN)."""
    found = []
    for value in values:
        code = re.sub(r"[\s\-]", "", value or "").upper()
        if code.startswith("CN") and len(code) == 20:
            code = code[2:]
        if len(code) == 18:
            found.append(code)
    return found


def is_valid_uscc(code):
    """Whether ``code`` is a valid unified social credit code (check digit)."""
    return uscc.is_valid(code)


def is_phone_form(number):
    """Whether ``number`` has the form of a phone number: 7 to 15 digits
    (ITU-T E.164) in the usual separators."""
    number = (number or "").strip()
    if not number or not PHONE_RE.match(number):
        return False
    main = re.split(r"(?i)ext\.?|x|转", number)[0]
    digits = sum(char.isdigit() for char in main)
    return 7 <= digits <= 15
