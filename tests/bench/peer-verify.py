#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peer of bench-witness-verify: a straightforward verifier of the witness chain format
(witness-format.md) with hashlib and json, as an auditor would write it. Verifies the chain
--runs times and prints the median of the process's CPU time per run:
    chain=<name> runs=<n> median_ns=<ns> entries=<n> last_hash=<hex>
or exits 1 naming the first bad entry.
"""
import argparse
import hashlib
import json
import os
import statistics
import sys
import time


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def verify(path):
    with open(path, "rb") as f:
        header = json.loads(f.readline())
        if header.get("format") != "onair-witness/1":
            raise ValueError("not an onair-witness/1 chain")
        genesis = hashlib.sha256(("onair-witness-genesis:" + header["chain_id"]).encode("utf-8")).hexdigest()
        if header.get("genesis_hash") != genesis:
            raise ValueError("genesis_hash does not match chain_id")
        previous = genesis
        seq = 0
        for line in f:
            if not line.endswith(b"\n"):
                break  # a torn tail is not part of the chain
            entry = json.loads(line)
            if entry.get("seq") != seq:
                raise ValueError("seq %d: wrong seq" % seq)
            if entry.get("previous_hash") != previous:
                raise ValueError("seq %d: previous_hash does not link" % seq)
            current = entry.pop("current_hash", None)
            if hashlib.sha256(canonical(entry)).hexdigest() != current:
                raise ValueError("seq %d: current_hash does not match" % seq)
            previous = current
            seq += 1
    return seq, previous


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("chain")
    args = parser.parse_args()

    samples = []
    for _ in range(args.runs):
        t0 = time.process_time_ns()
        try:
            entries, last = verify(args.chain)
        except (ValueError, KeyError, json.JSONDecodeError) as e:
            print("invalid: %s" % e, file=sys.stderr)
            sys.exit(1)
        samples.append(time.process_time_ns() - t0)
    print("chain=%s runs=%d median_ns=%d entries=%d last_hash=%s" % (
        os.path.basename(args.chain), len(samples), statistics.median(samples), entries, last))


if __name__ == "__main__":
    main()
