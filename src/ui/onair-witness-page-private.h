/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The witness page's insides, shared by its files: the page itself, the recorder's chain and
 * the public API (onair-witness-page.c), the list with its cells, order, scrolling and detail
 * pane (onair-witness-page-list.c), search and the type menu (onair-witness-page-filter.c),
 * the verification banner (onair-witness-page-verify.c), the export flow, JSON and PDF
 * (onair-witness-page-export.c), and the signing key with the log's About popover
 * (onair-witness-page-key.c). */

#include "onair-witness-page.h"

G_BEGIN_DECLS

struct _OnairWitnessPage
{
  GtkWidget                 parent_instance;

  OnairApplication         *application;
  OnairWitnessRecorder     *recorder;
  OnairWitness             *witness;
  GCancellable             *cancellable;
  OnairWitnessFilter       *filter;         /* what the list shows; NULL for everything */
  GHashTable               *row_details;    /* position → RowDetails, for rows shown lately */
  OnairWitnessVerification *verification;
  GError                   *verify_error;
  gint64                    verified_us;    /* g_get_real_time() when it came in */
  gint64                    verify_started_us;   /* monotonic */
  gint64                    verify_duration_us;
  gboolean                  verifying;      /* one a person sees (spinner, progress) */
  GCancellable             *quiet_cancellable;  /* a catch-up verification, or NULL */
  guint                     catch_up_source;
  gboolean                  exporting;
  GCancellable             *export_cancellable;
  GHashTable               *hosts;          /* host names of the rows shown lately */
  char                     *public_key;     /* of the key that signs exports, once loaded */
  char                     *fingerprint;
  GError                   *key_error;
  gboolean                  loading_key;
  gboolean                  scroll_to_top;  /* once the new order or filter is in place */
  GdkFrameClock            *scroll_clock;
  gulong                    scroll_handler;
  GtkFileChooserNative     *chooser;

  GtkStack                 *stack;
  GtkSpinner               *loading_spinner;
  AdwStatusPage            *error_page;
  GtkWidget                *banner;
  GtkStack                 *banner_icon_stack;
  GtkImage                 *banner_icon;
  GtkSpinner               *banner_spinner;
  GtkLabel                 *banner_label;
  GtkProgressBar           *verify_progress;
  GtkSearchEntry           *search_entry;
  GtkDropDown              *type_dropdown;
  GtkStringList            *event_types;
  GtkProgressBar           *export_progress;
  GtkWidget                *export_cancel_button;
  GtkToggleButton          *sort_button;
  GtkWidget                *about_box;
  GtkColumnViewColumn      *seq_column;
  GtkColumnViewColumn      *host_column;
  GtkStack                 *list_stack;
  AdwStatusPage            *empty_page;
  GtkColumnView            *column_view;
  GtkSingleSelection       *selection;
  GtkSortListModel         *sort_model;
  GtkFilterListModel       *filter_model;
  GtkCustomFilter          *custom_filter;
  GtkStack                 *detail_stack;
  GtkTextView              *detail_view;
  GtkLabel                 *detail_summary;
};

enum {
  ONAIR_WITNESS_PAGE_PROP_0,
  ONAIR_WITNESS_PAGE_PROP_PUBLIC_KEY,
  ONAIR_WITNESS_PAGE_N_PROPS
};

extern GParamSpec *onair_witness_page_properties[ONAIR_WITNESS_PAGE_N_PROPS];

/* onair-witness-page.c */
char      *onair_witness_page_format_count        (guint64                  n);
void       onair_witness_page_add_toast           (OnairWitnessPage        *self,
                                                   const char              *text);
GtkWindow *onair_witness_page_get_parent_window   (OnairWitnessPage        *self);
char      *onair_witness_page_format_time         (gint64                   unix_us);

/* onair-witness-page-list.c */
void       onair_witness_page_list_class_init     (GtkWidgetClass          *widget_class);
void       onair_witness_page_list_init           (OnairWitnessPage        *self);
void       onair_witness_page_list_attach         (OnairWitnessPage        *self);
void       onair_witness_page_list_dispose        (OnairWitnessPage        *self);
void       onair_witness_page_update_rows         (OnairWitnessPage        *self);
void       onair_witness_page_maybe_scroll_to_top (OnairWitnessPage        *self);
void       onair_witness_page_apply_order         (OnairWitnessPage        *self);
void       onair_witness_page_follow_newest       (OnairWitnessPage        *self);

/* onair-witness-page-filter.c */
void       onair_witness_page_filter_class_init   (GtkWidgetClass          *widget_class);
void       onair_witness_page_filter_init         (OnairWitnessPage        *self);
void       onair_witness_page_filter_dispose      (OnairWitnessPage        *self);
void       onair_witness_page_add_event_type      (OnairWitnessPage        *self,
                                                   const char              *type);

/* onair-witness-page-verify.c */
void       onair_witness_page_verify_class_init   (GtkWidgetClass          *widget_class);
void       onair_witness_page_update_banner       (OnairWitnessPage        *self);
void       onair_witness_page_start_verification  (OnairWitnessPage        *self,
                                                   OnairWitnessVerifyFlags  flags);
void       onair_witness_page_entries_added       (OnairWitnessPage        *self);
void       onair_witness_page_verify_dispose      (OnairWitnessPage        *self);

/* onair-witness-page-export.c */
void       onair_witness_page_export_class_init   (GtkWidgetClass          *widget_class);
void       onair_witness_page_export_dispose      (OnairWitnessPage        *self);
void       onair_witness_page_set_exporting       (OnairWitnessPage        *self,
                                                   gboolean                 exporting);

/* onair-witness-page-key.c */
void       onair_witness_page_key_class_init      (GtkWidgetClass          *widget_class);
void       onair_witness_page_load_key            (OnairWitnessPage        *self);
GtkWidget *onair_witness_page_new_key_box         (OnairWitnessPage        *self);

G_END_DECLS
