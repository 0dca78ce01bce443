/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-witness-page-private.h"

/*
 * The witness page's export: the choice between the complete log and the current filter,
 * the file chooser (through the portal when sandboxed), and a signed export written in a
 * worker thread with progress, then a toast naming the file or saying what went wrong.
 */

typedef struct {
  GFile              *file;
  OnairWitnessFilter *filter;
  guint64             n_events;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->filter, onair_witness_filter_free);
  g_free (data);
}

void
onair_witness_page_set_exporting (OnairWitnessPage *self,
                                  gboolean          exporting)
{
  self->exporting = exporting;
  gtk_progress_bar_set_fraction (self->export_progress, 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "witness.export",
                                 self->witness != NULL && !exporting);
}

static void
finish_export (GTask  *task,
               GError *error)
{
  OnairWitnessPage *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  g_autofree char *name = g_file_get_basename (data->file);
  g_autofree char *display = g_filename_display_name (name);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The export was cancelled."));
      return;
    }

  onair_witness_page_set_exporting (self, FALSE);

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The witness log could not be exported to "
                                                 "“%s”: %s"), display, error->message);

      onair_witness_page_add_toast (self, text);
      g_task_return_error (task, error);
      return;
    }

  {
    g_autofree char *count = onair_witness_page_format_count (data->n_events);
    g_autofree char *text = NULL;

    /* Translators: "Exported 1 234 events to onair-witness-20251112-103000.json" */
    text = g_strdup_printf (ngettext ("Exported %s event to %s", "Exported %s events to %s",
                                      data->n_events),
                            count, display);
    onair_witness_page_add_toast (self, text);
  }
  g_task_return_boolean (task, TRUE);
}

static void
export_progress_cb (double   fraction,
                    gpointer user_data)
{
  OnairWitnessPage *self = user_data;

  if (self->exporting && !g_cancellable_is_cancelled (self->cancellable))
    gtk_progress_bar_set_fraction (self->export_progress, fraction);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  GError *error = NULL;

  onair_witness_export_finish (ONAIR_WITNESS (object), result, &data->n_events, &error);
  finish_export (task, error);
}

static void
signing_key_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnairWitnessPage *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) key = NULL;
  GError *error = NULL;

  key = onair_witness_recorder_load_signing_key_finish (ONAIR_WITNESS_RECORDER (object), result,
                                                        &error);
  if (key == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      finish_export (task, error);
      return;
    }

  onair_witness_export_async (self->witness, data->file, data->filter, key,
                              export_progress_cb, g_object_ref (self), g_object_unref,
                              self->cancellable, exported_cb, g_object_ref (task));
}

/**
 * onair_witness_page_export_to_file_async:
 * @file: the export file, replaced if it exists
 * @filtered: export only the entries the current filter shows, else the complete log
 *
 * Writes a signed export of the chain (the signing key comes from the keyring, made on the
 * first export), showing progress, then a toast naming the file or saying what went wrong.
 * Cancelled with the page.
 */
void
onair_witness_page_export_to_file_async (OnairWitnessPage    *self,
                                         GFile               *file,
                                         gboolean             filtered,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (ONAIR_IS_WITNESS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, onair_witness_page_export_to_file_async);

  if (self->witness == NULL)
    {
      g_task_return_new_error (task, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                               _("The witness log is not open, so it cannot be exported."));
      return;
    }
  if (self->exporting)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("An export is already running. Wait for it to finish."));
      return;
    }

  data = g_new0 (ExportData, 1);
  data->file = g_object_ref (file);
  data->filter = filtered && self->filter != NULL ? onair_witness_filter_copy (self->filter) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  onair_witness_page_set_exporting (self, TRUE);
  onair_witness_recorder_load_signing_key_async (self->recorder, self->cancellable,
                                                 signing_key_cb, g_steal_pointer (&task));
}

/**
 * onair_witness_page_export_to_file_finish:
 * @n_events: (out) (optional): the number of entries exported
 *
 * Returns: %TRUE when the export file is complete on disk
 */
gboolean
onair_witness_page_export_to_file_finish (OnairWitnessPage  *self,
                                          GAsyncResult      *result,
                                          guint64           *n_events,
                                          GError           **error)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_events != NULL)
    *n_events = ((ExportData *) g_task_get_task_data (G_TASK (result)))->n_events;
  return TRUE;
}

static void
chooser_response_cb (OnairWitnessPage     *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  gboolean filtered = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "filtered"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        onair_witness_page_export_to_file_async (self, file, filtered, NULL, NULL);
    }
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
choose_export_file (OnairWitnessPage *self,
                    gboolean          filtered)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "onair-witness-%Y%m%d-%H%M%S.json");
  g_autoptr(GtkFileFilter) json_filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  /* Through the file chooser portal when sandboxed. */
  self->chooser = gtk_file_chooser_native_new (filtered ? _("Export Filtered Witness Log")
                                                        : _("Export Witness Log"),
                                               onair_witness_page_get_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (json_filter, _("JSON documents"));
  gtk_file_filter_add_mime_type (json_filter, "application/json");
  gtk_file_filter_add_suffix (json_filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), json_filter);
  g_object_set_data (G_OBJECT (self->chooser), "filtered", GINT_TO_POINTER (filtered));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    OnairWitnessPage *self)
{
  if (g_str_equal (response, "complete"))
    choose_export_file (self, FALSE);
  else if (g_str_equal (response, "filtered"))
    choose_export_file (self, TRUE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OnairWitnessPage *self = ONAIR_WITNESS_PAGE (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (onair_witness_page_get_parent_window (self),
                                   _("Export the Witness Log?"),
                                   _("A complete export can be checked from the first entry to "
                                     "the last. An export of the current filter holds only the "
                                     "entries shown, each with its own hash. Either way the file "
                                     "is signed with this computer’s key."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "filtered", _("Current _Filter"),
                                    "complete", _("C_omplete Log"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "complete",
                                              ADW_RESPONSE_SUGGESTED);
  /* Without a filter both would be the same file. */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "filtered",
                                           self->filter != NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "complete");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
onair_witness_page_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "witness.export", NULL, export_action);
}

void
onair_witness_page_export_dispose (OnairWitnessPage *self)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}
