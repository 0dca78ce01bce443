/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "core/witness/onair-witness-report.h"
#include "onair-witness-page-private.h"

/*
 * The witness page's export: the dialog (the complete log or the current filter, signed JSON
 * or a PDF audit report, and the key that signs exports), the file chooser (through the
 * portal when sandboxed), and the file written in a worker thread with progress and a Stop
 * button, then a toast naming the file or saying what went wrong.
 */

typedef struct {
  GFile              *file;
  OnairWitnessFilter *filter;
  gboolean            report;    /* a PDF audit report rather than a signed JSON export */
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
  gtk_widget_set_visible (self->export_cancel_button, exporting);
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

  /* The page is going away: nothing to show. */
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The export was cancelled."));
      return;
    }

  onair_witness_page_set_exporting (self, FALSE);
  g_clear_object (&self->export_cancellable);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      onair_witness_page_add_toast (self, _("Export stopped: no file was written"));
      g_task_return_error (task, error);
      return;
    }
  if (error != NULL)
    {
      g_autofree char *text = NULL;

      if (data->report)
        text = g_strdup_printf (_("The audit report could not be saved to “%s”: %s"), display,
                                error->message);
      else
        text = g_strdup_printf (_("The witness log could not be exported to “%s”: %s"), display,
                                error->message);
      onair_witness_page_add_toast (self, text);
      g_task_return_error (task, error);
      return;
    }

  {
    g_autofree char *count = onair_witness_page_format_count (data->n_events);
    g_autofree char *text = NULL;

    if (data->report)
      /* Translators: "Saved the audit report of 1 234 entries to onair-audit-report-….pdf" */
      text = g_strdup_printf (ngettext ("Saved the audit report of %s entry to %s",
                                        "Saved the audit report of %s entries to %s",
                                        data->n_events),
                              count, display);
    else
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

  if (data->report)
    onair_witness_write_report_finish (ONAIR_WITNESS (object), result, &data->n_events, &error);
  else
    onair_witness_export_finish (ONAIR_WITNESS (object), result, &data->n_events, &error);
  finish_export (task, error);
}

static void
write_report (GTask *task)
{
  OnairWitnessPage *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);

  onair_witness_write_report_async (self->witness, data->file, data->filter, self->public_key,
                                    onair_witness_paper_from_locale (),
                                    export_progress_cb, g_object_ref (self), g_object_unref,
                                    self->export_cancellable, exported_cb, g_object_ref (task));
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
  if (g_cancellable_is_cancelled (self->export_cancellable))
    {
      g_clear_error (&error);
      finish_export (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                _("The export was cancelled.")));
      return;
    }

  if (data->report)
    {
      /* The report names the key that signs the JSON exports; without a keyring it says it
       * has none, and is still made. */
      if (key != NULL && self->public_key == NULL)
        {
          g_autofree char *public_key = onair_witness_signing_key_dup_public_key (key, NULL);

          if (public_key != NULL)
            {
              self->fingerprint = onair_witness_public_key_fingerprint (public_key);
              self->public_key = g_steal_pointer (&public_key);
              g_object_notify_by_pspec (G_OBJECT (self),
                                        onair_witness_page_properties[ONAIR_WITNESS_PAGE_PROP_PUBLIC_KEY]);
            }
        }
      g_clear_error (&error);
      write_report (task);
      return;
    }

  if (key == NULL)
    {
      finish_export (task, error);
      return;
    }
  onair_witness_export_async (self->witness, data->file, data->filter, key,
                              export_progress_cb, g_object_ref (self), g_object_unref,
                              self->export_cancellable, exported_cb, g_object_ref (task));
}

static void
start_export (OnairWitnessPage    *self,
              GFile               *file,
              gboolean             filtered,
              gboolean             report,
              gpointer             source_tag,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

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
  data->report = report;
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  onair_witness_page_set_exporting (self, TRUE);
  self->export_cancellable = g_cancellable_new ();
  if (report && self->public_key != NULL)
    write_report (task);
  else
    onair_witness_recorder_load_signing_key_async (self->recorder, self->export_cancellable,
                                                   signing_key_cb, g_object_ref (task));
}

/**
 * onair_witness_page_export_to_file_async:
 * @file: the export file, replaced if it exists
 * @filtered: export only the entries the current filter shows, else the complete log
 *
 * Writes a signed export of the chain (the signing key comes from the keyring, made on the
 * first export), showing progress, then a toast naming the file or saying what went wrong.
 * Cancelled with the page, or by onair_witness_page_cancel_export().
 */
