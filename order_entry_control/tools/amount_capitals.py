# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Amounts in Chinese capitals (大写金额) as written on Chinese invoices and
payment documents, free of the ORM.

The integer part is spelled by ``cn2an``; the yuan, jiao and fen are put
together here after the People's Bank of China rules for filling in bills
(《正确填写票据和结算凭证的基本规定》), which cn2an's ``rmb`` mode does not
follow in full (it drops 整 after 角 and the 零 after a yuan digit of 0):

- 整 after 元 or 角 when there is no 分 (壹拾元整, 伍角整); never after 分;
- 零 after 元 when the yuan digit is 0 and 角 is not (壹拾万元零壹角整);
- 零 after 元 when 角 is 0 and 分 is not (壹元零伍分);
- no 元 for amounts below one yuan (伍分), 零元整 for nothing.
"""

from decimal import ROUND_HALF_UP, Decimal

import cn2an

DIGITS = "零壹贰叁肆伍陆柒捌玖"


def amount_to_chinese_capitals(amount, prefix="人民币"):
    """Return ``amount`` (yuan, rounded half up to the fen) in Chinese capitals,
    after ``prefix``; negative amounts read 负…"""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "负" if value < 0 else ""
    fen_total = int(abs(value) * 100)
    yuan, cents = divmod(fen_total, 100)
    jiao, fen = divmod(cents, 10)
    if not fen_total:
        return f"{prefix}零元整"
    parts = []
    if yuan:
        parts.append(cn2an.an2cn(yuan, "up") + "元")
        if (jiao and yuan % 10 == 0) or (not jiao and fen):
            parts.append("零")
    if jiao:
        parts.append(DIGITS[jiao] + "角")
    if fen:
        parts.append(DIGITS[fen] + "分")
    else:
        parts.append("整")
    return prefix + sign + "".join(parts)
