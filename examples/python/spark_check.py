"""`shuyu check` over a folder of bilingual files as a PySpark job.

The driver lists the files and broadcasts the compiled glossary (its bytes,
about 0.3 MB for the bundled one); each partition loads the tagger once
(`Tagger.from_bytes`, a few milliseconds) and checks its files with
`shuyu.check_file`. Findings are written as JSON Lines, one object per
finding with the keys of `shuyu check --format json`; a file that cannot be
read, or has no unit to check, becomes one line {"file", "error"} instead,
so nothing is dropped silently. The driver prints a summary.

    spark-submit examples/python/spark_check.py IN_FOLDER OUT_FOLDER
    python examples/python/spark_check.py IN_FOLDER OUT_FOLDER --master local[2] \\
        --source-lang en --target-lang zh-CN --glossary my.tbx

scripts/spark-check.sh installs PySpark (and a JVM when missing) and runs it.
"""

import argparse
import collections
import json
import pathlib
import sys
import time
import warnings

import shuyu

# The bilingual files `shuyu check` picks up inside folders.
EXTENSIONS = {".tmx", ".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".mxliff", ".txlf", ".tsv"}


def check_partition(paths, glossary, source_lang, target_lang):
    """Checks the files of one partition; yields JSON lines."""
    tagger = shuyu.Tagger.from_bytes(glossary.value)
    for path in paths:
        try:
            with warnings.catch_warnings(record=True) as skipped:
                warnings.simplefilter("always", shuyu.SkippedUnitsWarning)
                findings = shuyu.check_file(path, tagger=tagger, source_lang=source_lang, target_lang=target_lang)
            for f in findings:
                yield json.dumps(f.to_dict(), ensure_ascii=False)
            for w in skipped:
                yield json.dumps({"file": path, "skipped": str(w.message)}, ensure_ascii=False)
        except (shuyu.Error, OSError) as e:
            yield json.dumps({"file": path, "error": str(e)}, ensure_ascii=False)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="folder of TMX/XLIFF/TSV files, searched recursively")
    parser.add_argument("output", help="folder for the JSON Lines (must not exist)")
    parser.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    parser.add_argument("--partitions", type=int, default=None, help="partitions (default: 4 per core)")
    parser.add_argument("--glossary", help="TBX, TSV/CSV, .terms or compiled glossary (default: the bundled one)")
    parser.add_argument("--source-lang")
    parser.add_argument("--target-lang")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    files = sorted(str(p) for p in pathlib.Path(args.input).rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)
    if not files:
        sys.exit(f"spark_check: no bilingual files under {args.input}")
    tagger = shuyu.Tagger.open(args.glossary) if args.glossary else shuyu.Tagger.bundled()

    builder = SparkSession.builder.appName("shuyu-check")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    started = time.perf_counter()
    glossary = sc.broadcast(tagger.to_bytes())
    partitions = args.partitions or 4 * sc.defaultParallelism
    lines = sc.parallelize(files, min(partitions, len(files))).mapPartitions(
        lambda paths: check_partition(paths, glossary, args.source_lang, args.target_lang)
    )
    lines.cache()
    lines.saveAsTextFile(args.output)
    records = [json.loads(line) for line in lines.collect()]
    elapsed = time.perf_counter() - started
    spark.stop()

    rules = collections.Counter(r["rule"] for r in records if "rule" in r)
    errors = [r for r in records if "error" in r]
    # check_file raises shuyu.Error for a file none of whose units it can
    # check (languages the glossary lacks, say); the others could not be read.
    unusable = [r for r in errors if "nothing was checked" in r["error"]]
    skipped = [r for r in records if "skipped" in r]
    print(
        f"spark_check: {len(files)} files, {sum(rules.values())} findings; "
        f"{len(errors) - len(unusable)} files unreadable, {len(unusable)} with no unit to check, "
        f"{len(skipped)} with some units skipped; {elapsed:.1f} s on {sc.master}"
    )
    for rule, n in rules.most_common():
        print(f"{n:8}  {rule}")
    unreadable = [r for r in errors if r not in unusable]
    for r in unreadable[:10]:
        print(f"spark_check: {r['error']}", file=sys.stderr)
    # As `shuyu check`: 2 when a file could not be read or nothing could be
    # checked, else 1 when a finding is an error, else 0.
    if unreadable or len(unusable) == len(files):
        return 2
    return 1 if any(r.get("severity") == "error" for r in records) else 0


if __name__ == "__main__":
    sys.exit(main())
