"""Count glossary concepts over a folder of text files with Dask.

The compiled glossary is sent to every worker once (a Tagger pickles as
its compiled bytes, about 0.3 MB for the bundled glossary); each task then
reads its own files on the worker and counts them there, and only the
counts travel back to be merged. The result equals `shuyu tag --count`
over the same files.

    python examples/python/dask_count.py FOLDER                 # a LocalCluster of 2 workers
    python examples/python/dask_count.py FOLDER --workers 4
    python examples/python/dask_count.py FOLDER --scheduler tcp://10.0.0.5:8786
    python examples/python/dask_count.py FOLDER --glossary my.tbx --json

Needs `pip install ./python "dask[distributed]"`. The workers must see the
files at the same paths (a shared or network file system), as with any
Dask job that reads by path.
"""

import argparse
import collections
import json
import pathlib
import sys

import shuyu
from dask.distributed import Client, LocalCluster, get_worker

# What `shuyu tag` reads: UTF-8 (a BOM is dropped), or UTF-16 with a BOM.
EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm"}


def read_text(path):
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def count_files(paths, tagger):
    """Counts one batch of files on a worker: (worker, files, counts)."""
    counts = tagger.count(read_text(pathlib.Path(p)) for p in paths)
    return get_worker().address, len(paths), counts


def text_files(folder):
    return sorted(str(p) for p in pathlib.Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)


def batches(items, n):
    """`items` in about `n` contiguous batches of similar size."""
    size = max(1, -(-len(items) // n))
    return [items[i : i + size] for i in range(0, len(items), size)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="folder of text files (.txt, .md, .html), searched recursively")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler (default: a LocalCluster)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the LocalCluster (default 2)")
    parser.add_argument("--glossary", help="TBX, TSV/CSV, .terms or compiled glossary (default: the bundled one)")
    parser.add_argument("--json", action="store_true", help="print {concept: count} as JSON")
    args = parser.parse_args(argv)

    files = text_files(args.folder)
    if not files:
        sys.exit(f"dask_count: no text files under {args.folder}")
    tagger = shuyu.Tagger.open(args.glossary) if args.glossary else shuyu.Tagger.bundled()

    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    with client:
        n_workers = len(client.scheduler_info()["workers"])
        # Sent once to every worker, not once per task.
        shared = client.scatter(tagger, broadcast=True)
        futures = client.map(count_files, batches(files, 4 * n_workers), tagger=shared)
        total = collections.Counter()
        per_worker = collections.Counter()
        for worker, n_files, counts in client.gather(futures):
            total.update(counts)
            per_worker[worker] += n_files

    for worker, n_files in sorted(per_worker.items()):
        print(f"dask_count: {worker}: {n_files} files", file=sys.stderr)
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
    if args.json:
        print(json.dumps(dict(ranked), ensure_ascii=False))
    else:
        for concept, n in ranked:
            print(f"{n:8}  {concept}")


if __name__ == "__main__":
    main()
