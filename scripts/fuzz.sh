#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600), two at a time, each
# from its committed seeds (fuzz/seeds/TARGET) into a working corpus
# (fuzz/corpus/TARGET, not committed). Crashes land in fuzz/artifacts/TARGET.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP=1 lets a
# stable toolchain build with the sanitizer.
set -u
cd "$(dirname "$0")/../fuzz"
seconds=${1:-600}
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O || exit 2
targets=(tbx glossary_text tmx xliff document tagger compiled memory)
run() {
  local t=$1
  mkdir -p "corpus/$t"
  cargo fuzz run -O "$t" "corpus/$t" "seeds/$t" -- -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=65536 \
    > "logs/$t.log" 2>&1
  echo "$t: exit $? $(grep -E '^Done|stat::number_of_executed_units' "logs/$t.log" | tail -1)"
}
mkdir -p logs
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[i]}" &
  if [ $((i + 1)) -lt ${#targets[@]} ]; then run "${targets[i + 1]}" & fi
  wait
done
