# A shim for tools that still build with setup.py (scrapyd-deploy builds the egg Scrapyd runs);
# everything is declared in pyproject.toml.
from setuptools import setup

setup()
