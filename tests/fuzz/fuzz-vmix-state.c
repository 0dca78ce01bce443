/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdint.h>

#include "core/vmix/onair-vmix-error.h"
#include "core/vmix/onair-vmix-state.h"
#include "core/vmix/onair-vmix-state-json.h"

/* libFuzzer target: vMix's state parser (and the XML scanner under it) on arbitrary bytes,
 * as any host at vMix's address may send them. Besides the sanitizers' findings, a run fails
 * when the parser breaks its contract: a state or an error, never both or neither; an
 * error's message readable; a state's values within the bounds its getters promise. */

static void
check_meter (const OnairVmixMeter *meter)
{
  g_assert_nonnull (meter);
  g_assert_true (meter->left >= 0 && meter->left <= 1);
  g_assert_true (meter->right >= 0 && meter->right <= 1);
  g_assert_true (isfinite (meter->volume));
  g_assert_true (isfinite (meter->headphones_volume));
}

static void
check_state (OnairVmixState *state)
{
  const char * const *files = onair_vmix_state_get_recording_files (state);
  g_autofree char *json = NULL;
  guint stream_count = onair_vmix_state_get_stream_count (state);

  /* A state document always names its vMix version. */
  g_assert_nonnull (onair_vmix_state_get_version (state));
  g_assert_true (g_utf8_validate (onair_vmix_state_get_version (state), -1, NULL));
  g_assert_true (stream_count >= 3 && stream_count <= ONAIR_VMIX_MAX_STREAMS);
  for (guint i = 0; i <= ONAIR_VMIX_MAX_STREAMS; i++)
    {
      OnairVmixStreamState stream = onair_vmix_state_get_stream_state (state, i);

      g_assert_true (stream == ONAIR_VMIX_STREAM_OFF || stream == ONAIR_VMIX_STREAM_ON ||
                     stream == ONAIR_VMIX_STREAM_UNKNOWN);
      (void) onair_vmix_state_get_stream_live (state, i);
    }

  g_assert_nonnull (files);
  for (guint i = 0; files[i] != NULL; i++)
    g_assert_true (g_utf8_validate (files[i], -1, NULL));
  g_assert_cmpint (onair_vmix_state_get_recording_duration (state), >=, -1);

  if (onair_vmix_state_get_master (state) != NULL)
    check_meter (onair_vmix_state_get_master (state));
  for (guint i = 0; i < onair_vmix_state_get_n_buses (state); i++)
    check_meter (onair_vmix_state_get_bus (state, i));

  g_assert_cmpuint (onair_vmix_state_get_n_srt_outputs (state), <=,
                    onair_vmix_state_get_n_outputs (state));
  for (guint i = 0; i < onair_vmix_state_get_n_outputs (state); i++)
    g_assert_nonnull (onair_vmix_state_get_output (state, i));
  (void) onair_vmix_state_find_output (state, "Output", 1);
  (void) onair_vmix_state_get_srt_output_count (state);

  /* What `onair-vmix status --json` prints for scripts. */
  json = onair_vmix_state_to_json (state);
  g_assert_nonnull (json);
  g_assert_true (g_utf8_validate (json, -1, NULL));
}

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical (a g_return_if_fail) or a warning from the parser is a finding too. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(OnairVmixState) state = onair_vmix_state_new_from_bytes (bytes, &error);

  g_assert_true ((state == NULL) != (error == NULL));
  if (state == NULL)
    {
      g_assert_error (error, ONAIR_VMIX_ERROR, ONAIR_VMIX_ERROR_PARSE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  check_state (state);
  return 0;
}
