"""What monitors look at: the run report page, Atom feeds and webhook notifications.

Pure functions over the data types of `govnews.monitor.model`, which the crawl fills at the end of
a run.
"""

from govnews.monitor.model import Change, RunReport, SiteHealth

__all__ = ["Change", "RunReport", "SiteHealth"]
