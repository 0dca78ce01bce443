#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes src/core/destinations/onair-preset-strings.h from data/presets.json: the preset and server
names marked with N_() so that xgettext, which cannot read JSON, extracts them.
Run it after changing presets.json; test-presets fails while the two disagree."""
import json
import os
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def c_string(text):
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'


def main():
    with open(os.path.join(top, 'data', 'presets.json'), encoding='utf-8') as f:
        presets = json.load(f)['presets']
    lines = [
        '/* SPDX-License-Identifier: GPL-3.0-or-later */',
        '/* Written by build-aux/preset-strings.py from data/presets.json; do not edit. The names',
        ' * of the presets and their servers, for xgettext: onair-presets.c translates them when it',
        ' * loads the presets, and test-presets checks that this list and the file agree. */',
        '#pragma once',
        '',
        '#include <glib/gi18n-lib.h>',
        '',
        'static const char * const onair_preset_strings[] = {',
    ]
    for preset in presets:
        lines.append('  /* TRANSLATORS: a streaming platform, as Onair lists its presets */')
        lines.append('  N_(%s),' % c_string(preset['name']))
        for server in preset.get('servers', []):
            lines.append('  /* TRANSLATORS: an ingest server of %s */' % preset['name'])
            lines.append('  N_(%s),' % c_string(server['name']))
    lines.append('};')
    with open(os.path.join(top, 'src', 'core', 'destinations', 'onair-preset-strings.h'), 'w',
              encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    sys.exit(main())
