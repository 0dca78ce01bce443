/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The witness page's insides, shared by its files: the page itself, the recorder's chain and
 * the public API (onair-witness-page.c), the list with its cells, scrolling and detail pane
 * (onair-witness-page-list.c), search and the type menu (onair-witness-page-filter.c), the
 * verification banner (onair-witness-page-verify.c) and the export flow
 * (onair-witness-page-export.c). */

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
  gboolean                  verifying;
  gboolean                  exporting;
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
  GtkStack                 *list_stack;
  AdwStatusPage            *empty_page;
  GtkColumnView            *column_view;
  GtkSingleSelection       *selection;
  GtkSortListModel         *sort_model;
  GtkFilterListModel       *filter_model;
  GtkCustomFilter          *custom_filter;
  GtkStack                 *detail_stack;
  GtkTextView              *detail_view;
};

/* onair-witness-page.c */
char      *onair_witness_page_format_count        (guint64                  n);
void       onair_witness_page_add_toast           (OnairWitnessPage        *self,
                                                   const char              *text);
GtkWindow *onair_witness_page_get_parent_window   (OnairWitnessPage        *self);

/* onair-witness-page-list.c */
void       onair_witness_page_list_class_init     (GtkWidgetClass          *widget_class);
void       onair_witness_page_list_init           (OnairWitnessPage        *self);
void       onair_witness_page_list_dispose        (OnairWitnessPage        *self);
void       onair_witness_page_update_rows         (OnairWitnessPage        *self);
void       onair_witness_page_maybe_scroll_to_top (OnairWitnessPage        *self);

/* onair-witness-page-filter.c */
void       onair_witness_page_filter_class_init   (GtkWidgetClass          *widget_class);
void       onair_witness_page_filter_dispose      (OnairWitnessPage        *self);
void       onair_witness_page_add_event_type      (OnairWitnessPage        *self,
                                                   const char              *type);

/* onair-witness-page-verify.c */
void       onair_witness_page_verify_class_init   (GtkWidgetClass          *widget_class);
void       onair_witness_page_update_banner       (OnairWitnessPage        *self);
void       onair_witness_page_start_verification  (OnairWitnessPage        *self,
                                                   OnairWitnessVerifyFlags  flags);

/* onair-witness-page-export.c */
void       onair_witness_page_export_class_init   (GtkWidgetClass          *widget_class);
void       onair_witness_page_export_dispose      (OnairWitnessPage        *self);
void       onair_witness_page_set_exporting       (OnairWitnessPage        *self,
                                                   gboolean                 exporting);

G_END_DECLS
