# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Read the printed forms back: a real PDF (wkhtmltopdf, as users get it), its
text extracted with pdftotext (poppler-utils)."""

import os
import subprocess
import tempfile
import unicodedata

# pdftotext reads some glyphs of the Noto CJK fonts back as the radicals or
# the traditional characters they share (⽉ for 月, 戶 for 户): NFKC folds the
# Kangxi radicals, this table the others that the forms print
RADICALS = str.maketrans(
    {"⺠": "民", "⻆": "角", "⻓": "长", "⻔": "门", "⻢": "马", "⻋": "车", "戶": "户"}
)


class ReportTester:
    """Mixed into ``HttpCase`` subclasses (wkhtmltopdf loads the forms'
    stylesheets from the test server, which reads the test's transaction)."""

    @classmethod
    def _setup_report_languages(cls, addons):
        for lang in ("zh_CN", "zh_TW"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(
            addons, ["zh_CN", "zh_TW"], overwrite=True
        )
        cls.env["ir.config_parameter"].sudo().set_param("report.url", cls.base_url())

    def _render_pdf(self, xmlid, records, user, lang="zh_CN"):
        """The PDF of report ``xmlid`` for ``records``, printed by ``user``."""
        report = self.env.ref(xmlid)
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang=lang, force_report_rendering=True)
            ._render_qweb_pdf(report.report_name, records.ids)
        )
        self.assertEqual(kind, "pdf")
        return content

    def _pdf_text(self, xmlid, records, user, lang="zh_CN"):
        """The text of that PDF, laid out as printed."""
        content = self._render_pdf(xmlid, records, user, lang=lang)
        dump = os.environ.get("OC_FORMS_DUMP")
        if dump:
            # to look at the forms: OC_FORMS_DUMP=/tmp/forms
            os.makedirs(dump, exist_ok=True)
            name = f"{self._testMethodName}-{xmlid.split('.')[-1]}-{lang}"
            with open(os.path.join(dump, f"{name}.pdf"), "wb") as pdf:
                pdf.write(content)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "form.pdf")
            with open(path, "wb") as pdf:
                pdf.write(content)
            text = subprocess.run(
                ["pdftotext", "-layout", "-enc", "UTF-8", path, "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        return unicodedata.normalize("NFKC", text).translate(RADICALS)
