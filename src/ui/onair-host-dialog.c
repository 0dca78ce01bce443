/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-host-dialog.h"
#include "onair-host-dialog-connection.h"

/*
 * Adds or edits one vMix host. The dialog never writes the settings: "saved" hands the
 * profile back to whoever keeps the list, once its password is in the keyring.
 */

struct _OnairHostDialog
{
  AdwWindow            parent_instance;

  OnairApplication    *application;
  GCancellable        *cancellable;       /* keyring calls; cancelled when the dialog goes */
  GCancellable        *test_cancellable;  /* the connection test running, if any */
  OnairHostProfile    *original;          /* NULL for a new host */
  GPtrArray           *others;            /* OnairHostProfile*: every other host */

  GtkButton           *save_button;
  AdwEntryRow         *name_row;
  AdwComboRow         *role_row;
  AdwEntryRow         *host_row;
  AdwEntryRow         *port_row;
  GtkSwitch           *tls_switch;
  AdwEntryRow         *username_row;
  AdwPasswordEntryRow *password_row;
  AdwActionRow        *test_row;
  GtkButton           *test_button;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (OnairHostDialog, onair_host_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_stripped_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
id_is_taken (OnairHostDialog *self,
             const char      *id)
{
  for (guint i = 0; i < self->others->len; i++)
    if (g_str_equal (((OnairHostProfile *) g_ptr_array_index (self->others, i))->id, id))
      return TRUE;
  return FALSE;
}

/* The witness log names hosts by id: a readable one, "studio-b", beats a UUID there. */
static char *
make_id (OnairHostDialog *self,
         const char      *name)
{
  g_autoptr(GString) slug = g_string_new (NULL);
  g_autofree char *ascii = g_str_to_ascii (name, NULL);
  g_autofree char *id = NULL;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_assign (slug, "host");

  id = g_strdup (slug->str);
  for (guint n = 2; id_is_taken (self, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", slug->str, n);
    }
  return g_steal_pointer (&id);
}

/* Returns: (transfer full) (nullable): the profile typed, or %NULL with the reason why not */
static OnairHostProfile *
profile_from_rows (OnairHostDialog  *self,
                   char            **problem)
{
  g_autofree char *name = dup_stripped_text (self->name_row);
  g_autofree char *host = dup_stripped_text (self->host_row);
  g_autofree char *port_text = dup_stripped_text (self->port_row);
  g_autofree char *username = dup_stripped_text (self->username_row);
  g_autofree char *folded = g_utf8_casefold (name, -1);
  g_autofree char *id = NULL;

  if (*name == '\0')
    {
      *problem = g_strdup (_("Give the host a name, for example “Main” or “Backup”."));
      return NULL;
    }
  for (guint i = 0; i < self->others->len; i++)
    {
      OnairHostProfile *other = g_ptr_array_index (self->others, i);
      g_autofree char *folded_other = g_utf8_casefold (other->name, -1);

      if (g_str_equal (folded_other, folded))
        {
          *problem = g_strdup_printf (_("Another host is already called “%s”: give this one "
                                        "a name of its own."), name);
          return NULL;
        }
    }

  id = self->original != NULL ? g_strdup (self->original->id) : make_id (self, name);
  return onair_host_connection_parse_profile (id, name, adw_combo_row_get_selected (self->role_row),
                                              host, port_text,
                                              gtk_switch_get_active (self->tls_switch), username,
                                              gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                              problem);
}

static gboolean
validate_cb (OnairHostDialog *self)
{
  g_autoptr(OnairHostProfile) profile = NULL;
  g_autofree char *problem = NULL;

  profile = profile_from_rows (self, &problem);
  gtk_label_set_label (self->error_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), problem != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), profile != NULL);
  return profile != NULL;
}

/* The connection test: one state request with what is typed. */

static void
connection_tested_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(OnairHostDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = onair_host_connection_test_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  adw_action_row_set_subtitle (self->test_row, text != NULL ? text : error->message);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
  g_clear_object (&self->test_cancellable);
}

/**
 * onair_host_dialog_test_connection:
 *
 * Asks the host typed for its state once, with the user name and password typed (or, when
 * editing a host and no password is typed, the one in the keyring), and says how it went.
 */
void
onair_host_dialog_test_connection (OnairHostDialog *self)
{
  g_autoptr(OnairHostProfile) profile = NULL;
  g_autofree char *problem = NULL;

  g_return_if_fail (ONAIR_IS_HOST_DIALOG (self));

  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);

  profile = profile_from_rows (self, &problem);
  if (profile == NULL)
    {
      adw_action_row_set_subtitle (self->test_row, problem);
      return;
    }
  self->test_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  adw_action_row_set_subtitle (self->test_row, _("Connecting…"));
  onair_host_connection_test_async (onair_application_get_secrets (self->application), profile,
                                    gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                    self->original, self->test_cancellable,
                                    connection_tested_cb, g_object_ref (self));
}

