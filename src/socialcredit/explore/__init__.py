"""`socialcredit explore`: a local web page over a synthetic town where a person moves the
rulebook's levers and the world's uncertainties and watches the figures and their price change.

`levers` says what can be moved, with units and ranges; `session.Explorer` runs a setting
beside no scoring and the starting policy on the same seeds; `figures` is what the page shows;
`server` serves the page (shipped in `static/`) and its JSON on 127.0.0.1 alone.
"""

from socialcredit.explore.server import Server
from socialcredit.explore.session import Explorer, SettingError, Town

__all__ = ["Explorer", "Server", "SettingError", "Town"]
