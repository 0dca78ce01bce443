#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs every benchmark against its reference in the same run and prints their
# "bench <name>: <figures> ratio=<x>" lines; writes them as a Markdown table to
# <build>/bench-results.md. Not a test: a target missed is reported, never a failure. Exits
# non-zero only when a benchmark could not run at all.
#
#   tests/bench/run-all.sh BUILD_DIR     (build-aux/dev bench runs it with _build)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: run-all.sh BUILD_DIR}" && pwd)
bench="$build/tests/bench"
work="$build/bench-work"
results="$build/bench-results.txt"
status=0

say () { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

rm -rf "$work"
mkdir -p "$work"
: >"$results"
trap 'rm -rf "$work"' EXIT

# vmix-js-utils, the npm peer of the parse benchmark, installed into the build folder (never
# into the source tree). Its 4.0.7 release names xmldom by a git URL of the v0.7.0 tag; that
# release is on the npm registry as @xmldom/xmldom 0.7.0, which the override points to.
node_prefix="$build/bench-node"
node_args=()
if command -v node >/dev/null && command -v npm >/dev/null; then
  if [ ! -d "$node_prefix/node_modules/vmix-js-utils" ]; then
    say "Installing vmix-js-utils into $node_prefix"
    mkdir -p "$node_prefix"
    cat >"$node_prefix/package.json" <<'EOF'
{
  "private": true,
  "dependencies": { "vmix-js-utils": "4.0.7" },
  "overrides": { "xmldom": "npm:@xmldom/xmldom@0.7.0" }
}
EOF
    npm install --prefix "$node_prefix" --no-audit --no-fund --loglevel=error >&2 ||
      say "npm install failed: the parse benchmark runs without the vmix-js-utils peer"
  fi
  [ -d "$node_prefix/node_modules/vmix-js-utils" ] && node_args=(--node-prefix "$node_prefix")
else
  say "node or npm missing: the parse benchmark runs without the vmix-js-utils peer"
fi

# run NAME COMMAND...: keeps the program's bench lines; a program that fails could not run.
run () {
  local name=$1; shift
  local out
  say "$name"
  if out=$("$@"); then
    printf '%s\n' "$out" | grep '^bench ' | tee -a "$results"
  else
    printf '%s\n' "$out" | grep '^bench ' | tee -a "$results"
    echo "bench $name: could not run" | tee -a "$results"
    status=1
  fi
}

run xml-parse "$bench/bench-parse" --work "$work/parse" --peers "$here" "${node_args[@]}"
run witness-verify "$bench/bench-witness-verify" --work "$work/witness" --peers "$here"
run witness-append "$bench/bench-witness-append" --work "$work/append"
run poll "$bench/bench-poll"
# 60 s of wall time; ONAIR_BENCH_FLEET_SECONDS shortens it for a smoke run.
run fleet-poll "$bench/bench-fleet-poll"
# 200 changes pushed and 200 polled: about a minute.
run change-latency "$bench/bench-change-latency"
run long-show "$bench/bench-long-show" --work "$work"
if [ -x "$bench/bench-graph" ]; then
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    run graph-frame "$bench/bench-graph"
  elif command -v xvfb-run >/dev/null; then
    run graph-frame xvfb-run -a -s "-screen 0 1600x1200x24 -nolisten tcp" "$bench/bench-graph"
  else
    echo "bench graph-frame: could not run (no display and no xvfb-run)" | tee -a "$results"
    status=1
  fi
elif [ -e "$here/../../src/ui/onair-graph.h" ]; then
  echo "bench graph-frame: skipped (built without the UI)" | tee -a "$results"
else
  echo "bench graph-frame: skipped (no graph widget yet)" | tee -a "$results"
fi

# The whole application through the long show: a private home, session bus and keyring (as
# the tests have; never the user's own), and a display.
if [ -x "$bench/bench-long-show-app" ]; then
  if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null &&
     command -v xvfb-run >/dev/null; then
    app_home=$(mktemp -d "${TMPDIR:-/tmp}/onair-bench.XXXXXX")
    mkdir -p "$app_home/home" "$app_home/data" "$app_home/config" "$app_home/cache" \
             "$app_home/runtime"
    chmod 0700 "$app_home/runtime"
    run long-show-app env HOME="$app_home/home" XDG_DATA_HOME="$app_home/data" \
      XDG_CONFIG_HOME="$app_home/config" XDG_CACHE_HOME="$app_home/cache" \
      XDG_RUNTIME_DIR="$app_home/runtime" NO_AT_BRIDGE=1 \
      dbus-run-session -- bash -c '
        eval "$(printf onair-bench | gnome-keyring-daemon --unlock --components=secrets)"
        export GNOME_KEYRING_CONTROL
        exec xvfb-run -a -s "-screen 0 1600x1200x24 -nolisten tcp" "$@"
      ' bench "$bench/bench-long-show-app"
    rm -rf "$app_home"
  else
    echo "bench long-show-app: could not run (needs dbus-run-session, gnome-keyring-daemon and xvfb-run)" |
      tee -a "$results"
    status=1
  fi
fi

# The Markdown table, each line against its target.
python3 - "$results" "$build/bench-results.md" <<'PY'
import datetime, os, re, subprocess, sys

lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.startswith("bench ")]

