# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The records the three addons install (departments and their tasks,
milestone types, checks, review steps, desk cards, KPI definitions, activity
types...) read in Chinese for a Chinese user (issue 23, point 4)."""

from lxml import etree

from odoo.modules.module import get_manifest
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_open

ADDONS = ("order_entry_control", "order_tracking", "order_kpi")
# the translatable texts a user reads as a record's name or its task
TEXT_FIELDS = ("name", "default_task", "summary")
# texts that read the same in Chinese: none so far
SAME_IN_CHINESE = set()


@tagged("post_install", "-at_install")
class TestDataInChinese(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("zh_CN", "zh_TW"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(
            list(ADDONS), ["zh_CN", "zh_TW"], overwrite=True
        )
        cls.env.invalidate_all()

    def _data_records(self):
        """{xml id: record} of the records the addons' data files (not their
        demo) declare."""
        records = {}
        for addon in ADDONS:
            for path in get_manifest(addon)["data"]:
                if not path.endswith(".xml"):
                    continue
                with file_open(f"{addon}/{path}", "rb") as data_file:
                    tree = etree.parse(data_file)
                for node in tree.iterfind(".//record"):
                    xmlid = node.get("id")
                    xmlid = xmlid if "." in xmlid else f"{addon}.{xmlid}"
                    record = self.env.ref(xmlid, raise_if_not_found=False)
                    if record is not None:
                        records[xmlid] = record
        return records

    def _data_texts(self):
        """(xml id, field, record) of every translatable name, task or
        summary of the addons' data records."""
        for xmlid, record in self._data_records().items():
            for name in TEXT_FIELDS:
                field = record._fields.get(name)
                if field and field.translate is True and field.store:
                    yield xmlid, name, record

    def test_every_data_name_reads_in_chinese(self):
        checked = 0
        for xmlid, name, record in self._data_texts():
            english = record.with_context(lang="en_US")[name]
            if not english or (xmlid, name) in SAME_IN_CHINESE:
                continue
            checked += 1
            for lang in ("zh_CN", "zh_TW"):
                with self.subTest(record=xmlid, field=name, lang=lang):
                    self.assertNotEqual(record.with_context(lang=lang)[name], english)
        # departments (6, and their 6 tasks), milestone types (12), review
        # steps, checks, desk cards, KPI definitions, activity types, subtypes,
        # mail templates: well over 50
        self.assertGreater(checked, 50)

    def test_departments_and_tasks_in_chinese(self):
        production = self.env.ref("order_tracking.order_department_production")
        for lang, name, task in (
            ("en_US", "Production", "Plan and produce"),
            ("zh_CN", "生产", "计划与生产"),
            ("zh_TW", "生產", "計劃與生產"),
        ):
            with self.subTest(lang=lang):
                department = production.with_context(lang=lang)
                self.assertEqual(department.name, name)
                self.assertEqual(department.default_task, task)
