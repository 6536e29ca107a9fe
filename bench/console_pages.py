#!/usr/bin/env python3
"""Times the web console's pages of one bucket against a running server (loopback only).

    python3 bench/console_pages.py --endpoint http://127.0.0.1:9000 --bucket B \
        --access-key AK --secret-key SK [--requests 30]

Signs in, then requests each page --requests times and prints p50 / p99 wall time (client side,
whole response read). Used for docs/benchmarks.md: a bucket with a million in-progress uploads
against one with ten.
"""
import argparse
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--endpoint", required=True)
    p.add_argument("--bucket", required=True)
    p.add_argument("--access-key", required=True)
    p.add_argument("--secret-key", required=True)
    p.add_argument("--requests", type=int, default=30)
    a = p.parse_args()
    opener = urllib.request.build_opener(NoRedirect)
    body = urllib.parse.urlencode({"accessKey": a.access_key, "secretKey": a.secret_key}).encode()
    try:
        opener.open(a.endpoint + "/console/login", data=body)
        raise SystemExit("sign-in did not redirect")
    except urllib.error.HTTPError as answer:
        if answer.code != 303 or "Set-Cookie" not in answer.headers:
            raise SystemExit(f"sign-in failed: {answer.code}")
        cookie = answer.headers["Set-Cookie"].split(";")[0]

    def get(path):
        started = time.perf_counter()
        with opener.open(urllib.request.Request(a.endpoint + path, headers={"Cookie": cookie})) as r:
            page = r.read().decode()
        return time.perf_counter() - started, page

    b = a.bucket
    _, first = get(f"/console/buckets/{b}/uploads")
    marker = 'id="next-page" href="'
    next_page = first.split(marker)[1].split('"')[0].replace("&amp;", "&") if marker in first else None
    pages = [("dashboard", "/console/"),
             ("uploads, oldest first, page 1", f"/console/buckets/{b}/uploads"),
             ("uploads, by key, page 1", f"/console/buckets/{b}/uploads?sort=key"),
             ("uploads, prefix filter", f"/console/buckets/{b}/uploads?prefix=p050/&sort=key"),
             ("uploads, older than 1 day", f"/console/buckets/{b}/uploads?older=1"),
             ("lifecycle with previews", f"/console/buckets/{b}/lifecycle"),
             ("objects", f"/console/buckets/{b}/objects")]
    if next_page:
        pages.insert(2, ("uploads, oldest first, page 2", next_page))
    print(f"{'page':34} {'p50 ms':>8} {'p99 ms':>8}  rows")
    for name, path in pages:
        times = []
        for _ in range(a.requests):
            t, page = get(path)
            times.append(t * 1000)
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(f"{name:34} {statistics.median(times):8.2f} {p99:8.2f}  {page.count('data-upload=')}")


if __name__ == "__main__":
    main()
