/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "core/destinations/onair-url-key.h"
#include "onair-destination-dialog-private.h"

/*
 * The destination dialog's checks, as the producer types: the server URL (and a stream key
 * pasted into it, which one click moves to the key field), the name (given, and no other
 * destination's), the stream key (a new destination has one), the statistics address.
 * Errors show next to their field and keep Save off; warnings do not.
 */

/* A typed key shorter than this is too common a string to look for in the URL. */
#define MIN_KEY_LENGTH_TO_MATCH 8

static void
show_message (GtkLabel   *label,
              GtkWidget  *row,
              const char *message,
              const char *style)
{
  static const char *styles[] = { "error", "warning", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (label), styles[i]);
      gtk_widget_remove_css_class (row, styles[i]);
    }
  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  gtk_widget_set_tooltip_text (row, message);
  if (message != NULL && style != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (label), style);
      if (!g_str_equal (style, "dim-label"))
        gtk_widget_add_css_class (row, style);
    }
}

/* Names compare as the producer reads them: trimmed, in any case. */
static char *
dup_comparable_name (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_DEFAULT);

  return g_utf8_casefold (normalized != NULL ? normalized : stripped, -1);
}

/* Returns: (nullable): the other destination already called @name */
static OnairDestination *
find_other_named (OnairDestinationDialog *self,
                  const char             *name)
{
  GListModel *list;
  g_autofree char *wanted = NULL;

  /* Still being built: the list comes with the application. */
  if (self->application == NULL)
    return NULL;
  list = G_LIST_MODEL (onair_application_get_destinations (self->application));
  wanted = dup_comparable_name (name);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(OnairDestination) other = g_list_model_get_item (list, i);
      g_autofree char *other_name = NULL;

      if (other == self->destination || other == self->candidate)
        continue;
      other_name = dup_comparable_name (onair_destination_get_name (other));
      if (g_str_equal (other_name, wanted))
        return other;
    }
  return NULL;
}

static gboolean
check_name (OnairDestinationDialog *self,
            const char             *name)
{
  OnairDestination *other;

  if (*name == '\0')
    {
      show_message (self->name_message, GTK_WIDGET (self->name_row),
                    _("Give the destination a name: the stream cards list it by name."),
                    "error");
      return FALSE;
    }
  other = find_other_named (self, name);
  if (other != NULL)
    {
      /* Translators: %s is the name of a destination, e.g. "Twitch" */
      g_autofree char *message =
        g_strdup_printf (_("Another destination is already called “%s”: give this one a name "
                           "of its own, so that no one picks the wrong one on air."),
                         onair_destination_get_name (other));

      show_message (self->name_message, GTK_WIDGET (self->name_row), message, "error");
      return FALSE;
    }
  show_message (self->name_message, GTK_WIDGET (self->name_row), NULL, NULL);
  return TRUE;
}

/* Every preset's server takes a stream key, and the controller refuses to start a
 * destination without one: a new destination needs it, an edited one may keep its own. */
static gboolean
check_key (OnairDestinationDialog *self,
           const char             *key)
{
  gboolean has_stored = self->destination != NULL &&
                        onair_destination_has_key (self->destination);

  if (*key != '\0' || has_stored)
    {
      show_message (self->key_message, GTK_WIDGET (self->key_row), NULL, NULL);
      return TRUE;
    }
  /* Before the producer has been to the key field, a hint rather than a reproach. */
  show_message (self->key_message, GTK_WIDGET (self->key_row),
                _("Enter the stream key the platform gave you: without it the platform "
                  "refuses the stream."),
                self->key_touched ? "error" : "dim-label");
  return FALSE;
}

