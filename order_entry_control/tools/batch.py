# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Crons that handle a batch: one bad record never stops the others."""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def process_in_savepoints(records, process, what):
    """Run ``process(records)`` in one savepoint; when it fails, run it again
    record by record, each in its own savepoint, logging the records that fail.

    The whole batch costs what it cost before while nothing fails; a failing
    record is rolled back alone. Returns the records that were processed.
    """
    cr = records.env.cr
    try:
        with cr.savepoint():
            process(records)
        return records
    except Exception:
        if len(records) <= 1:
            _logger.exception("%s: %s failed and was skipped", what, records)
            return records.browse()
    done = records.browse()
    for record in records:
        try:
            with cr.savepoint():
                process(record)
            done |= record
        except Exception:
            _logger.exception("%s: %s failed and was skipped", what, record)
    return done


def post_or_log(documents, bodies, subtype_id):
    """Give each document of ``bodies`` (``{res_id: text}``, documents of one
    model) one message with the subtype ``subtype_id``, as principle 7 wants.

    The subtypes used here are not default ones, so followers rarely
    subscribe to them: the documents none of whose followers did get their
    messages logged in one batch (nobody to notify), then the subtype set in
    one statement (the ORM would update 100 rows a statement); the others go
    through ``message_post``, which notifies the subscribed followers."""
    documents = documents.browse(list(bodies))
    followed = {
        res_id
        for [res_id] in documents.env["mail.followers"]
        .sudo()
        ._read_group(
            [
                ("res_model", "=", documents._name),
                ("res_id", "in", documents.ids),
                ("subtype_ids", "in", subtype_id),
            ],
            ["res_id"],
        )
    }
    for document in documents.filtered(lambda d: d.id in followed):
        document.message_post(body=bodies[document.id], subtype_id=subtype_id)
    quiet = documents.filtered(lambda d: d.id not in followed)
    if not quiet:
        return
    messages = quiet._message_log_batch(
        {doc_id: bodies[doc_id] for doc_id in quiet.ids}
    )
    messages.flush_recordset()
    documents.env.cr.execute(
        SQL(
            "UPDATE mail_message SET subtype_id = %s WHERE id = ANY(%s)",
            subtype_id,
            messages.ids,
        )
    )
    messages.invalidate_recordset(["subtype_id"])
