# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .hooks import uninstall_hook
from . import controllers
from . import models
from . import report
from . import wizards
