/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-preferences-window-private.h"

/*
 * Preferences, Alerts: where alerts go besides the desktop. Each sink is a row (its service,
 * its address by fingerprint only, what its last test or alert said) with Send Test Alert,
 * an on/off switch and Remove; a form below adds one, its address going to the keyring.
 */

typedef struct
{
  AdwPreferencesGroup *sinks_group;
  GPtrArray           *rows;          /* GtkWidget*: the rows in sinks_group */
  GHashTable          *results;       /* sink id → what its last test said */
  GHashTable          *testing;       /* sink ids whose test runs */
  AdwEntryRow         *name_row;
  AdwComboRow         *shape_row;
  AdwPasswordEntryRow *url_row;
  GtkWidget           *add_button;
  GtkWidget           *form_error;     /* why the address was refused, in full */
  guint                update_source;  /* rows rebuilt when idle, never inside their handlers */
} Alerts;

static void
alerts_free (Alerts *alerts)
{
  g_ptr_array_unref (alerts->rows);
  g_hash_table_unref (alerts->results);
  g_hash_table_unref (alerts->testing);
  g_free (alerts);
}

static Alerts *
alerts_of (OnairPreferencesWindow *self)
{
  return g_object_get_data (G_OBJECT (self), "onair-alerts");
}

static OnairAlertSinks *
sinks_of (OnairPreferencesWindow *self)
{
  return onair_application_get_alert_sinks (self->application);
}

static void
toast (OnairPreferencesWindow *self,
       const char             *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

/* What the row says under its name: the service, the address by fingerprint, and what
 * happened last. */
static char *
describe_sink (OnairPreferencesWindow   *self,
               const OnairAlertSinkInfo *info)
{
  Alerts *alerts = alerts_of (self);
  const char *result = g_hash_table_lookup (alerts->results, info->id);
  g_autofree char *address = NULL;
  g_autofree char *state = NULL;
  GString *text = g_string_new (NULL);

  /* Translators: %s is the fingerprint of a webhook address, e.g. "3fa9c2d1" */
  address = info->fingerprint != NULL ? g_strdup_printf (_("address %s"), info->fingerprint)
                                      : g_strdup (_("address in the keyring"));
  g_string_append_printf (text, "%s · %s", onair_alert_shape_get_label (info->shape), address);
  if (g_hash_table_contains (alerts->testing, info->id))
    g_string_append_printf (text, "\n%s", _("Sending a test alert…"));
  else if (result != NULL)
    g_string_append_printf (text, "\n%s", result);
  if (info->failure != NULL)
    {
      /* Translators: %s says why, e.g. "The alert service had an error (HTTP 500)." */
      state = g_strdup_printf (_("Last alert not delivered: %s"), info->failure);
      g_string_append_printf (text, "\n%s", state);
    }
  if (!info->enabled)
    g_string_append_printf (text, "\n%s", _("Off: no alerts are sent here"));
  return g_string_free (text, FALSE);
}

typedef struct
{
  OnairPreferencesWindow *self;
  char                   *id;
} SinkCall;

static SinkCall *
sink_call_new (OnairPreferencesWindow *self,
               const char             *id)
{
  SinkCall *call = g_new0 (SinkCall, 1);

  call->self = g_object_ref (self);
  call->id = g_strdup (id);
  return call;
}

static void
sink_call_free (SinkCall *call)
{
  g_object_unref (call->self);
  g_free (call->id);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SinkCall, sink_call_free)

static void queue_update (OnairPreferencesWindow *self);

static void
test_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SinkCall) call = user_data;
  OnairPreferencesWindow *self = call->self;
  g_autoptr(GError) error = NULL;
  Alerts *alerts = alerts_of (self);
  char *text;

  if (onair_alert_sinks_test_finish (ONAIR_ALERT_SINKS (object), result, &error))
    text = g_strdup (_("Test alert delivered."));
  else
    /* Translators: %s says why, e.g. "The alert service did not answer within 10 s." */
    text = g_strdup_printf (_("Test alert not delivered: %s"), error->message);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_free (text);
      return;
    }
  g_hash_table_remove (alerts->testing, call->id);
  g_hash_table_replace (alerts->results, g_strdup (call->id), text);
  queue_update (self);
}

static void
test_clicked_cb (OnairPreferencesWindow *self,
                 GtkWidget              *button)
{
  const char *id = g_object_get_data (G_OBJECT (button), "sink-id");
  Alerts *alerts = alerts_of (self);

  if (g_hash_table_contains (alerts->testing, id))
    return;
  g_hash_table_add (alerts->testing, g_strdup (id));
  g_hash_table_remove (alerts->results, id);
  onair_alert_sinks_test_async (sinks_of (self), id, self->cancellable, test_done_cb,
                                sink_call_new (self, id));
  queue_update (self);
}

