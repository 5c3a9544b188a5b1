"""The bundled demo world: sub-district news sites rendered from templates and content data."""

# Where the demo profiles' ``{demo}`` points unless GOVNEWS_DEMO_URL says otherwise (``govnews portal``'s default).
DEFAULT_URL = "http://127.0.0.1:8765"
