# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import controllers
from .hooks import uninstall_hook
from . import models
from . import tools
from . import wizards
