# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The repository's ``oc`` command as a module, loaded once for the scripts
of this folder that use it (``load.py``, ``scale.py``) and their helpers."""

import importlib.machinery
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
oc = importlib.machinery.SourceFileLoader("oc", os.path.join(ROOT, "oc")).load_module()
