/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-host-dialog-connection.h"
#include "onair-welcome-page.h"
#include "onair-window.h"

/*
 * The first start, with no vMix configured: where is vMix (host, port, and the Web
 * Controller's login when it has one), a connection test before anything is saved, and
 * the built-in emulators for whoever has no vMix at hand. Once a host is saved or the
 * emulators run, the page leaves the window to the Control Room.
 */

struct _OnairWelcomePage
{
  AdwBin               parent_instance;

  OnairApplication    *application;
  GCancellable        *cancellable;       /* the keyring; cancelled when the page goes */
  GCancellable        *test_cancellable;  /* the connection test running, if any */
  gboolean             saving;
  gboolean             done;

  AdwEntryRow         *host_row;
  AdwEntryRow         *port_row;
  AdwEntryRow         *username_row;
  AdwPasswordEntryRow *password_row;
  AdwActionRow        *test_row;
  GtkImage            *test_icon;
  GtkButton           *test_button;
  GtkLabel            *error_label;
  GtkButton           *save_button;
  GtkButton           *emulator_button;
};

G_DEFINE_FINAL_TYPE (OnairWelcomePage, onair_welcome_page, ADW_TYPE_BIN)

static char *
dup_stripped_text (gpointer row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Returns: (transfer full) (nullable): the host typed, the show's Main */
static OnairHostProfile *
profile_from_rows (OnairWelcomePage  *self,
                   char             **problem)
{
  g_autofree char *host = dup_stripped_text (self->host_row);
  g_autofree char *port = dup_stripped_text (self->port_row);
  g_autofree char *username = dup_stripped_text (self->username_row);

  return onair_host_connection_parse_profile ("main", _("Main"), ONAIR_HOST_ROLE_MAIN, host,
                                              port, FALSE, username,
                                              gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                              problem);
}

static void
show_problem (OnairWelcomePage *self,
              const char       *problem)
{
  gtk_label_set_label (self->error_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), problem != NULL);
}

static void
form_changed_cb (OnairWelcomePage *self)
{
  g_autoptr(OnairHostProfile) profile = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *host = dup_stripped_text (self->host_row);

  profile = profile_from_rows (self, &problem);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), profile != NULL && !self->saving);
  /* An empty host is where everyone starts, not a mistake to point out. */
  show_problem (self, *host != '\0' ? problem : NULL);
}

/* The leaving: the Control Room takes over, and this page leaves the header's switcher. */
static void
finish (OnairWelcomePage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ONAIR_TYPE_WINDOW);
  GtkWidget *stack = gtk_widget_get_parent (GTK_WIDGET (self));

  if (self->done)
    return;
  self->done = TRUE;
  g_cancellable_cancel (self->test_cancellable);
  if (window != NULL)
    onair_window_show_page (ONAIR_WINDOW (window), "control");
  /* libadwaita 1.2's switcher keeps a hidden child's button: the page itself goes too. */
  if (ADW_IS_VIEW_STACK (stack))
    adw_view_stack_page_set_visible (adw_view_stack_get_page (ADW_VIEW_STACK (stack),
                                                              GTK_WIDGET (self)), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* A host saved elsewhere (Preferences) answers the question too. */
static void
hosts_changed_cb (OnairWelcomePage *self)
{
  if (!onair_application_needs_first_run (self->application) && !self->saving)
    finish (self);
}

/* The connection test */

static void
set_testing (OnairWelcomePage *self,
             gboolean          testing)
{
  gtk_button_set_label (self->test_button, testing ? _("_Stop Test") : _("_Test Connection"));
}

static void
show_test_result (OnairWelcomePage *self,
                  const char       *text,
                  const char       *icon_name,
                  const char       *style)
{
  static const char *styles[] = { "success", "error" };

  adw_action_row_set_subtitle (self->test_row, text);
  gtk_image_set_from_icon_name (self->test_icon, icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->test_icon), styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->test_icon), style);
}

static void
connection_tested_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(OnairWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = onair_host_connection_test_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->test_cancellable);
  set_testing (self, FALSE);
  if (text != NULL)
    {
      /* Translators: %s is "Connected to vMix 28.0.0.39 (4K)" */
      g_autofree char *answered = g_strdup_printf (_("vMix answered. %s."), text);

      show_test_result (self, answered, "emblem-ok-symbolic", "success");
    }
  else
    show_test_result (self, error->message, "dialog-warning-symbolic", "error");
}

/**
 * onair_welcome_page_test_connection:
 *
 * Asks the vMix typed for its state once and says how it went; while a test runs, stops it.
 */
void
onair_welcome_page_test_connection (OnairWelcomePage *self)
{
  g_autoptr(OnairHostProfile) profile = NULL;
  g_autofree char *problem = NULL;

  g_return_if_fail (ONAIR_IS_WELCOME_PAGE (self));

  if (self->test_cancellable != NULL)
    {
      g_cancellable_cancel (self->test_cancellable);
      g_clear_object (&self->test_cancellable);
      set_testing (self, FALSE);
      show_test_result (self, _("Test stopped"), "network-wired-symbolic", NULL);
      return;
    }

  profile = profile_from_rows (self, &problem);
  if (profile == NULL)
    {
      show_test_result (self, problem, "dialog-warning-symbolic", "error");
      return;
    }
  self->test_cancellable = g_cancellable_new ();
  set_testing (self, TRUE);
  show_test_result (self, _("Connecting…"), "network-wired-symbolic", NULL);
  onair_host_connection_test_async (onair_application_get_secrets (self->application), profile,
                                    gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                    NULL, self->test_cancellable, connection_tested_cb,
                                    g_object_ref (self));
}

