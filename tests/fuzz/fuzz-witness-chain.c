/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/witness/onair-witness.h"
#include "core/witness/onair-witness-private.h"

/* libFuzzer target: the witness verifier's line reader and entry checks on arbitrary bytes,
 * as an auditor may be handed them, both as a chain file and as an export. A run fails on a
 * sanitizer's finding or when a result breaks its contract: valid with a fault or a fault
 * without a reason, a break outside the file, counts that do not add up. */

static void
check (const OnairWitnessVerification *v,
       gsize                           size)
{
  g_assert_nonnull (v);
  if (v->valid)
    {
      g_assert_cmpint (v->fault, ==, ONAIR_WITNESS_FAULT_NONE);
      g_assert_cmpint (v->broken_at, ==, -1);
      g_assert_true (v->format_version == 1 || v->format_version == 2);
    }
  else
    {
      g_assert_cmpint (v->fault, !=, ONAIR_WITNESS_FAULT_NONE);
      g_assert_nonnull (v->reason);
      g_assert_true (g_utf8_validate (v->reason, -1, NULL));
      g_assert_cmpint (v->broken_line, <=, (gint64) size + 1);
    }
  g_assert_cmpuint (v->torn_bytes, <=, size);
  g_assert_cmpuint (v->total_events, <=, size);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  int fd = memfd_create ("onair-fuzz-chain", MFD_CLOEXEC);
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairWitnessVerification) chain = NULL;
  g_autoptr(OnairWitnessVerification) export = NULL;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, data, size), ==, (ssize_t) size);
  g_assert_cmpint (lseek (fd, 0, SEEK_SET), ==, 0);

  chain = onair_witness_verify_chain_fd (fd, size, ONAIR_WITNESS_VERIFY_NONE, NULL, NULL, NULL,
                                         &error);
  if (chain != NULL)
    check (chain, size);
  else
    g_assert_nonnull (error);
  g_clear_error (&error);
  close (fd);

  export = onair_witness_verify_export_data ((const char *) data, size, NULL, NULL, &error);
  if (export != NULL)
    check (export, size);
  else
    g_assert_nonnull (error);
  return 0;
}
