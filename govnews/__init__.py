"""govnews: crawl Chinese local-government news into clean JSON records."""

__version__ = "0.1.0"
