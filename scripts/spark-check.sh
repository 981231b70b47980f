#!/usr/bin/env bash
# Runs examples/python/spark_check.py with PySpark on this machine: installs
# a JVM when none is found (Debian's OpenJDK 17), PySpark and the shuyu
# package into target/spark-venv, then checks a folder of bilingual files
# and times the whole job. Too heavy for every CI run; run it by hand:
#
#   scripts/spark-check.sh IN_FOLDER [OUT_FOLDER] [spark_check.py options]
#   scripts/spark-check.sh ../shared/corpus target/spark-out --master 'local[2]'
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
input=$1
output=${2:-target/spark-out}
shift $(( $# >= 2 ? 2 : 1 ))

if ! command -v java >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
venv=target/spark-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
fi
"$venv/bin/python" -m pip install --quiet ./python "pyspark>=3.5"
rm -rf "$output"
export PYSPARK_PYTHON="$PWD/$venv/bin/python"
start=$(date +%s%N)
code=0
"$venv/bin/python" examples/python/spark_check.py "$input" "$output" "$@" || code=$?
end=$(date +%s%N)
echo "spark-check: whole job (JVM start included) $(( (end - start) / 1000000 )) ms; findings in $output/part-*"
exit $code
