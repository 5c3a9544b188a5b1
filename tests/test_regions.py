"""Regions from the national division codes: lookups, profiles that give only a code or a name, a column per 街道."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.profiles import ProfileError, load_profile_file
from govnews.regions import division_table, place_of
from govnews.runs import clock

QUANCHENGLU = {"province": "山东省", "city": "济南市", "district": "历下区", "subdistrict": "泉城路街道", "code": "370102004000"}


def govnews(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govnews", *args], capture_output=True, text=True, timeout=600,
                          env=env or dict(os.environ))


def test_the_table_is_the_whole_2023_edition():
    table = division_table()
    levels = [p.level for p in table.all_places()]
    assert len(table) == 44_703
    assert (levels.count("province"), levels.count("city"), levels.count("district"), levels.count("township")) == (
        31, 342, 2_978, 41_352)


def test_regions_command_prints_code_and_names():
    result = govnews("regions", "泉城路街道")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "370102004000 山东省 济南市 历下区 泉城路街道\n"


def test_regions_command_lists_every_place_of_a_repeated_name_and_a_districts_townships():
    result = govnews("regions", "东风街道", "--limit", "0")
    lines = result.stdout.splitlines()
    assert len(lines) == 13 and all(line.split()[-1] == "东风街道" and len(line.split()[0]) == 12 for line in lines)
    children = govnews("regions", "济南市历下区", "--children").stdout.splitlines()
    assert "370102004000 山东省 济南市 历下区 泉城路街道" in children and len(children) == 13


def test_regions_command_says_when_nothing_matches():
    result = govnews("regions", "不存在的街道")
    assert result.returncode == 1
    assert result.stderr.strip() == "govnews regions: no place matches '不存在的街道' in the national division codes (统计用区划代码 2023)"


@pytest.mark.parametrize("query", ["370102004000", "370102004", "历下区泉城路街道", "济南市 历下区 泉城路街道", "济南 历下 泉城路",
                                   "泉城路街道办事处", "山东省/济南市/历下区/泉城路街道"])
def test_a_place_by_code_or_by_names_from_any_level(query):
    assert place_of(query).region() == QUANCHENGLU


def test_codes_of_every_level_and_municipalities():
    table = division_table()
    assert str(table.place("370100000000")) == "370100000000 山东省 济南市"
    assert str(table.place("370102000000")) == "370102000000 山东省 济南市 历下区"
    assert table.place("110101001000").region()["city"] == "北京市"  # not the table's 市辖区
    assert table.place("419001000000").region()["city"] is None  # 济源市: a county under the province itself
    assert table.place("370102004001") is None  # a village: below the table


def _profile(tmp_path, region: str, columns: str = "", name: str = "lixia-test"):
    text = (f'id = "{name}"\nname = "历下区人民政府"\nfamily = "trs"\n[region]\n{region}\n[status]\nstate = "unverified"\n'
            f'[[columns]]\nname = "要闻"\nurl = "http://127.0.0.1:9/list/"\n{columns}')
    path = tmp_path / f"{name}.toml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("region", ['code = "370102004000"', 'code = "370102004"',
                                    'district = "历下区"\nsubdistrict = "泉城路街道"',
                                    'province = "山东省"\ncity = "济南市"\ndistrict = "历下区"\nsubdistrict = "泉城路街道"'])
def test_a_profile_gives_a_code_or_a_name_with_its_district(tmp_path, region):
    assert load_profile_file(_profile(tmp_path, region)).region == QUANCHENGLU


def test_names_the_profile_gives_are_kept_as_written():
    region = load_profile_file(_profile_path("pingtan")).region
    assert region == {"province": "福建省", "city": "福州市", "district": "平潭县（平潭综合实验区）", "subdistrict": None,
                      "code": "350128000000"}


def _profile_path(site_id: str):
    from govnews.profiles import profile_paths

    return profile_paths()[site_id]


@pytest.mark.parametrize(("region", "field", "message"), [
    ('code = "330199001000"', "region.code",
     "'330199001000' is not in the national division codes (统计用区划代码 2023); expected a code that `govnews regions "
     "NAME` prints, or lookup = false for a place the table lacks"),
    ('code = "3701"', "region.code", "'3701' is not a 12- or 9-digit code"),
    ('code = "370102004000"\ndistrict = "历城区"', "region.district",
     "'历城区' disagrees with code 370102004000, which is 370102004000 山东省 济南市 历下区 泉城路街道; "
     "expected district = '历下区', or the code of 历城区"),
    ('district = "路南区"\nsubdistrict = "文北街道"', "region.subdistrict",
     "'文北街道' is not a 街道, 镇 or 乡 of 路南区 in the national division codes (统计用区划代码 2023); "
     "expected perhaps 130202006000 河北省 唐山市 路南区 文化北后街街道"),
    ('lookup = "no"', "region.lookup", "'no' is not true or false"),
])
def test_a_region_the_codes_do_not_know_is_a_profile_error(tmp_path, region, field, message):
    path = _profile(tmp_path, region)
    with pytest.raises(ProfileError) as err:
        load_profile_file(path)
    assert err.value.field == field
    assert str(err.value).startswith(f"{path}: {field}: {message}")


def test_a_name_that_matches_several_places_lists_them_with_their_codes(tmp_path):
    with pytest.raises(ProfileError) as err:
        load_profile_file(_profile(tmp_path, 'subdistrict = "东风街道"'))
    assert err.value.field == "region.subdistrict"
    assert err.value.problem == "'东风街道' names 13 places"
    assert err.value.expected.startswith("region.code or region.district to choose one of: "
                                         "110111005000 北京市 北京市 房山区 东风街道; 130104016000 河北省 石家庄市 桥西区 东风街道;")
    assert err.value.expected.endswith("… and 5 more (`govnews regions` lists them all)")


def test_lookup_false_keeps_a_place_the_table_lacks(tmp_path):
    region = load_profile_file(_profile(tmp_path, 'lookup = false\ndistrict = "示例区"\ncode = "330199001000"')).region
    assert region == {"province": None, "city": None, "district": "示例区", "subdistrict": None, "code": "330199001000"}


def test_a_column_names_its_own_subdistrict_inside_the_sites_district(tmp_path):
    columns = ('region = "泉城路街道"\n[[columns]]\nname = "大明湖"\nurl = "http://127.0.0.1:9/dmh/"\nregion = "370102005000"\n'
               '[[columns]]\nname = "区里"\nurl = "http://127.0.0.1:9/qu/"\n')
    profile = load_profile_file(_profile(tmp_path, 'code = "370102000000"', columns))
    assert profile.region["subdistrict"] is None and profile.region["district"] == "历下区"
    assert profile.for_column("要闻").region == QUANCHENGLU
    assert profile.for_column("大明湖").region["subdistrict"] == "大明湖街道"
    assert profile.for_column("区里") is profile and profile.for_column(None) is profile


def test_a_columns_region_that_names_several_places_in_the_sites_region_is_an_error(tmp_path):
    columns = 'region = "东风街道"\n'
    with pytest.raises(ProfileError) as err:
        load_profile_file(_profile(tmp_path, 'province = "黑龙江省"', columns))
    assert err.value.field == "columns[0].region" and err.value.problem == "'东风街道' names 4 places"
    candidates = err.value.expected.split(": ", 1)[1].split("; ")
    assert len(candidates) == 4 and all(c.split()[1] == "黑龙江省" for c in candidates)  # looked for inside the site first


DISTRICT_PORTAL = """id = "lixia-jddt"
name = "历下区人民政府 · 街道动态"
family = "trs"