void
onair_witness_page_export_to_file_async (OnairWitnessPage    *self,
                                         GFile               *file,
                                         gboolean             filtered,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (ONAIR_IS_WITNESS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  start_export (self, file, filtered, FALSE, onair_witness_page_export_to_file_async,
                callback, user_data);
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

/**
 * onair_witness_page_export_report_async:
 * @file: the PDF file, replaced once complete
 * @filtered: list only the entries the current filter shows, else the complete log
 *
 * Writes the audit report (see onair_witness_write_report_async()) on the paper of the
 * user's locale, naming the key that signs the log's JSON exports, with progress, then a
 * toast. Cancelled with the page, or by onair_witness_page_cancel_export().
 */
void
onair_witness_page_export_report_async (OnairWitnessPage    *self,
                                        GFile               *file,
                                        gboolean             filtered,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (ONAIR_IS_WITNESS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  start_export (self, file, filtered, TRUE, onair_witness_page_export_report_async,
                callback, user_data);
}

/**
 * onair_witness_page_export_report_finish:
 * @n_events: (out) (optional): the number of entries listed
 *
 * Returns: %TRUE when the report is complete on disk
 */
gboolean
onair_witness_page_export_report_finish (OnairWitnessPage  *self,
                                         GAsyncResult      *result,
                                         guint64           *n_events,
                                         GError           **error)
{
  return onair_witness_page_export_to_file_finish (self, result, n_events, error);
}

/**
 * onair_witness_page_cancel_export:
 *
 * Stops the export running (the Stop button); its file is left as it was.
 */
void
onair_witness_page_cancel_export (OnairWitnessPage *self)
{
  g_return_if_fail (ONAIR_IS_WITNESS_PAGE (self));

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

static void
export_cancel_clicked_cb (OnairWitnessPage *self)
{
  onair_witness_page_cancel_export (self);
}

static void
chooser_response_cb (OnairWitnessPage     *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  gboolean filtered = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "filtered"));
  gboolean report = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "report"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL && report)
        onair_witness_page_export_report_async (self, file, filtered, NULL, NULL);
      else if (file != NULL)
        onair_witness_page_export_to_file_async (self, file, filtered, NULL, NULL);
    }
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
choose_export_file (OnairWitnessPage *self,
                    gboolean          filtered,
                    gboolean          report)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, report ? "onair-audit-report-%Y%m%d-%H%M%S.pdf"
                                                          : "onair-witness-%Y%m%d-%H%M%S.json");
  g_autoptr(GtkFileFilter) file_filter = gtk_file_filter_new ();
  const char *title;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  if (report)
    title = filtered ? _("Save an Audit Report of the Filtered Log")
                     : _("Save an Audit Report of the Witness Log");
  else
    title = filtered ? _("Export Filtered Witness Log") : _("Export Witness Log");

  /* Through the file chooser portal when sandboxed. */
  self->chooser = gtk_file_chooser_native_new (title,
                                               onair_witness_page_get_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               report ? _("_Save") : _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  if (report)
    {
      gtk_file_filter_set_name (file_filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (file_filter, "application/pdf");
      gtk_file_filter_add_suffix (file_filter, "pdf");
    }
  else
    {
      gtk_file_filter_set_name (file_filter, _("JSON documents"));
      gtk_file_filter_add_mime_type (file_filter, "application/json");
      gtk_file_filter_add_suffix (file_filter, "json");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), file_filter);
  g_object_set_data (G_OBJECT (self->chooser), "filtered", GINT_TO_POINTER (filtered));
  g_object_set_data (G_OBJECT (self->chooser), "report", GINT_TO_POINTER (report));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    OnairWitnessPage *self)
{
  GtkCheckButton *pdf = g_object_get_data (G_OBJECT (dialog), "onair-pdf");
  gboolean report = pdf != NULL && gtk_check_button_get_active (pdf);

  if (g_str_equal (response, "complete"))
    choose_export_file (self, FALSE, report);
  else if (g_str_equal (response, "filtered"))
    choose_export_file (self, TRUE, report);
}

static GtkWidget *
add_format_row (GtkListBox     *list,
                const char     *title,
                const char     *subtitle,
                GtkCheckButton *group)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_list_box_append (list, row);
  return check;
}

/* What to export and as what, and the key that signs it. */
static GtkWidget *
new_export_choices (OnairWitnessPage *self,
                    GtkWidget        *dialog)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *json, *pdf;

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  json = add_format_row (GTK_LIST_BOX (list), _("Signed JSON"),
                         _("For verification: every hash and the signature can be checked"),
                         NULL);
  pdf = add_format_row (GTK_LIST_BOX (list), _("PDF Audit Report"),
                        _("To read, print and file, with how to verify the JSON"),
                        GTK_CHECK_BUTTON (json));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (json), TRUE);
  g_object_set_data (G_OBJECT (dialog), "onair-pdf", pdf);

  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), onair_witness_page_new_key_box (self));
  return box;
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
                                   _("A complete export holds every entry and can be checked "
                                     "from the first to the last; an export of the current "
                                     "filter holds only the entries shown. The signed JSON is "
                                     "what an auditor verifies; the PDF report is for reading "
                                     "and filing, and says how to verify the JSON."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                      new_export_choices (self, dialog));
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
  gtk_widget_class_bind_template_callback (widget_class, export_cancel_clicked_cb);
}

void
onair_witness_page_export_dispose (OnairWitnessPage *self)
{
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}
