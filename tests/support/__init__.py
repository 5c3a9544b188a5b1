"""Support for govnews's own tests and fixture tooling (golden cases, local servers)."""
