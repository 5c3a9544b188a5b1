"""The Scrapy side: the spider and every Scrapy adapter (middlewares, robots.txt, pipelines, extensions, feed export)."""
