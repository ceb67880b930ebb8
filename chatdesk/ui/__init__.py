"""The desktop windows (Qt): one module per window, item models and widgets beside them."""

from chatdesk.ui import pyside_fix

pyside_fix.apply()  # before any signal is emitted: see the module
