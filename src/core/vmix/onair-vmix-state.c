/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "onair-vmix-state-private.h"

/* Documents from this size on are parsed in a worker thread by the async constructor.
 * Smaller ones parse in well under a millisecond (a 200-input document, 60 KB, in about
 * 40 µs; 256 KB, some 800 inputs, in about 0.16 ms), less than the hand-off to a worker and
 * back costs (two thread wake-ups, the document read again from another core's cache), so
 * they are parsed where they arrive. */
#define THREAD_PARSE_THRESHOLD (256 * 1024)

/* The state object: what one poll of vMix reported, read by onair-vmix-state-parser.c. */

G_DEFINE_FINAL_TYPE (OnairVmixState, onair_vmix_state, G_TYPE_OBJECT)

static void
onair_vmix_state_finalize (GObject *object)
{
  OnairVmixState *self = ONAIR_VMIX_STATE (object);

  g_string_chunk_free (self->strings);
  g_array_unref (self->outputs);
  g_array_unref (self->buses);
  g_string_free (self->input_titles, TRUE);
  g_array_unref (self->inputs);

  G_OBJECT_CLASS (onair_vmix_state_parent_class)->finalize (object);
}

static void
onair_vmix_state_class_init (OnairVmixStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onair_vmix_state_finalize;
}

/* Sized for a typical document, so that a poll does not grow them as it goes: vMix 28 lists
 * some ten outputs and up to seven buses. */
static void
onair_vmix_state_init (OnairVmixState *self)
{
  self->strings = g_string_chunk_new (512);
  self->recording_duration = -1;
  self->outputs = g_array_sized_new (FALSE, TRUE, sizeof (OnairVmixOutput), 16);
  self->buses = g_array_sized_new (FALSE, TRUE, sizeof (OnairVmixMeter), 8);
  self->input_titles = g_string_sized_new (1024);
  self->inputs = g_array_sized_new (FALSE, FALSE, sizeof (OnairVmixInput), 16);
}

gboolean
onair_vmix_output_is_type (const OnairVmixOutput *output,
                           const char            *type)
{
  g_return_val_if_fail (output != NULL, FALSE);
  return output->type != NULL && g_ascii_strcasecmp (output->type, type) == 0;
}

/**
 * onair_vmix_state_new_from_bytes:
 * @bytes: a vMix XML state document
 * @error: return location for an error in the %ONAIR_VMIX_ERROR domain
 *
 * Parses a state document. Unknown elements are ignored, missing optional ones read as
 * unknown or off; a document that is not vMix XML is an %ONAIR_VMIX_ERROR_PARSE error.
 *
 * Returns: (transfer full): the state, or %NULL on error
 */
OnairVmixState *
onair_vmix_state_new_from_bytes (GBytes  *bytes,
                                 GError **error)
{
  g_autoptr(OnairVmixState) self = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ONAIR_TYPE_VMIX_STATE, NULL);
  if (!onair_vmix_state_parse (self, bytes, error))
    return NULL;
  return g_steal_pointer (&self);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  OnairVmixState *state = onair_vmix_state_new_from_bytes (task_data, &error);

  if (state == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, state, g_object_unref);
}

/**
 * onair_vmix_state_new_from_bytes_async:
 *
 * Parses a state document; large documents are parsed in a worker thread so that the
 * main loop keeps running.
 */
void
onair_vmix_state_new_from_bytes_async (GBytes              *bytes,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (bytes != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_vmix_state_new_from_bytes_async);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_set_return_on_cancel (task, TRUE);

  if (g_bytes_get_size (bytes) >= THREAD_PARSE_THRESHOLD)
    g_task_run_in_thread (task, parse_in_thread);
  else
    parse_in_thread (task, NULL, g_task_get_task_data (task), cancellable);
}

OnairVmixState *
onair_vmix_state_new_from_bytes_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
onair_vmix_state_get_version (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), NULL);
  return self->version;
}

guint
onair_vmix_state_get_version_major (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), 0);
  return self->version_major;
}

const char *
onair_vmix_state_get_edition (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), NULL);
  return self->edition;
}

const char *
onair_vmix_state_get_preset (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), NULL);
  return self->preset;
}

guint
onair_vmix_state_get_stream_count (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), 0);
  return self->stream_count;
}

gboolean
onair_vmix_state_get_streaming (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), FALSE);
  return self->streaming;
}

/**
 * onair_vmix_state_get_stream_live:
 * @stream: 0-based stream index, as in vMix's `Value` (stream 0 is `channel1`)
 *
 * Returns: whether vMix reports the stream on (live or still connecting)
 */
gboolean
onair_vmix_state_get_stream_live (OnairVmixState *self,
                                  guint           stream)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), FALSE);
  if (stream >= ONAIR_VMIX_MAX_STREAMS)
    return FALSE;
  return self->streams[stream];
}

/**
 * onair_vmix_state_get_stream_state:
 * @stream: 0-based stream index
 *
 * Unlike onair_vmix_state_get_stream_live(), tells a stream vMix reports off from one it
 * does not report at all: `<streaming>True</streaming>` without `channelN` attributes
 * (vMix 21 and older) says that some stream is on, not which.
 *
 * Returns: the stream's state as far as vMix reports it
 */
OnairVmixStreamState
onair_vmix_state_get_stream_state (OnairVmixState *self,
                                   guint           stream)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), ONAIR_VMIX_STREAM_OFF);
  if (stream >= ONAIR_VMIX_MAX_STREAMS)
    return ONAIR_VMIX_STREAM_OFF;
  if (self->streams[stream])
    return ONAIR_VMIX_STREAM_ON;
  if (self->streaming && !self->streams_reported)
    return ONAIR_VMIX_STREAM_UNKNOWN;
  return ONAIR_VMIX_STREAM_OFF;
}

