"""Site profiles and CMS family presets: what govnews knows about each site, declared, not coded.

``profile`` holds the validated form, ``checks`` validates a TOML table into it, ``loading`` finds and
reads the files; ``families/`` holds the presets and quirk hooks, ``sites/`` the package's own profiles.
"""

from .families import ARTICLE_FIELDS, FAMILIES
from .loading import all_profiles, build_profile, builtin_dir, load_profile_file, profile_dirs, profile_paths, select_profiles
from .profile import (
    LISTING_FIELDS,
    PAGINATION_PARAMS,
    Column,
    Pagination,
    ProfileError,
    SiteProfile,
    Status,
    check_selector,
    host_of,
)

__all__ = [
    "ARTICLE_FIELDS", "FAMILIES", "LISTING_FIELDS", "PAGINATION_PARAMS", "Column", "Pagination", "ProfileError",
    "SiteProfile", "Status", "all_profiles", "build_profile", "builtin_dir", "check_selector", "host_of",
    "load_profile_file", "profile_dirs", "profile_paths", "select_profiles",
]
