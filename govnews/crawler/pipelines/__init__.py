"""Item pipelines of govnews, one concern each."""