/**
 * onair_vmix_state_get_streams_reported:
 *
 * Returns: %FALSE when vMix says it streams without saying which streams are on
 */
gboolean
onair_vmix_state_get_streams_reported (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), TRUE);
  return self->streams_reported || !self->streaming;
}

gboolean
onair_vmix_state_get_recording (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), FALSE);
  return self->recording;
}

/**
 * onair_vmix_state_get_recording_duration:
 *
 * Returns: whole seconds since the recording started, or -1 when vMix reports none
 */
gint64
onair_vmix_state_get_recording_duration (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), -1);
  return self->recording_duration;
}

const char * const *
onair_vmix_state_get_recording_files (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), NULL);
  return self->recording_files;
}

gboolean
onair_vmix_state_get_external (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), FALSE);
  return self->external;
}

gboolean
onair_vmix_state_get_multicorder (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), FALSE);
  return self->multicorder;
}

gboolean
onair_vmix_state_get_fullscreen (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), FALSE);
  return self->fullscreen;
}

/**
 * onair_vmix_state_get_has_outputs:
 *
 * Returns: whether the document has vMix 28's `<outputs>` element
 */
gboolean
onair_vmix_state_get_has_outputs (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), FALSE);
  return self->has_outputs;
}

guint
onair_vmix_state_get_n_outputs (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), 0);
  return self->outputs->len;
}

const OnairVmixOutput *
onair_vmix_state_get_output (OnairVmixState *self,
                             guint           index)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), NULL);
  g_return_val_if_fail (index < self->outputs->len, NULL);
  return &g_array_index (self->outputs, OnairVmixOutput, index);
}

guint
onair_vmix_state_get_n_srt_outputs (OnairVmixState *self)
{
  guint n = 0;

  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), 0);
  for (guint i = 0; i < self->outputs->len; i++)
    if (g_array_index (self->outputs, OnairVmixOutput, i).srt)
      n++;
  return n;
}

/**
 * onair_vmix_state_find_output:
 * @type: an output type such as "Output", compared without regard to case
 * @number: the output's number, from 1
 *
 * Returns: (nullable): the output as `<outputs>` lists it, or %NULL
 */
const OnairVmixOutput *
onair_vmix_state_find_output (OnairVmixState *self,
                              const char     *type,
                              guint           number)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), NULL);
  for (guint i = 0; i < self->outputs->len; i++)
    {
      const OnairVmixOutput *output = &g_array_index (self->outputs, OnairVmixOutput, i);

      if (output->number == number && onair_vmix_output_is_type (output, type))
        return output;
    }
  return NULL;
}

/**
 * onair_vmix_state_get_srt_output_count:
 *
 * The outputs whose SRT Onair can start and stop: those `<outputs>` lists as type
 * "Output"; when it lists none (or vMix sends no `<outputs>`, as before vMix 28), outputs
 * 1–4 of a vMix 24 or later, whose SRT state is then unknown (find_output gives %NULL).
 *
 * Returns: the number of outputs, 0 for a vMix older than 24
 */
guint
onair_vmix_state_get_srt_output_count (OnairVmixState *self)
{
  guint n = 0;

  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), 0);
  for (guint i = 0; i < self->outputs->len; i++)
    if (onair_vmix_output_is_type (&g_array_index (self->outputs, OnairVmixOutput, i), "Output"))
      n++;
  if (n > 0)
    return n;
  if (self->version_major != 0 && self->version_major < 24)
    return 0;
  return ONAIR_VMIX_SRT_OUTPUTS;
}

/**
 * onair_vmix_state_get_master:
 *
 * Returns: (nullable): the master meter, or %NULL when vMix reports no audio
 */
const OnairVmixMeter *
onair_vmix_state_get_master (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), NULL);
  return self->has_master ? &self->master : NULL;
}

guint
onair_vmix_state_get_n_buses (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), 0);
  return self->buses->len;
}

const OnairVmixMeter *
onair_vmix_state_get_bus (OnairVmixState *self,
                          guint           index)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), NULL);
  g_return_val_if_fail (index < self->buses->len, NULL);
  return &g_array_index (self->buses, OnairVmixMeter, index);
}

/**
 * onair_vmix_state_get_input_title:
 * @number: the input's number, as vMix counts them (from 1; `<active>` and `<preview>`
 *   name inputs by it)
 *
 * Returns: (nullable): the input's title as vMix shows it (e.g. "Camera 2"), %NULL when
 *   there is no such input
 */
const char *
onair_vmix_state_get_input_title (OnairVmixState *self,
                                  guint           number)
{
  const OnairVmixInput *inputs;

  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), NULL);

  if (number == 0)
    return NULL;
  inputs = (const OnairVmixInput *) (gconstpointer) self->inputs->data;
  /* Inputs are listed in order of their numbers: look there first. */
  if (number <= self->inputs->len && inputs[number - 1].number == number)
    return self->input_titles->str + inputs[number - 1].title;
  for (guint i = 0; i < self->inputs->len; i++)
    if (inputs[i].number == number)
      return self->input_titles->str + inputs[i].title;
  return NULL;
}

guint
onair_vmix_state_get_n_inputs (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), 0);
  return self->n_inputs;
}

guint
onair_vmix_state_get_active (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), 0);
  return self->active;
}

guint
onair_vmix_state_get_preview (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), 0);
  return self->preview;
}

gboolean
onair_vmix_state_get_has_fade_to_black (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), FALSE);
  return self->has_fade_to_black;
}

gboolean
onair_vmix_state_get_fade_to_black (OnairVmixState *self)
{
  g_return_val_if_fail (ONAIR_IS_VMIX_STATE (self), FALSE);
  return self->fade_to_black;
}