[region]
district = "历下区"
city = "济南市"

[status]
state = "unverified"
how = "a test: the demo portal's 街道动态 columns, placed in 历下区"

[pagination]
kind = "trs"

[[columns]]
name = "泉城路街道"
url = "{base}/trs/jddt/xfjd/index.html"
region = "泉城路街道"

[[columns]]
name = "大明湖街道"
url = "{base}/trs/jddt/gmjd/index.html"
region = "370102005000"
"""


@pytest.mark.e2e
def test_records_from_one_host_carry_each_columns_subdistrict(tmp_path):
    """A district portal's 街道动态: one column per 街道 on one host, each record with its own sub-district."""
    profiles, out = tmp_path / "profiles", tmp_path / "out"
    profiles.mkdir()
    with DemoPortal(DemoWorld(clock.china_today(), 2)) as portal:
        (profiles / "lixia-jddt.toml").write_text(DISTRICT_PORTAL.format(base=portal.base_url), "utf-8")
        env = dict(os.environ, GOVNEWS_PROFILES_DIR=str(profiles))
        result = govnews("crawl", "--site", "lixia-jddt", "--out", str(out), "--no-delay", "--max-pages", "1",
                         "--progress", "off", env=env)
    assert result.returncode in (0, 1), result.stderr
    run = next((out / "runs").iterdir())
    records = [json.loads(line) for line in (run / "articles.jsonl").read_text("utf-8").splitlines()]
    by_column: dict[str, set[str]] = {}
    for record in records:
        by_column.setdefault(record["column"], set()).add(json.dumps(record["region"], ensure_ascii=False, sort_keys=True))
    assert set(by_column) == {"泉城路街道", "大明湖街道"}
    assert by_column["泉城路街道"] == {json.dumps(QUANCHENGLU, ensure_ascii=False, sort_keys=True)}
    assert [json.loads(r)["code"] for r in by_column["大明湖街道"]] == ["370102005000"]
