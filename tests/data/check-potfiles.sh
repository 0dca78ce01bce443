#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source file with translatable strings must be listed in po/POTFILES.in, and every
# listed file must exist.
set -euo pipefail
top=$1
cd "$top"
status=0
listed=$(grep -vE '^\s*(#|$)' po/POTFILES.in | sort -u)
needed=$(grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_)\(|translatable="yes"' \
           --include='*.c' --include='*.h' --include='*.ui' --include='*.in' --include='*.xml' \
           src data | sort -u)
for f in $needed; do
  if ! grep -qxF "$f" <<<"$listed"; then
    echo "not ok: $f has translatable strings but is missing from po/POTFILES.in"
    status=1
  fi
done
for f in $listed; do
  if [ ! -f "$f" ]; then
    echo "not ok: po/POTFILES.in lists $f, which does not exist"
    status=1
  fi
done
[ $status -eq 0 ] && echo "po/POTFILES.in lists all $(wc -w <<<"$needed") files with translatable strings"
exit $status