static gboolean
check_url (OnairDestinationDialog *self,
           OnairPreset            *preset,
           const char             *url,
           const char             *key)
{
  g_autoptr(GError) url_error = NULL;
  OnairUrlWarnings warnings = ONAIR_URL_WARNING_NONE;
  g_autofree char *url_server = NULL;
  char *url_key = NULL;
  gboolean url_ok;
  gboolean key_in_url;

  url_ok = onair_url_validate (url, ONAIR_URL_KIND_RTMP, &warnings, &url_error);
  /* Something key-like in the URL (user info, a path after a platform's address, a query
   * string, a random-looking segment), or the very key typed in the key field: Save is
   * impossible until it is moved. */
  key_in_url = *url != '\0' && (onair_url_find_key (url, &url_server, &url_key) ||
                                (strlen (key) >= MIN_KEY_LENGTH_TO_MATCH &&
                                 strstr (url, key) != NULL));
  onair_secret_free (url_key);
  if (!url_ok && key_in_url && url_server != NULL)
    url_ok = TRUE; /* the error to show is the key, which the button fixes */
  if (!url_ok && *url == '\0' && preset != NULL && onair_preset_get_url_placeholder (preset))
    {
      g_autofree char *hint =
        g_strdup_printf (_("The address your server gave you, for example %s"),
                         onair_preset_get_url_placeholder (preset));

      show_message (self->url_message, GTK_WIDGET (self->url_row), hint, "dim-label");
    }
  else if (!url_ok && *url == '\0')
    show_message (self->url_message, GTK_WIDGET (self->url_row), NULL, NULL);
  else if (!url_ok)
    show_message (self->url_message, GTK_WIDGET (self->url_row), url_error->message, "error");
  else if (key_in_url)
    show_message (self->url_message, GTK_WIDGET (self->url_row),
                  _("The URL seems to contain a stream key. Saving it would keep the key in "
                    "plain settings and on screen: move it to the key field, which is kept "
                    "in the keyring."), "error");
  else if ((warnings & ONAIR_URL_WARNING_KEY_IN_URL) != 0)
    show_message (self->url_message, GTK_WIDGET (self->url_row),
                  onair_url_warnings_to_string (ONAIR_URL_WARNING_KEY_IN_URL), "warning");
  else
    show_message (self->url_message, GTK_WIDGET (self->url_row), NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->move_key_button), key_in_url);
  return url_ok && !key_in_url;
}

/**
 * onair_destination_dialog_update_state:
 *
 * Checks every field, shows what is wrong next to it, and allows Save only when nothing is.
 *
 * Returns: whether the form can be saved
 */
gboolean
onair_destination_dialog_update_state (OnairDestinationDialog *self)
{
  OnairPreset *preset = onair_destination_dialog_get_preset (self);
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  g_autofree char *stats = NULL;
  g_autoptr(GError) stats_error = NULL;
  char *key;
  gboolean stats_ok = TRUE;
  gboolean ok;

  if (self->server_urls == NULL || self->save_button == NULL)
    return FALSE;

  url = onair_destination_dialog_dup_server_url (self);
  name = onair_destination_dialog_dup_text (self->name_row);
  stats = onair_destination_dialog_dup_text (self->stats_row);
  key = onair_destination_dialog_dup_text (self->key_row);

  /* Each check shows its own message: all of them run. */
  ok = check_url (self, preset, url, key);
  ok = check_name (self, name) && ok;
  ok = check_key (self, key) && ok;
  onair_secret_free (key);

  if (*stats != '\0')
    stats_ok = onair_url_validate (stats, ONAIR_URL_KIND_INGEST_STATS, NULL, &stats_error);
  show_message (self->stats_message, GTK_WIDGET (self->stats_row),
                stats_ok ? NULL : stats_error->message, "error");

  ok = ok && stats_ok && preset != NULL;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), ok && !self->saving);
  return ok;
}

/* One click: the key leaves the URL for the key field (and so for the keyring on Save). */
void
onair_destination_dialog_move_key_clicked_cb (OnairDestinationDialog *self)
{
  g_autofree char *url = onair_destination_dialog_dup_server_url (self);
  char *typed = onair_destination_dialog_dup_text (self->key_row);
  g_autofree char *server = NULL;
  char *key = NULL;

  if (onair_url_find_key (url, &server, &key))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), server);
      /* A key already typed stays: the URL only loses its copy. */
      if (*typed == '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->key_row), key);
    }
  else if (strlen (typed) >= MIN_KEY_LENGTH_TO_MATCH && strstr (url, typed) != NULL)
    {
      g_autoptr(GString) without = g_string_new (url);

      g_string_replace (without, typed, "", 0);
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), without->str);
    }
  onair_secret_free (key);
  onair_secret_free (typed);
  memset (url, 0, strlen (url));
  gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
}
