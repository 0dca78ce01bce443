/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/vmix/onair-vmix-client.h"
#include "onair-host-dialog.h"

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

/* 0 when the text is not a port. */
static guint
parse_port (const char *text)
{
  guint64 port;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &port, NULL))
    return 0;
  return (guint) port;
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
  g_autoptr(OnairVmixClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  guint port = parse_port (port_text);

  if (*name == '\0')
    {
      *problem = g_strdup (_("Give the host a name, for example “Main” or “Backup”."));
      return NULL;
    }
  for (guint i = 0; i < self->others->len; i++)
    {
      OnairHostProfile *other = g_ptr_array_index (self->others, i);

      g_autofree char *folded_other = g_utf8_casefold (other->name, -1);
      g_autofree char *folded = g_utf8_casefold (name, -1);

      if (g_str_equal (folded_other, folded))
        {
          *problem = g_strdup_printf (_("Another host is already called “%s”: give this one "
                                        "a name of its own."), name);
          return NULL;
        }
    }
  if (*host == '\0')
    {
      *problem = g_strdup (_("Enter the host name or IP address of the vMix machine."));
      return NULL;
    }
  if (port == 0)
    {
      *problem = g_strdup (_("The port is a number from 1 to 65535; vMix’s Web Controller "
                             "uses 8088 unless it was changed."));
      return NULL;
    }
  /* Only builds an address: nothing goes over the network here. */
  client = onair_vmix_client_new (host, port, FALSE, &error);
  if (client == NULL)
    {
      *problem = g_strdup (error->message);
      return NULL;
    }

  id = self->original != NULL ? g_strdup (self->original->id) : make_id (self, name);
  return onair_host_profile_new (id, name, adw_combo_row_get_selected (self->role_row), host,
                                 port, gtk_switch_get_active (self->tls_switch), username);
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
state_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(OnairHostDialog) self = user_data;
  g_autoptr(OnairVmixState) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  state = onair_vmix_client_fetch_state_finish (ONAIR_VMIX_CLIENT (object), result, NULL,
                                                &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (state != NULL)
    /* Translators: "Connected to vMix 28.0.0.39 (4K)" */
    text = g_strdup_printf (_("Connected to vMix %s (%s)"),
                            onair_vmix_state_get_version (state)
                              ? onair_vmix_state_get_version (state) : _("unknown version"),
                            onair_vmix_state_get_edition (state)
                              ? onair_vmix_state_get_edition (state) : _("unknown edition"));
  else
    text = g_strdup (error->message);
  adw_action_row_set_subtitle (self->test_row, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
  g_clear_object (&self->test_cancellable);
}

static void
fetch_state (OnairHostDialog *self,
             const char      *password)
{
  g_autoptr(OnairHostProfile) profile = NULL;
  g_autoptr(OnairVmixClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;

  profile = profile_from_rows (self, &problem);
  if (profile == NULL)
    {
      adw_action_row_set_subtitle (self->test_row, problem);
      gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
      return;
    }
  client = onair_vmix_client_new (profile->host, profile->port, profile->use_tls, &error);
  if (client == NULL)
    {
      adw_action_row_set_subtitle (self->test_row, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
      return;
    }
  onair_vmix_client_set_credentials (client, profile->username,
                                     password != NULL && *password != '\0' ? password : NULL);
  onair_vmix_client_fetch_state_async (client, self->test_cancellable, state_fetched_cb,
                                       g_object_ref (self));
}

static void
stored_password_looked_up_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(OnairHostDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (g_cancellable_is_cancelled (self->test_cancellable))
    {
      onair_secret_free (password);
      return;
    }
  /* Without the keyring the test still runs: vMix says whether it wants a password. */
  fetch_state (self, password);
  onair_secret_free (password);
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
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  g_return_if_fail (ONAIR_IS_HOST_DIALOG (self));

  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  self->test_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  adw_action_row_set_subtitle (self->test_row, _("Connecting…"));

  if (*password == '\0' && self->original != NULL && self->original->username != NULL)
    {
      g_autofree char *secret_id = onair_host_profile_dup_secret_id (self->original);

      onair_secret_store_lookup_async (onair_application_get_secrets (self->application),
                                       ONAIR_SECRET_KIND_VMIX_PASSWORD, secret_id,
                                       self->test_cancellable, stored_password_looked_up_cb,
                                       g_object_ref (self));
      return;
    }
  fetch_state (self, password);
}

/* Saving: the password to the keyring first, then the profile to whoever asked. */

static void
saved (OnairHostDialog  *self,
       OnairHostProfile *profile)
{
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, profile);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_failed (OnairHostDialog *self,
             const GError    *error)
{
  gtk_label_set_label (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OnairHostDialog) self = user_data;
  g_autoptr(OnairHostProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  if (!onair_secret_store_store_finish (ONAIR_SECRET_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        save_failed (self, error);
      return;
    }
  profile = g_object_steal_data (G_OBJECT (self), "saving");
  saved (self, profile);
}

static void
store_password (OnairHostDialog  *self,
                OnairHostProfile *profile,
                const char       *password)
{
  g_autofree char *secret_id = onair_host_profile_dup_secret_id (profile);

  g_object_set_data_full (G_OBJECT (self), "saving", onair_host_profile_copy (profile),
                          (GDestroyNotify) onair_host_profile_free);
  onair_secret_store_store_async (onair_application_get_secrets (self->application),
                                  ONAIR_SECRET_KIND_VMIX_PASSWORD, secret_id, NULL, password,
                                  self->cancellable, password_stored_cb, g_object_ref (self));
}

/* The host moved (another address or port): its password is filed under the new one too. */
static void
old_password_looked_up_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(OnairHostDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  OnairHostProfile *profile;
  char *password;

  password = onair_secret_store_lookup_finish (ONAIR_SECRET_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  profile = g_object_get_data (G_OBJECT (self), "saving");
  if (password != NULL)
    store_password (self, profile, password);
  else if (error != NULL)
    save_failed (self, error);
  else
    saved (self, profile);
  onair_secret_free (password);
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
  const char *password;

  g_return_if_fail (ONAIR_IS_HOST_DIALOG (self));

  profile = profile_from_rows (self, &problem);
  if (profile == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (*password != '\0')
    {
      store_password (self, profile, password);
      return;
    }

  if (self->original != NULL)
    {
      g_autofree char *old_id = onair_host_profile_dup_secret_id (self->original);
      g_autofree char *new_id = onair_host_profile_dup_secret_id (profile);

      if (!g_str_equal (old_id, new_id))
        {
          g_object_set_data_full (G_OBJECT (self), "saving", g_steal_pointer (&profile),
                                  (GDestroyNotify) onair_host_profile_free);
          onair_secret_store_lookup_async (onair_application_get_secrets (self->application),
                                           ONAIR_SECRET_KIND_VMIX_PASSWORD, old_id,
                                           self->cancellable, old_password_looked_up_cb,
                                           g_object_ref (self));
          return;
        }
    }
  saved (self, profile);
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
