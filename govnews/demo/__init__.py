"""The bundled demo world: sub-district news sites rendered from templates and content data."""
