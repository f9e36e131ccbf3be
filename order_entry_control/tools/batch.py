# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Crons that handle a batch: one bad record never stops the others."""

import logging

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
