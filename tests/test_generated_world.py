"""The soak and archive benchmarks' generated portal (benchmarks/generated_world.py) gives profiles govnews
accepts: a benchmark that dies on its own profiles measures nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from govnews.profiles.loading import select_profiles

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generated_world import GeneratedWorld  # noqa: E402


def test_every_generated_column_is_a_valid_profile(tmp_path):
    world = GeneratedWorld(300, 3)
    for column, site_id in enumerate(world.site_ids()):
        (tmp_path / f"{site_id}.toml").write_text(world.profile_toml(column, "http://127.0.0.1:8000"), "utf-8")
    profiles = select_profiles(["gen-*"], extra_dir=str(tmp_path))
    assert [p.id for p in profiles] == world.site_ids()
    assert all(p.region["subdistrict"].endswith("街道") for p in profiles)
