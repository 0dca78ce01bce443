// SPDX-License-Identifier: GPL-3.0-or-later
// Peer of bench-parse: vmix-js-utils' XML API (XmlApi.DataParser, GeneralState, Inputs,
// AudioBusses) under node on the same vMix state documents, extracting the same fields as
// Onair's parser. The library has no accessor for the per-channel streaming attributes or the
// recording duration, so those are read from its DOM with the xpath module it uses itself.
// Samples are the process's CPU time per parse (node has no per-thread clock; µs resolution).
// Prints one line per file:
//   file=<name> n=<samples> median_ns=<ns> inputs=<n> streams=<n> live=<n> master_left=<x>
//
// Usage: node peer-vmix-js-utils.mjs --prefix <npm prefix> [--seconds S] FILE...
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const args = process.argv.slice(2);
let prefix = null;
let seconds = 1.5;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--prefix') prefix = args[++i];
  else if (args[i] === '--seconds') seconds = Number(args[++i]);
  else files.push(args[i]);
}
if (prefix === null || files.length === 0) {
  console.error('usage: peer-vmix-js-utils.mjs --prefix DIR [--seconds S] FILE...');
  process.exit(2);
}

const require = createRequire(join(resolve(prefix), 'package.json'));
const { XmlApi } = require('vmix-js-utils');
const xpath = require('xpath');

function extract(text) {
  const doc = XmlApi.DataParser.parse(text);
  const general = new XmlApi.GeneralState(doc);
  const fields = {
    version: general.softwareVersion(),
    edition: general.softwareEdition(),
    recording: general.recording(),
  };
  const streaming = xpath.select1('//vmix/streaming', doc);
  const channels = [];
  for (let i = 1; i <= 5; i++) {
    const value = streaming ? streaming.getAttribute(`channel${i}`) : '';
    if (value) channels.push(value === 'True');
  }
  fields.channels = channels;
  const recording = xpath.select1('//vmix/recording', doc);
  fields.recordingDuration = Number(recording.getAttribute('duration') || 0);
  fields.inputs = XmlApi.Inputs.extractInputsFromXML(doc).length;
  fields.master = XmlApi.AudioBusses.master(doc);
  return fields;
}

for (const path of files) {
  const text = readFileSync(path, 'utf8');
  let fields = null;
  const warmEnd = performance.now() + 300;
  while (performance.now() < warmEnd) fields = extract(text);
  const samples = [];
  const end = performance.now() + seconds * 1000;
  while ((samples.length < 50 || performance.now() < end) && samples.length < 200000) {
    const t0 = process.cpuUsage();
    fields = extract(text);
    const used = process.cpuUsage(t0);
    samples.push((used.user + used.system) * 1000);
  }
  samples.sort((a, b) => a - b);
  const mid = samples.length >> 1;
  const median = samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
  console.log(`file=${basename(path)} n=${samples.length} median_ns=${median} ` +
              `inputs=${fields.inputs} streams=${fields.channels.length} ` +
              `live=${fields.channels.filter(Boolean).length} ` +
              `master_left=${fields.master.audioMeter.left}`);
}
