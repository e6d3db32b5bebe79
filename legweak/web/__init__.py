"""The web app for people with weak legs: server-rendered pages over the one service.

A thin adapter, like the terminal and the API: it reads the interview named by
the session cookie, asks the `Checker`, and renders templates. No JavaScript, no
third-party assets; the security headers come from the app's one middleware.
"""

from legweak.web.app import install
from legweak.web.render import not_found_page

__all__ = ["install", "not_found_page"]
