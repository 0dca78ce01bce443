#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The witness test vectors in tests/data are a copy of the ones the project's format notes
# were written with. When those notes sit beside the repository (a developer's checkout),
# the copies must match them byte for byte; a clone on its own skips this test (exit 77).
top=${1:?usage: check-vectors.sh SOURCE_ROOT}
notes="$top/../shared"
[ -d "$notes" ] || { echo "no notes beside the repository: skipped"; exit 77; }
status=0
for f in witness-vectors.jsonl witness-vectors-v2.jsonl; do
  if [ ! -f "$notes/$f" ]; then
    echo "$f: not among the notes: skipped"
    continue
  fi
  if cmp "$notes/$f" "$top/tests/data/$f"; then
    echo "$f: identical"
  else
    status=1
  fi
done
exit $status
