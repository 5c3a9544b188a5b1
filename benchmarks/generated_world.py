"""A generated portal world of any size, for soak runs: N articles in TRS-style sub-district columns.

``GeneratedWorld(articles=50_000, columns=50)`` answers ``handle(method, path, headers, body)`` as
:class:`~govnews.demo.world.DemoWorld` does, so :class:`~govnews.demo.server.DemoPortal` serves it.
Nothing is held in memory: every listing and article page is rendered on demand from a generator
seeded with the column and the article's index, so the same world always serves the same bytes.

    python benchmarks/generated_world.py --articles 50000    # prints its base URL, serves until killed
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import re
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from govnews.demo.chrome import Response, esc, html_page, respond
from govnews.demo.server import DemoPortal
from govnews.runs import clock

PLACES = ("安宁 白云 长青 朝阳 春晖 翠屏 东湖 丰乐 福田 光华 广济 桂花 和丰 河西 红星 湖滨 华林 惠民 金沙 锦江 "
          "晋阳 静安 康乐 兰亭 黎明 临江 柳荫 龙泉 鹿鸣 梅园 明珠 南湖 清河 秋实 仁和 瑞金 沙河 山水 胜利 石桥 "
          "双塔 水西 松林 太平 桃源 天宁 西苑 向阳 新城 兴隆").split()
TOPICS = ("垃圾分类 安全生产 文明创建 防汛防台 老旧小区改造 就业帮扶 基层治理 平安建设 消防安全 爱国卫生 "
          "营商环境 养老服务 托育服务 河长制 扫黑除恶 疫苗接种 人口普查 退役军人服务 社区矫正 禁毒宣传").split()
ACTS = "召开 部署 推进 开展 组织 举办 启动 落实".split()
EVENTS = "工作推进会 专题会议 动员大会 集中行动 宣传活动 培训班 督查检查 现场观摩会".split()
WHO = ("街道机关干部 社区书记 网格员 志愿者 辖区居民 物业企业负责人 党员代表 楼道长 退休教师 "
       "派出所民警 卫生服务中心医生 驻区单位代表").split()
DOES = ("走访入户 排查隐患 发放宣传资料 开展政策宣讲 收集意见建议 清理卫生死角 登记困难群众 "
        "核查台账资料 组织应急演练 调解邻里纠纷 检查消防设施 张贴倡议书").split()
RESULTS = ("群众满意度明显提升 问题整改率达到百分之百 长效机制进一步完善 辖区环境持续改善 "
           "服务质量稳步提高 安全底线更加牢固 工作台账全部建立 各项任务按期完成").split()
CHINA = dt.timezone(dt.timedelta(hours=8))
_LISTING = re.compile(r"^/gen/c(\d{3})/index(?:_(\d+))?\.html$")
_ARTICLE = re.compile(r"^/gen/c(\d{3})/(\d{6})/t(\d{8})_(\d{3})(\d{6})\.html$")


@dataclass(frozen=True)
class GeneratedArticle:
    site: str
    path: str
    title: str
    published: str  # as the record gives it: YYYY-MM-DDTHH:MM+08:00
    source: str
    paragraphs: tuple[str, ...]


class GeneratedWorld:
    """``articles`` articles spread over ``columns`` columns (the first ones get the remainder)."""

    def __init__(self, articles: int = 50_000, columns: int = 50, per_page: int = 20, seed: str = "soak",
                 today: dt.date | None = None) -> None:
        if not 1 <= columns <= 999 or articles < columns:
            raise ValueError("need 1–999 columns and at least one article per column")
        self.articles, self.columns, self.per_page, self.seed = articles, columns, per_page, seed
        self.today = today or clock.china_today()  # articles end yesterday: never in the future

    # --- what a complete crawl must find -------------------------------------------------------

    def site_ids(self) -> list[str]:
        return [site_id(c) for c in range(self.columns)]

    def column_size(self, column: int) -> int:
        base, extra = divmod(self.articles, self.columns)
        return base + (column < extra)

    def page_count(self, column: int) -> int:
        return math.ceil(self.column_size(column) / self.per_page)

    def listing_count(self) -> int:
        return sum(self.page_count(c) for c in range(self.columns))

    def expected_urls(self, column: int, base_url: str) -> Iterator[str]:
        return (base_url + self.article_path(column, k) for k in range(self.column_size(column)))

    def profile_toml(self, column: int, base_url: str) -> str:
        """The site profile of one column (for ``GOVNEWS_PROFILES_DIR``)."""
        place = PLACES[column % len(PLACES)]
        return (f'id = "{site_id(column)}"\nname = "生成区人民政府 · {place}街道"\nfamily = "trs"\n\n'
                f'[region]\nprovince = "浙江省"\ncity = "生成市"\ndistrict = "生成区"\nsubdistrict = "{place}街道"\n'
                'lookup = false\n\n'  # made-up places: not in the national division codes
                f'[status]\nstate = "unverified"\nhow = "the generated soak portal (benchmarks/generated_world.py)"\n\n'
                f'[pagination]\nkind = "trs"\n\n[[columns]]\nname = "街道动态"\n'
                f'url = "{base_url}/gen/c{column:03d}/index.html"\nmax_pages = {self.page_count(column)}\n')

    # --- articles ------------------------------------------------------------------------------

    def when(self, column: int, k: int) -> dt.datetime:
        """Article k of a column (0 is the newest): one every ~17 hours, going back from yesterday."""
        newest = dt.datetime.combine(self.today - dt.timedelta(days=1), dt.time(9, 30))
        return newest - dt.timedelta(minutes=k * 1020 + column * 7)

    def article_path(self, column: int, k: int) -> str:
        when = self.when(column, k)
        return f"/gen/c{column:03d}/{when:%Y%m}/t{when:%Y%m%d}_{column:03d}{k:06d}.html"

    def article(self, column: int, k: int) -> GeneratedArticle:
        rng = random.Random(f"{self.seed}/{column}/{k}")
        place = PLACES[column % len(PLACES)]
        topic = rng.choice(TOPICS)
        title = f"{place}街道{rng.choice(ACTS)}{topic}{rng.choice(EVENTS)}"
        when = self.when(column, k)
        first = f"{when.month}月{when.day}日，{title}，{rng.choice(WHO)}等{rng.randint(12, 300)}人参加。"
        rest = tuple(self._sentence(rng, topic) + self._sentence(rng, topic) for _ in range(rng.randint(2, 5)))
        return GeneratedArticle(site_id(column), self.article_path(column, k), title, f"{when:%Y-%m-%dT%H:%M}+08:00",
                                f"{place}街道办事处", (first, *rest))

    @staticmethod
    def _sentence(rng: random.Random, topic: str) -> str:
        return (f"{rng.choice(WHO)}{rng.choice(DOES)}{rng.randint(2, 980)}次，围绕{topic}{rng.choice(DOES)}，"
                f"{rng.choice(RESULTS)}，累计{rng.choice(DOES)}{rng.randint(3, 9999)}户。")

    # --- serving -------------------------------------------------------------------------------

    def handle(self, method: str, path_and_query: str, headers: Mapping[str, str], body: bytes) -> Response:
        if method not in ("GET", "HEAD"):
            return respond(405, b"405 Method Not Allowed\n", "text/plain; charset=utf-8")
        path = path_and_query.split("?", 1)[0]
        if path == "/robots.txt":
            return respond(200, b"User-agent: *\nDisallow: /private/\n", "text/plain; charset=utf-8")
        if (m := _LISTING.match(path)) and int(m[1]) < self.columns:
            column, page = int(m[1]), int(m[2] or 0)
            if (m[2] is None or page > 0) and page < self.page_count(column):
                return self._listing(column, page)
        if (m := _ARTICLE.match(path)) and int(m[4]) == int(m[1]) < self.columns:
            column, k = int(m[1]), int(m[5])
            if k < self.column_size(column) and self.article_path(column, k) == path:
                return self._article(self.article(column, k))
        return html_page("<html><body><h1>您访问的页面不存在</h1></body></html>", status=404)

    def _listing(self, column: int, page: int) -> Response:
        place = PLACES[column % len(PLACES)]
        start = page * self.per_page
        entries = []
        for k in range(start, min(start + self.per_page, self.column_size(column))):
            a = self.article(column, k)
            entries.append(f'<li><a href=".{a.path.removeprefix(f"/gen/c{column:03d}")}" title="{esc(a.title)}" '
                           f'target="_blank">{esc(a.title)}</a><span>{a.published[:10]}</span></li>')
        return html_page(
            f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<meta name="ColumnName" content="街道动态">\n'
            f"<title>{place}街道_街道动态_生成区人民政府</title>\n</head>\n<body>\n<div class=\"list\"><ul>\n"
            + "\n".join(entries) + f'\n</ul>\n<div class="page" id="page_div"><script>createPageHTML({self.page_count(column)}, '
            f'{page}, "index", "html");</script></div></div>\n</body>\n</html>\n')

    def _article(self, a: GeneratedArticle) -> Response:
        shown = a.published[:16].replace("T", " ")
        body = "\n".join(f'<p style="text-indent:2em">{esc(p)}</p>' for p in a.paragraphs)
        return html_page(
            f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<meta name="SiteName" content="生成区人民政府">\n'
            f'<meta name="ColumnName" content="街道动态">\n<meta name="ArticleTitle" content="{esc(a.title)}">\n'
            f'<meta name="PubDate" content="{shown}">\n<meta name="ContentSource" content="{esc(a.source)}">\n'
            f"<title>{esc(a.title)}_街道动态_生成区人民政府</title>\n</head>\n<body>\n"
            f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="../">街道动态</a></div>\n'
            f'<div class="article">\n<h1>{esc(a.title)}</h1>\n<div class="info">发布时间：{shown}　来源：{esc(a.source)}</div>\n'
            f'<div id="zoom"><div class=TRS_Editor>\n{body}\n</div></div>\n</div>\n'
            f'<div class="footer"><p>版权所有：生成区人民政府</p></div>\n</body>\n</html>\n')


def site_id(column: int) -> str:
    return f"gen-c{column:03d}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python benchmarks/generated_world.py", description="serve a generated soak portal")
    p.add_argument("--articles", type=int, default=50_000)
    p.add_argument("--columns", type=int, default=50)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--today", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today in China)")
    args = p.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with DemoPortal(GeneratedWorld(args.articles, args.columns, today=args.today), port=args.port) as portal:
        portal.requests = _Discard()  # a soak sends 100,000 requests: count none of them in memory
        print(portal.base_url, flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
    return 0


class _Discard(list):
    def append(self, item: object) -> None:
        pass


if __name__ == "__main__":
    sys.exit(main())