static void
enabled_cb (GtkSwitch              *toggle,
            GParamSpec             *pspec,
            OnairPreferencesWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (toggle), "sink-id");
  const OnairAlertSinkInfo *info = onair_alert_sinks_find_sink (sinks_of (self), id);

  if (info == NULL || info->enabled == gtk_switch_get_active (toggle))
    return;
  g_hash_table_remove (alerts_of (self)->results, id);
  onair_alert_sinks_set_enabled (sinks_of (self), self->settings, id,
                                 gtk_switch_get_active (toggle));
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SinkCall) call = user_data;
  g_autoptr(GError) error = NULL;

  if (!onair_alert_sinks_remove_finish (ONAIR_ALERT_SINKS (object), result, &error))
    {
      if (!g_cancellable_is_cancelled (call->self->cancellable))
        onair_preferences_window_show_error (call->self, error);
      return;
    }
  if (!g_cancellable_is_cancelled (call->self->cancellable))
    toast (call->self, _("Alert sink removed, and its address from the keyring"));
}

static void
remove_clicked_cb (OnairPreferencesWindow *self,
                   GtkWidget              *button)
{
  const char *id = g_object_get_data (G_OBJECT (button), "sink-id");

  g_hash_table_remove (alerts_of (self)->results, id);
  onair_alert_sinks_remove_async (sinks_of (self), self->settings, id, self->cancellable,
                                  removed_cb, sink_call_new (self, id));
}