def number(pattern, text):
    m = re.search(pattern, text)
    return float(m.group(1)) if m else None

# name: (what the ratio is, target text, check(ratio, figures) -> True/False/None)
targets = {
    "xml-parse": ("fastest peer / Onair, worst size", "≥ 10",
                  lambda r, f: r >= 10),
    "witness-verify": ("Python / Onair, worst size", "≥ 5",
                       lambda r, f: r >= 5),
    "witness-verify-raw": ("Onair / sha256sum, worst size", "≤ 0.33",
                           lambda r, f: r <= 0.33),
    "witness-verify-hw": ("Onair / openssl dgst -sha256, worst size", "≤ 1.5",
                          lambda r, f: r <= 1.5),
    "witness-append": ("append with fsync / bare write+fsync", "—", None),
    "graph-frame": ("every point / reduced, per frame", "≥ 20 and < 2 ms/frame",
                    lambda r, f: r >= 20 and (number(r"reduced ([0-9.]+)ms/frame", f) or 1e9) < 2),
    "poll-cost": ("CPU per poll / bare libsoup GET", "—", None),
    "poll-latency": ("periodic median / half the interval", "—", None),
    "fleet-poll": ("CPU of 20 sessions / 20 × one session's, per wall second", "—", None),
    "change-latency": ("p90 polling at 250 ms / p90 with activators", "≥ 10, p90 ≤ 15 ms, ≥ 4× fewer documents",
                       lambda r, f: r >= 10 and (number(r"activators p90=([0-9.]+)ms", f) or 1e9) <= 15
                                    and (number(r"documents ([0-9.]+)x fewer", f) or 0) >= 4),
    "long-show": ("RSS growth / history rings by design", "growth < 1 MB/h",
                  lambda r, f: (number(r"growth after 1h ([0-9.]+)MB/h", f) or 1e9) < 1),
    "long-show-app": ("RSS growth / history rings by design", "growth < 1 MB/h",
                      lambda r, f: (number(r"growth after 1h ([0-9.]+)MB/h", f) or 1e9) < 1),
}

try:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=os.path.dirname(os.path.abspath(sys.argv[1]))).stdout.strip()
except OSError:
    commit = ""
cpu = ""
try:
    for l in open("/proc/cpuinfo"):
        if l.startswith("model name"):
            cpu = l.split(":", 1)[1].strip()
            break
except OSError:
    pass

out = ["| benchmark | figures | ratio | what the ratio is | target | met |",
       "|---|---|---|---|---|---|"]
for l in lines:
    m = re.match(r"bench ([\w-]+): (.*?)(?: ratio=(\S+))?$", l)
    if not m:
        continue
    name, figures, ratio = m.group(1), m.group(2), m.group(3)
    what, target, check = targets.get(name, ("", "—", None))
    met = "—"
    if check is not None and ratio is not None:
        try:
            met = "yes" if check(float(ratio), figures) else "**no**"
        except ValueError:
            met = "—"
    out.append("| %s | %s | %s | %s | %s | %s |" % (name, figures.replace("|", "/"),
                                                    ratio or "—", what, target, met))
header = "Measured %s on %d CPUs (%s)%s.\n\n" % (
    datetime.date.today().isoformat(), os.cpu_count() or 0, cpu or "unknown CPU",
    ", commit " + commit if commit else "")
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(header + "\n".join(out) + "\n")
PY
say "Table written to $build/bench-results.md"
exit $status