/* Saving: the password to the keyring first, then the host to the settings. */

static void
set_saving (OnairWelcomePage *self,
            gboolean          saving)
{
  self->saving = saving;
  gtk_widget_set_sensitive (GTK_WIDGET (self->emulator_button), !saving);
  form_changed_cb (self);
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OnairWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;
  OnairHostProfile *profile;

  if (!onair_host_connection_store_password_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_saving (self, FALSE);
      show_problem (self, error->message);
      return;
    }
  profile = g_object_get_data (G_OBJECT (self), "saving");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  onair_application_add_host (self->application, profile);
  self->saving = FALSE;
  finish (self);
}

/**
 * onair_welcome_page_save:
 *
 * Files the password typed (if any) in the keyring under the host and port, then saves the
 * host as the show's Main, which the application connects to. Does nothing while the input
 * is not a host.
 */
void
onair_welcome_page_save (OnairWelcomePage *self)
{
  g_autoptr(OnairHostProfile) profile = NULL;
  g_autofree char *problem = NULL;

  g_return_if_fail (ONAIR_IS_WELCOME_PAGE (self));

  if (self->saving || self->done)
    return;
  profile = profile_from_rows (self, &problem);
  if (profile == NULL)
    {
      show_problem (self, problem);
      return;
    }

  set_saving (self, TRUE);
  onair_host_connection_store_password_async (onair_application_get_secrets (self->application),
                                              profile,
                                              gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                              NULL, self->cancellable, password_stored_cb,
                                              g_object_ref (self));
  g_object_set_data_full (G_OBJECT (self), "saving", g_steal_pointer (&profile),
                          (GDestroyNotify) onair_host_profile_free);
}

/**
 * onair_welcome_page_try_emulator:
 *
 * Runs Onair on its built-in emulators, as --emulator does, and shows the Control Room.
 */
void
onair_welcome_page_try_emulator (OnairWelcomePage *self)
{
  g_return_if_fail (ONAIR_IS_WELCOME_PAGE (self));

  if (self->saving || self->done)
    return;
  onair_application_use_builtin_emulators (self->application);
  finish (self);
}

static void
onair_welcome_page_dispose (GObject *object)
{
  OnairWelcomePage *self = ONAIR_WELCOME_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->test_cancellable);
  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (onair_application_get_settings (self->application),
                                          self);
  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONAIR_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (onair_welcome_page_parent_class)->dispose (object);
}

static void
onair_welcome_page_finalize (GObject *object)
{
  OnairWelcomePage *self = ONAIR_WELCOME_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->test_cancellable);

  G_OBJECT_CLASS (onair_welcome_page_parent_class)->finalize (object);
}

static void
onair_welcome_page_class_init (OnairWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onair_welcome_page_dispose;
  object_class->finalize = onair_welcome_page_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/onair_app/Onair/onair-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnairWelcomePage, host_row);
  gtk_widget_class_bind_template_child (widget_class, OnairWelcomePage, port_row);
  gtk_widget_class_bind_template_child (widget_class, OnairWelcomePage, username_row);
  gtk_widget_class_bind_template_child (widget_class, OnairWelcomePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, OnairWelcomePage, test_row);
  gtk_widget_class_bind_template_child (widget_class, OnairWelcomePage, test_icon);
  gtk_widget_class_bind_template_child (widget_class, OnairWelcomePage, test_button);
  gtk_widget_class_bind_template_child (widget_class, OnairWelcomePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, OnairWelcomePage, save_button);
  gtk_widget_class_bind_template_child (widget_class, OnairWelcomePage, emulator_button);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, onair_welcome_page_test_connection);
  gtk_widget_class_bind_template_callback (widget_class, onair_welcome_page_save);
  gtk_widget_class_bind_template_callback (widget_class, onair_welcome_page_try_emulator);
}

static void
onair_welcome_page_init (OnairWelcomePage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * onair_welcome_page_new:
 * @application: the application: its keyring takes the password, its settings the host
 *
 * Returns: (transfer full): the page, for onair_window_add_page()
 */
OnairWelcomePage *
onair_welcome_page_new (OnairApplication *application)
{
  OnairWelcomePage *self;

  g_return_val_if_fail (ONAIR_IS_APPLICATION (application), NULL);

  self = g_object_new (ONAIR_TYPE_WELCOME_PAGE, NULL);
  self->application = g_object_ref (application);
  g_signal_connect_object (onair_application_get_settings (application), "changed::hosts",
                           G_CALLBACK (hosts_changed_cb), self, G_CONNECT_SWAPPED);
  form_changed_cb (self);
  return self;
}
