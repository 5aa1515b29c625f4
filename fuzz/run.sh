#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 600) in turn, seeded from the bundled site, and
# prints the executions and result of each. Needs cargo-fuzz (`cargo install cargo-fuzz`);
# RUSTC_BOOTSTRAP lets the stable toolchain take libFuzzer's flags.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("${@:-front_matter markdown faq timeline site_yaml glossary}")
read -r -a targets <<<"${targets[*]}"
export RUSTC_BOOTSTRAP=1
mkdir -p logs
# Build every target first, so the runs use one version of the code even if it changes.
cargo fuzz build -s none -a
bin=target/x86_64-unknown-linux-gnu/release
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  case $t in
    front_matter|markdown) cp ../content/*.md ../content/es/*.md ../tests/fixtures/bad/*/content/*.md "corpus/$t/" 2>/dev/null || true; dict=markdown.dict ;;
    faq) cp ../content/faq.md ../content/es/faq.md ../tests/fixtures/*/content/faq.md "corpus/$t/" 2>/dev/null || true; dict=markdown.dict ;;
    timeline) for f in ../content/timeline.yaml ../tests/fixtures/*/content/timeline.yaml ../tests/fixtures/bad/*/content/timeline.yaml; do [ -f "$f" ] && cp "$f" "corpus/$t/$(echo "$f" | tr / _)"; done; dict=yaml.dict ;;
    site_yaml) for f in ../site.yaml ../tests/fixtures/*/site.yaml ../tests/fixtures/bad/*/site.yaml; do [ -f "$f" ] && cp "$f" "corpus/$t/$(echo "$f" | tr / _)"; done; dict=yaml.dict ;;
    glossary) for f in ../content/glossary.yaml ../tests/fixtures/*/content/glossary.yaml ../tests/fixtures/bad/*/content/glossary.yaml; do [ -f "$f" ] && cp "$f" "corpus/$t/$(echo "$f" | tr / _)"; done; dict=yaml.dict ;;
  esac
  [ $t = front_matter ] && dict=yaml.dict
  echo "== $t for ${seconds}s"
  set +e
  "$bin/$t" "corpus/$t" -artifact_prefix="artifacts/$t/" \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -dict="$dict" -print_final_stats=1 >"logs/$t.log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || echo '?')
  if [ $rc -eq 0 ]; then result="no crash"; else result="FAILED (exit $rc), see fuzz/logs/$t.log and fuzz/artifacts/$t/"; fi
  echo "$t: $execs executions in ${seconds}s, $result"
done
