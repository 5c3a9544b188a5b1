"""``govnews regions QUERY``: places of the national division codes, one per line (code, then the names).

    $ govnews regions 泉城路街道
    370102004000 山东省 济南市 历下区 泉城路街道
"""

from __future__ import annotations

from .errors import EXIT_OK, EXIT_PROBLEMS, CliError


def register(sub) -> None:
    p = sub.add_parser("regions", help="look up places in the national division codes (code, province, city, district, township)")
    p.add_argument("query", nargs="+", metavar="QUERY",
                   help="a 12-, 9- or 6-digit code, or a name, with its district or city in front (历下区 泉城路街道)")
    p.add_argument("--children", action="store_true",
                   help="list the places inside the one place QUERY names (a district's 街道, 镇 and 乡)")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="print at most N places (default 50; 0 for all)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..regions import EDITION, division_table

    if args.limit < 0:
        raise CliError(f"--limit: expected 0 (all) or a positive number, not {args.limit}")
    query = " ".join(args.query).strip()
    if not query:
        raise CliError("QUERY: expected a code or a place name, such as 泉城路街道")
    table = division_table()
    found = table.find(query)
    if not found:
        raise CliError(f"no place matches {query!r} in the national division codes ({EDITION})", EXIT_PROBLEMS)
    if args.children:
        if len(found) > 1:
            raise CliError(f"--children: {query!r} names {len(found)} places; give the one you mean by its code "
                           f"(`govnews regions {query}` lists them)")
        found = table.children(found[0], depth=1)
    shown = found if args.limit == 0 else found[: args.limit]
    for place in shown:
        print(place)
    if len(shown) < len(found):
        print(f"… {len(found) - len(shown)} more (--limit 0 shows all)")
    return EXIT_OK