/* Saving: the password to the keyring first, then the profile to whoever asked. */

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OnairHostDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  OnairHostProfile *profile;

  if (!onair_host_connection_store_password_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
      return;
    }
  profile = g_object_get_data (G_OBJECT (self), "saving");
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, profile);
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * onair_host_dialog_save:
 *
 * Stores the password typed (if any) in the keyring, filed under the host and port, then
 * emits #OnairHostDialog::saved and closes. Does nothing while the input is not valid.
 */
void
onair_host_dialog_save (OnairHostDialog *self)
{
  g_autoptr(OnairHostProfile) profile = NULL;
  g_autofree char *problem = NULL;

  g_return_if_fail (ONAIR_IS_HOST_DIALOG (self));

  profile = profile_from_rows (self, &problem);
  if (profile == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  onair_host_connection_store_password_async (onair_application_get_secrets (self->application),
                                              profile,
                                              gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                              self->original, self->cancellable,
                                              password_stored_cb, g_object_ref (self));
  g_object_set_data_full (G_OBJECT (self), "saving", g_steal_pointer (&profile),
                          (GDestroyNotify) onair_host_profile_free);
}

static void
onair_host_dialog_dispose (GObject *object)
{
  OnairHostDialog *self = ONAIR_HOST_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_HOST_DIALOG);

  G_OBJECT_CLASS (onair_host_dialog_parent_class)->dispose (object);
}

static void
onair_host_dialog_finalize (GObject *object)
{
  OnairHostDialog *self = ONAIR_HOST_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_pointer (&self->original, onair_host_profile_free);
  g_clear_pointer (&self->others, g_ptr_array_unref);

  G_OBJECT_CLASS (onair_host_dialog_parent_class)->finalize (object);
}

static void
onair_host_dialog_class_init (OnairHostDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_host_dialog_dispose;
  object_class->finalize = onair_host_dialog_finalize;

  /**
   * OnairHostDialog::saved:
   * @profile: the host as saved; its password, if any, is already in the keyring
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ONAIR_TYPE_HOST_PROFILE | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/onair_app/Onair/onair-host-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairHostDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, OnairHostDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, OnairHostDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, OnairHostDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, OnairHostDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, OnairHostDialog, tls_switch);
  gtk_widget_class_bind_template_child (widget_class, OnairHostDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, OnairHostDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, OnairHostDialog, test_row);
  gtk_widget_class_bind_template_child (widget_class, OnairHostDialog, test_button);
  gtk_widget_class_bind_template_child (widget_class, OnairHostDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, validate_cb);
  gtk_widget_class_bind_template_callback (widget_class, onair_host_dialog_save);
  gtk_widget_class_bind_template_callback (widget_class, onair_host_dialog_test_connection);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
onair_host_dialog_init (OnairHostDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * onair_host_dialog_new:
 * @profiles: (element-type OnairHostProfile): every host of the fleet, for unique names
 * @profile: (nullable): the host to edit, %NULL to add one
 *
 * Returns: (transfer full): the dialog, not yet shown
 */
OnairHostDialog *
onair_host_dialog_new (OnairApplication       *application,
                       GtkWindow              *parent,
                       GPtrArray              *profiles,
                       const OnairHostProfile *profile)
{
  OnairHostDialog *self;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (profiles != NULL, NULL);

  self = g_object_new (ONAIR_TYPE_HOST_DIALOG, "transient-for", parent, NULL);
  self->application = g_object_ref (application);
  self->original = profile != NULL ? onair_host_profile_copy (profile) : NULL;
  self->others = g_ptr_array_new_with_free_func ((GDestroyNotify) onair_host_profile_free);
  for (guint i = 0; i < profiles->len; i++)
    {
      OnairHostProfile *other = g_ptr_array_index (profiles, i);

      if (profile == NULL || !g_str_equal (other->id, profile->id))
        g_ptr_array_add (self->others, onair_host_profile_copy (other));
    }

  if (profile != NULL)
    {
      g_autofree char *port = g_strdup_printf ("%u", profile->port);

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Host"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), profile->name);
      adw_combo_row_set_selected (self->role_row, profile->role);
      gtk_editable_set_text (GTK_EDITABLE (self->host_row), profile->host);
      gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
      gtk_switch_set_active (self->tls_switch, profile->use_tls);
      gtk_editable_set_text (GTK_EDITABLE (self->username_row),
                             profile->username != NULL ? profile->username : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                     _("Pass_word (empty keeps the stored one)"));
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Add Host"));
      /* The first host is usually the main one, the second its backup. */
      adw_combo_row_set_selected (self->role_row,
                                  profiles->len == 0 ? ONAIR_HOST_ROLE_MAIN
                                  : profiles->len == 1 ? ONAIR_HOST_ROLE_BACKUP
                                  : ONAIR_HOST_ROLE_OTHER);
      gtk_editable_set_text (GTK_EDITABLE (self->port_row), "8088");
    }
  /* Save waits for valid input; a new host's empty form is no mistake to point out yet. */
  validate_cb (self);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  return self;
}
