"""Distributed crawling on scrapy-redis: one shared frontier in Redis, one PostgreSQL store, one run.

``govnews seed`` opens the run and pushes the chosen sites' start requests into Redis; any number
of ``govnews worker`` processes, on any number of machines, pull from that frontier with
scrapy-redis's scheduler and dupefilter; the last worker to leave finishes the run (one feed, one
manifest). See the README's deployment section.
"""
