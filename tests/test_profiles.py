"""Site profiles: every shipped profile loads; bad ones fail before any request, naming file and field."""

from __future__ import annotations

import re

import pytest

from govnews.profiles import ProfileError, all_profiles, load_profile_file, profile_paths, select_profiles

GOOD = """
id = "demo-good"
name = "示例区人民政府"
family = "trs"
[region]
province = "山东省"
code = "370102004000"
[status]
state = "unverified"
[[columns]]
name = "街道动态"
url = "{demo}/trs/jddt/index.html"
"""


def test_shipped_profiles_load_and_are_named_after_their_files():
    profiles = all_profiles()
    assert profiles
    for profile in profiles:
        assert profile_paths()[profile.id].name == f"{profile.id}.toml"
        assert profile.columns and profile.allowed_domains


def _write(tmp_path, text: str, name: str = "demo-good"):
    path = tmp_path / f"{name}.toml"
    path.write_text(text, "utf-8")
    return path


def test_good_profile(tmp_path):
    profile = load_profile_file(_write(tmp_path, GOOD), demo_url="http://127.0.0.1:9999")
    assert profile.columns[0].url == "http://127.0.0.1:9999/trs/jddt/index.html"
    assert profile.allowed_domains == ("127.0.0.1",)
    # The code alone names the place: the division codes fill in the rest.
    assert profile.region == {"province": "山东省", "city": "济南市", "district": "历下区", "subdistrict": "泉城路街道",
                              "code": "370102004000"}


@pytest.mark.parametrize(("change", "field"), [
    (lambda t: t.replace('family = "trs"', 'family = "wordpress"'), "family"),
    (lambda t: t.replace('name = "示例区人民政府"\n', ""), "name"),
    (lambda t: t.replace('id = "demo-good"', 'id = "Demo Good"'), "id"),
    (lambda t: t.replace('id = "demo-good"', 'id = "demo-other"'), "id"),
    (lambda t: t.replace('code = "370102004000"', 'code = "3301"'), "region.code"),
    (lambda t: t.replace('state = "unverified"', 'state = "verified"'), "status.date"),
    (lambda t: t + '[article]\ntitle = "div[[["\n', "article.title"),
    (lambda t: t + '[article]\nbody = "//div[@id="\n', "article.body"),
    (lambda t: t + '[article]\nheadline = "h1"\n', "article.headline"),
    (lambda t: t + '[listing]\nentry = "li:nth-child(x)"\n', "listing.entry"),
    (lambda t: t + '[pagination]\nkind = "infinite"\n', "pagination.kind"),
    (lambda t: t + '[pagination]\nkind = "hanweb"\nperpage = "15"\n', "pagination.perpage"),
    (lambda t: t + '[pagination]\nkind = "json_page"\n', "pagination.api"),
    (lambda t: t + '[politeness]\ndelay = -1\n', "politeness.delay"),
    (lambda t: 'encoding = "klingon"\n' + t, "encoding"),
    (lambda t: t.replace('url = "{demo}/trs/jddt/index.html"', 'url = "ftp://x"'), "columns[0].url"),
    (lambda t: 'colour = "red"\n' + t, "colour"),
    (lambda t: t + 'max_pages = 0\n', "columns[0].max_pages"),
    (lambda t: t + 'depth = 2\n', "columns[0].depth"),
    (lambda t: t + '[politeness]\ndelay = inf\n', "politeness.delay"),
    (lambda t: t + '[politeness]\ndelay = nan\n', "politeness.delay"),
    (lambda t: t.replace('state = "unverified"', 'state = "unverified"\ndate = "2026-02-30"'), "status.date"),
    (lambda t: t.replace('state = "unverified"', 'state = "verified"\ndate = "2026-2-3"\nhow = "x"'), "status.date"),
    (lambda t: t.replace('state = "unverified"', 'state = "unverified"\ndate = 2026-02-03T08:00:00'), "status.date"),
    (lambda t: t.replace("{demo}/trs", "http://[::1/trs"), "columns[0].url"),
    (lambda t: t.replace("{demo}/trs", "http://127.0.0.1:18765a/trs"), "columns[0].url"),
    (lambda t: t.replace("{demo}/trs", "http://127.0.0.1:99999/trs"), "columns[0].url"),
    (lambda t: t.replace("{demo}/trs", "www.x.gov.cn/trs"), "columns[0].url"),
])
def test_invalid_profile_names_file_and_field(tmp_path, change, field):
    path = _write(tmp_path, change(GOOD))
    with pytest.raises(ProfileError) as err:
        load_profile_file(path)
    assert err.value.field == field
    assert str(err.value).startswith(f"{path}: {field}: ")


def test_invalid_toml_names_the_file_and_line(tmp_path):
    path = tmp_path / "my-site.toml"
    path.write_text('id = "my-site"\nname = "示例\n', "utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile_file(path)
    assert str(err.value) == f"{path}: line 2: invalid TOML (illegal character '\\n' at column 11)"


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.replace('id = "demo-good"', 'id = "my-site"'),
     "id: 'my-site' differs from the file name 'demo-good.toml'; expected id = 'demo-good', "
     "or the file renamed to 'my-site.toml' (one slug everywhere)"),
    (lambda t: t.replace('family = "trs"', 'family = "wordpress"'),
     "family: 'wordpress' is not a known CMS family; expected one of trs, hanweb, ucap, vsb, platform, generic"),
    (lambda t: t + '[politeness]\ndelay = -1\n', "politeness.delay: -1 is less than 0; expected a number ≥ 0"),
    (lambda t: t + '[politeness]\ndelay = inf\n', "politeness.delay: inf is not a finite number; expected a number ≥ 0"),
    (lambda t: t.replace('state = "unverified"', 'state = "verified"\ndate = "2026-02-30"\nhow = "x"'),
     "status.date: '2026-02-30' is not a date; expected the date of verification (YYYY-MM-DD)"),
    (lambda t: t.replace("{demo}/trs", "http://[::1/trs"),
     "columns[0].url: 'http://[::1/trs/jddt/index.html' is not a valid URL (a malformed [IPv6] host)"),
    (lambda t: t.replace('name = "示例区人民政府"\n', ""), "name: missing; expected a non-empty string"),
])
def test_errors_say_what_is_wrong_and_what_would_be_right(tmp_path, change, message):
    path = _write(tmp_path, change(GOOD))
    with pytest.raises(ProfileError) as err:
        load_profile_file(path)
    assert str(err.value) == f"{path}: {message}"


def test_globs_and_unknown_ids(tmp_path):
    assert [p.id for p in select_profiles(["ping*"])] == ["pingtan"]
    with pytest.raises(LookupError, match=re.escape("unknown site 'nowhere-*'")):
        select_profiles(["nowhere-*"])


def test_a_real_date_and_a_finite_delay_are_kept(tmp_path):
    text = GOOD.replace('state = "unverified"', 'state = "verified"\ndate = "2024-02-29"\nhow = "x"')
    profile = load_profile_file(_write(tmp_path, text + "[politeness]\ndelay = 0.5\n"))
    assert (profile.status.date, profile.delay) == ("2024-02-29", 0.5)


def test_a_bad_demo_url_is_named_where_a_profile_uses_it(tmp_path):
    path = _write(tmp_path, GOOD)
    with pytest.raises(ProfileError) as err:
        load_profile_file(path, demo_url="http://[::1")
    assert str(err.value) == (f"{path}: columns[0].url: {{demo}} is GOVNEWS_DEMO_URL, and 'http://[::1' is not a valid URL "
                              "(a malformed [IPv6] host); expected the demo portal's address, such as http://127.0.0.1:8765")
