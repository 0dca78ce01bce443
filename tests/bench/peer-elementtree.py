#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peer of bench-parse: Python's xml.etree.ElementTree on the same vMix state documents,
extracting the same fields as Onair's parser. Samples are the thread's CPU time per parse.
Prints one line per file:
    file=<name> n=<samples> median_ns=<ns> inputs=<n> streams=<n> live=<n> master_left=<x>
"""
import argparse
import os
import statistics
import time
import xml.etree.ElementTree as ET


def extract(data):
    root = ET.fromstring(data)
    fields = {
        "version": root.findtext("version"),
        "edition": root.findtext("edition"),
    }
    streaming = root.find("streaming")
    channels = []
    if streaming is not None:
        for i in range(1, 6):
            value = streaming.get("channel%d" % i)
            if value is not None:
                channels.append(value == "True")
    fields["channels"] = channels
    recording = root.find("recording")
    fields["recording"] = recording is not None and recording.text == "True"
    fields["recording_duration"] = int(recording.get("duration", "0")) if recording is not None else 0
    inputs = root.find("inputs")
    fields["inputs"] = len(inputs.findall("input")) if inputs is not None else 0
    master = root.find("audio/master")
    if master is not None:
        fields["master"] = (float(master.get("meterF1", "nan")), float(master.get("meterF2", "nan")),
                            int(master.get("volume", "0")), master.get("muted") == "True")
    else:
        fields["master"] = None
    return fields


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=1.5)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    for path in args.files:
        with open(path, "rb") as f:
            data = f.read()
        fields = None
        warm_end = time.perf_counter() + 0.2
        while time.perf_counter() < warm_end:
            fields = extract(data)
        samples = []
        end = time.perf_counter() + args.seconds
        while (len(samples) < 50 or time.perf_counter() < end) and len(samples) < 200000:
            t0 = time.thread_time_ns()
            fields = extract(data)
            samples.append(time.thread_time_ns() - t0)
        master_left = fields["master"][0] if fields["master"] else float("nan")
        print("file=%s n=%d median_ns=%d inputs=%d streams=%d live=%d master_left=%r" % (
            os.path.basename(path), len(samples), statistics.median(samples), fields["inputs"],
            len(fields["channels"]), sum(fields["channels"]), master_left), flush=True)


if __name__ == "__main__":
    main()