static GtkWidget *
new_sink_row (OnairPreferencesWindow   *self,
              const OnairAlertSinkInfo *info)
{
  g_autofree char *subtitle = describe_sink (self, info);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *test = gtk_button_new_with_mnemonic (_("Send _Test Alert"));
  GtkWidget *toggle = gtk_switch_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  g_object_set_data_full (G_OBJECT (row), "sink-id", g_strdup (info->id), g_free);

  gtk_widget_set_valign (test, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (test, !g_hash_table_contains (alerts_of (self)->testing, info->id));
  g_object_set_data_full (G_OBJECT (test), "sink-id", g_strdup (info->id), g_free);
  g_signal_connect_object (test, "clicked", G_CALLBACK (test_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), test);

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), info->enabled);
  gtk_widget_set_tooltip_text (toggle, _("Send alerts here"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Send alerts here"), -1);
  g_object_set_data_full (G_OBJECT (toggle), "sink-id", g_strdup (info->id), g_free);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (enabled_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "sink-id", g_strdup (info->id), g_free);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
update_sink_rows (OnairPreferencesWindow *self)
{
  Alerts *alerts = alerts_of (self);
  OnairAlertSinks *sinks = sinks_of (self);
  guint n;

  if (alerts == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  for (guint i = 0; i < alerts->rows->len; i++)
    adw_preferences_group_remove (alerts->sinks_group, g_ptr_array_index (alerts->rows, i));
  g_ptr_array_set_size (alerts->rows, 0);

  n = sinks != NULL ? onair_alert_sinks_get_n_sinks (sinks) : 0;
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = new_sink_row (self, onair_alert_sinks_get_sink (sinks, i));

      adw_preferences_group_add (alerts->sinks_group, row);
      g_ptr_array_add (alerts->rows, row);
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No alert sinks yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Alerts only reach this computer’s desktop."));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (alerts->sinks_group, row);
      g_ptr_array_add (alerts->rows, row);
    }
}

/* @message: (nullable): why the address cannot be used; %NULL hides it */
static void
show_form_error (Alerts     *alerts,
                 const char *message)
{
  gtk_label_set_text (GTK_LABEL (alerts->form_error), message != NULL ? message : "");
  gtk_widget_set_visible (alerts->form_error, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (alerts->url_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (alerts->url_row), "error");
}

static gboolean
update_idle_cb (gpointer user_data)
{
  OnairPreferencesWindow *self = user_data;

  alerts_of (self)->update_source = 0;
  update_sink_rows (self);
  return G_SOURCE_REMOVE;
}

/* A switch or button of a row may be what changed the sinks: its row is replaced once its
 * handler is done. */
static void
queue_update (OnairPreferencesWindow *self)
{
  Alerts *alerts = alerts_of (self);

  if (alerts == NULL || alerts->update_source != 0 || g_cancellable_is_cancelled (self->cancellable))
    return;
  alerts->update_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, update_idle_cb,
                                           g_object_ref (self), g_object_unref);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SinkCall) call = user_data;
  OnairPreferencesWindow *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  Alerts *alerts = alerts_of (self);

  id = onair_alert_sinks_add_finish (ONAIR_ALERT_SINKS (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  gtk_widget_set_sensitive (alerts->add_button, TRUE);
  if (id == NULL)
    {
      if (error->domain == ONAIR_ALERT_SINKS_ERROR)
        show_form_error (alerts, error->message);
      else
        onair_preferences_window_show_error (self, error);
      return;
    }
  show_form_error (alerts, NULL);
  gtk_editable_set_text (GTK_EDITABLE (alerts->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (alerts->url_row), "");
  toast (self, _("Alert sink added; its address is in the keyring"));
}

static void
add_clicked_cb (OnairPreferencesWindow *self)
{
  Alerts *alerts = alerts_of (self);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (alerts->name_row))));
  const char *url = gtk_editable_get_text (GTK_EDITABLE (alerts->url_row));
  guint shape = adw_combo_row_get_selected (alerts->shape_row);
  g_autoptr(GError) error = NULL;

  if (*name == '\0')
    {
      toast (self, _("Give the alert sink a name, e.g. “Crew chat”"));
      return;
    }
  if (!onair_alert_sink_check_url (url, &error))
    {
      show_form_error (alerts, error->message);
      return;
    }
  show_form_error (alerts, NULL);
  gtk_widget_set_sensitive (alerts->add_button, FALSE);
  onair_alert_sinks_add_async (sinks_of (self), self->settings, name,
                               shape < ONAIR_ALERT_N_SHAPES ? shape : ONAIR_ALERT_SHAPE_JSON,
                               url, self->cancellable, added_cb, sink_call_new (self, NULL));
}

static AdwPreferencesGroup *
new_form_group (OnairPreferencesWindow *self,
                Alerts                 *alerts)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autoptr(GtkStringList) shapes = gtk_string_list_new (NULL);

  adw_preferences_group_set_title (group, _("New Alert Sink"));
  adw_preferences_group_set_description (group,
    _("Paste the webhook address the service gave you. It carries a token, so it is kept in "
      "the keyring and shown here by a fingerprint only. It must start with https:// "
      "(http:// only for a relay on this computer or the local network)."));

  alerts->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (alerts->name_row), _("_Name"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (alerts->name_row), TRUE);
  adw_preferences_group_add (group, GTK_WIDGET (alerts->name_row));

  for (guint i = 0; i < ONAIR_ALERT_N_SHAPES; i++)
    gtk_string_list_append (shapes, onair_alert_shape_get_label (i));
  alerts->shape_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (alerts->shape_row), _("_Service"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (alerts->shape_row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (alerts->shape_row),
                               _("The kind of message the address expects"));
  adw_combo_row_set_model (alerts->shape_row, G_LIST_MODEL (shapes));
  adw_preferences_group_add (group, GTK_WIDGET (alerts->shape_row));

  alerts->url_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (alerts->url_row), _("Webhook _Address"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (alerts->url_row), TRUE);
  adw_preferences_group_add (group, GTK_WIDGET (alerts->url_row));

  alerts->form_error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (alerts->form_error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (alerts->form_error), 0);
  gtk_widget_set_margin_top (alerts->form_error, 12);
  gtk_widget_add_css_class (alerts->form_error, "error");
  gtk_widget_set_visible (alerts->form_error, FALSE);
  adw_preferences_group_add (group, alerts->form_error);

  alerts->add_button = gtk_button_new_with_mnemonic (_("_Add Alert Sink"));
  gtk_widget_set_halign (alerts->add_button, GTK_ALIGN_END);
  gtk_widget_set_margin_top (alerts->add_button, 12);
  gtk_widget_add_css_class (alerts->add_button, "suggested-action");
  g_signal_connect_object (alerts->add_button, "clicked", G_CALLBACK (add_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, alerts->add_button);
  return group;
}

/* Called once by onair_preferences_window_new(). */
void
onair_preferences_window_add_alerts_page (OnairPreferencesWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  Alerts *alerts = g_new0 (Alerts, 1);

  alerts->rows = g_ptr_array_new ();
  alerts->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  alerts->testing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_object_set_data_full (G_OBJECT (self), "onair-alerts", alerts, (GDestroyNotify) alerts_free);

  adw_preferences_page_set_title (page, _("Alerts"));
  adw_preferences_page_set_name (page, "alerts");
  adw_preferences_page_set_icon_name (page, "alarm-symbolic");

  alerts->sinks_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (alerts->sinks_group, _("Alert Sinks"));
  adw_preferences_group_set_description (alerts->sinks_group,
    _("Besides the desktop notification, every health alert goes to these places: a team "
      "chat, a phone through ntfy, or any web service. Alerts that cannot be delivered are "
      "retried for 5 minutes."));
  adw_preferences_page_add (page, alerts->sinks_group);
  adw_preferences_page_add (page, new_form_group (self, alerts));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);

  if (sinks_of (self) != NULL)
    g_signal_connect_object (sinks_of (self), "changed", G_CALLBACK (queue_update), self,
                             G_CONNECT_SWAPPED);
  update_sink_rows (self);
}
