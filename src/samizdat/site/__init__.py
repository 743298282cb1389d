"""The mirror as a static HTML site: readable offline, from a folder, with no script
needed (search uses a little, and says so when it is off).

Knows nothing of the command line: ``build_site`` builds the site of a config's
mirror into a folder; ``SiteBuilder`` renders any selection of the mirror's pages into
a sink (the bundles use it).
"""

from samizdat.site._builder import BuildStats, SiteBuilder, SitePlan
from samizdat.site._output import DirectorySink, MemorySink
from samizdat.site._site import SiteResult, build_site, check_mirror, scan_pages

__all__ = [
    "BuildStats",
    "DirectorySink",
    "MemorySink",
    "SiteBuilder",
    "SitePlan",
    "SiteResult",
    "build_site",
    "check_mirror",
    "scan_pages",
]
