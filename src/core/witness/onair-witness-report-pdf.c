/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <unistd.h>

#include "onair-witness-report-private.h"

/*
 * The audit report as a PDF: a summary (chain, time range, filter, verification, signing key
 * and how to verify the JSON export), then the entries as a table whose header row repeats on
 * every page, and "Page N of M" at the foot of each. Everything is measured first, so that
 * the pages are known before the first is drawn.
 */

#define MARGIN        48.0
#define FOOTER_HEIGHT 18.0
#define CELL_PAD_X    3.0
#define CELL_PAD_Y    2.5
#define LABEL_WIDTH   118.0
#define BLOCK_GAP     5.0

typedef enum {
  COLUMN_SEQ,
  COLUMN_TIME,
  COLUMN_HOST,
  COLUMN_EVENT,
  COLUMN_TARGET,
  COLUMN_RESULT,
  N_COLUMNS
} Column;

typedef struct {
  cairo_t              *cr;
  PangoContext         *context;
  PangoFontDescription *body;
  PangoFontDescription *bold;
  PangoFontDescription *mono;
  PangoFontDescription *title;
  PangoFontDescription *small;
  double                page_width;
  double                page_height;
  double                columns[N_COLUMNS];  /* widths; 0 for a column not shown */
} Pdf;

/* What the pages hold, in order: blocks of the summary, then table rows. */
typedef enum {
  ITEM_TITLE,
  ITEM_FIELD,       /* a label and its value */
  ITEM_PARAGRAPH,
  ITEM_COMMAND,     /* a command line, monospace */
  ITEM_HEADING,
  ITEM_TABLE_ROW,   /* data: the row's index */
  ITEM_NOTE,
} ItemKind;

typedef struct {
  ItemKind  kind;
  char     *label;
  char     *text;
  gboolean  mono;
  guint     row;
  double    height;
  guint     page;
} Item;

static void
item_clear (Item *item)
{
  g_free (item->label);
  g_free (item->text);
}

static PangoLayout *
new_layout (Pdf                        *pdf,
            const PangoFontDescription *font,
            const char                 *text,
            double                      width)
{
  PangoLayout *layout = pango_layout_new (pdf->context);
  PangoAttrList *attributes = pango_attr_list_new ();

  /* A hyphen added where a hash or a key wraps would read as part of it. */
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) height / PANGO_SCALE;
}

static double
text_width (Pdf *pdf)
{
  return pdf->page_width - 2 * MARGIN;
}

static void
show_text (Pdf                        *pdf,
           const PangoFontDescription *font,
           const char                 *text,
           double                      x,
           double                      y,
           double                      width)
{
  g_autoptr(PangoLayout) layout = new_layout (pdf, font, text, width);

  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
}

/* Columns */

static double
text_extent (Pdf        *pdf,
             const char *text)
{
  g_autoptr(PangoLayout) layout = new_layout (pdf, pdf->body, text, -1);
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) width / PANGO_SCALE;
}

static void
set_columns (Pdf                      *pdf,
             const OnairWitnessReport *report)
{
  double rest;

  /* The numbers and times on one line each, measured in the font they are drawn in. */
  pdf->columns[COLUMN_SEQ] = text_extent (pdf, "888888") + 2 * CELL_PAD_X;
  pdf->columns[COLUMN_TIME] = text_extent (pdf, "8888-88-88 88:88:88") + 2 * CELL_PAD_X + 2;
  pdf->columns[COLUMN_HOST] = report->any_host ? 54 : 0;
  rest = text_width (pdf) - pdf->columns[COLUMN_SEQ] - pdf->columns[COLUMN_TIME] -
         pdf->columns[COLUMN_HOST];
  pdf->columns[COLUMN_EVENT] = rest * 0.36;
  pdf->columns[COLUMN_TARGET] = rest * 0.30;
  pdf->columns[COLUMN_RESULT] = rest * 0.34;
}

static const char *
column_title (Column column)
{
  switch (column)
    {
    case COLUMN_SEQ:
      /* Translators: the column of entry numbers (seq) in the audit report */
      return _("Seq");
    case COLUMN_TIME:
      return _("Time");
    case COLUMN_HOST:
      return _("Host");
    case COLUMN_EVENT:
      return _("Event");
    case COLUMN_TARGET:
      return _("Stream, output or detail");
    case COLUMN_RESULT:
    default:
      return _("Result");
    }
}

/* The cell texts of a row; @seq and @time are filled in. */
static void
row_cells (const OnairWitnessReportRow *row,
           char                        *seq,
           gsize                        seq_size,
           char                       **time,
           const char                  *cells[N_COLUMNS])
{
  if (row->seq >= 0)
    g_snprintf (seq, seq_size, "%" G_GINT64_FORMAT, row->seq);
  else
    g_strlcpy (seq, "?", seq_size);
  *time = onair_witness_report_format_time (row->time_ms, FALSE);
  cells[COLUMN_SEQ] = seq;
  cells[COLUMN_TIME] = *time;
  cells[COLUMN_HOST] = row->host != NULL ? row->host : "—";
  cells[COLUMN_EVENT] = row->event;
  cells[COLUMN_TARGET] = row->target != NULL ? row->target : "";
  cells[COLUMN_RESULT] = row->result;
}

static double
measure_cells (Pdf                        *pdf,
               const PangoFontDescription *font,
               const char                 *cells[N_COLUMNS])
{
  double height = 0;

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_autoptr(PangoLayout) layout = NULL;

      if (pdf->columns[c] <= 0)
        continue;
      layout = new_layout (pdf, font, cells[c], pdf->columns[c] - 2 * CELL_PAD_X);
      height = MAX (height, layout_height (layout));
    }
  return height + 2 * CELL_PAD_Y;
}

static double
header_row_height (Pdf *pdf)
{
  const char *cells[N_COLUMNS];

  for (guint c = 0; c < N_COLUMNS; c++)
    cells[c] = column_title (c);
  return measure_cells (pdf, pdf->bold, cells);
}

static void
draw_cells (Pdf                        *pdf,
            const PangoFontDescription *font,
            const char                 *cells[N_COLUMNS],
            double                      y,
            double                      height,
            const double               *result_rgb)
{
  double x = MARGIN;

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      if (pdf->columns[c] <= 0)
        continue;
      if (c == COLUMN_RESULT && result_rgb != NULL)
        cairo_set_source_rgb (pdf->cr, result_rgb[0], result_rgb[1], result_rgb[2]);
      show_text (pdf, font, cells[c], x + CELL_PAD_X, y + CELL_PAD_Y,
                 pdf->columns[c] - 2 * CELL_PAD_X);
      cairo_set_source_rgb (pdf->cr, 0, 0, 0);
      x += pdf->columns[c];
    }

  cairo_set_source_rgb (pdf->cr, 0.82, 0.82, 0.82);
  cairo_set_line_width (pdf->cr, 0.5);
  cairo_move_to (pdf->cr, MARGIN, y + height);
  cairo_line_to (pdf->cr, pdf->page_width - MARGIN, y + height);
  cairo_stroke (pdf->cr);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
}

static void
draw_header_row (Pdf    *pdf,
                 double  y,
                 double  height)
{
  const char *cells[N_COLUMNS];

  for (guint c = 0; c < N_COLUMNS; c++)
    cells[c] = column_title (c);
  cairo_set_source_rgb (pdf->cr, 0.92, 0.92, 0.92);
  cairo_rectangle (pdf->cr, MARGIN, y, text_width (pdf), height);
  cairo_fill (pdf->cr);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
  draw_cells (pdf, pdf->bold, cells, y, height, NULL);
}

/* The summary */

static void
add_item (GArray     *items,
          ItemKind    kind,
          const char *label,
          const char *text,
          gboolean    mono)
{
  Item item = { kind, g_strdup (label), g_strdup (text), mono, 0, 0, 0 };

  g_array_append_val (items, item);
}

static char *
describe_verification (const OnairWitnessReport *report)
{
  const OnairWitnessVerification *v = report->verification;
  g_autofree char *when = onair_witness_report_format_time (report->verified_ms, FALSE);
  g_autofree char *what = NULL;

  if (v == NULL)
    {
      what = g_strdup_printf (_("Could not be verified: %s"),
                              report->verify_error ? report->verify_error : "");
    }
  else if (v->valid)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, v->total_events);

      /* Translators: "Valid: every hash of the 1 234 entries checks; the last is 3f2a…" */
      what = g_strdup_printf (ngettext ("Valid: every hash of the %s entry checks; the last is %s.",
                                        "Valid: every hash of the %s entries checks; the last is %s.",
                                        v->total_events),
                              count, v->last_hash ? v->last_hash : "—");
    }
  else
    {
      g_autofree char *where = g_strdup_printf ("%" G_GINT64_FORMAT, v->broken_at);

      if (v->fault == ONAIR_WITNESS_FAULT_HEADER || v->fault == ONAIR_WITNESS_FAULT_GENESIS)
        what = g_strdup_printf (_("Broken header: %s"), v->reason);
      else if (v->fault == ONAIR_WITNESS_FAULT_NOT_JSON ||
               v->fault == ONAIR_WITNESS_FAULT_LINE_TOO_LONG)
        what = g_strdup_printf (_("Broken at line %s: %s"), where, v->reason);
      else
        what = g_strdup_printf (_("Broken at entry %s: %s"), where, v->reason);
    }

  /* Translators: a verification's result, then when it was made */
  return g_strdup_printf (_("%s (verified %s, as this report was made)"), what, when);
}

static void
add_summary (GArray                   *items,
             const OnairWitnessReport *report)
{
  g_autofree char *made = onair_witness_report_format_time (g_get_real_time () / 1000, TRUE);
  g_autofree char *subtitle = NULL;
  g_autofree char *created = NULL;
  g_autofree char *range = NULL;
  g_autofree char *entries = NULL;
  g_autofree char *verification = describe_verification (report);
  g_autofree char *command = NULL;
  gint64 created_ms;

  add_item (items, ITEM_TITLE, NULL, _("Witness Log Audit Report"), FALSE);
  /* Translators: "Made by Onair 0.9 on 2025-11-12 21:04:13 CET (UTC+01:00)" */
  subtitle = g_strdup_printf (_("Made by Onair %s on %s"), PACKAGE_VERSION, made);
  add_item (items, ITEM_PARAGRAPH, NULL, subtitle, FALSE);

  add_item (items, ITEM_FIELD, _("Chain"), report->chain_id, TRUE);
  if (report->created != NULL && onair_witness_parse_timestamp (report->created, &created_ms))
    created = onair_witness_report_format_time (created_ms, TRUE);
  add_item (items, ITEM_FIELD, _("Log created"), created ? created : report->created, FALSE);
  add_item (items, ITEM_FIELD, _("Format"),
            report->format_version == 1 ? "onair-witness/1" : "onair-witness/2", TRUE);
  if (report->first_ms != G_MININT64)
    {
      g_autofree char *first = onair_witness_report_format_time (report->first_ms, FALSE);
      g_autofree char *last = onair_witness_report_format_time (report->last_ms, TRUE);

      /* Translators: a time range, "2025-11-12 20:00:00 to 2025-11-12 23:10:42 CET (…)" */
      range = g_strdup_printf (_("%s to %s"), first, last);
    }
  add_item (items, ITEM_FIELD, _("Time range"), range ? range : _("No entries"), FALSE);
  add_item (items, ITEM_FIELD, _("Filter"),
            report->filter ? report->filter : _("None: every entry of the log"), FALSE);
  {
    g_autofree char *shown = g_strdup_printf ("%'u", report->rows->len);
    g_autofree char *total = g_strdup_printf ("%'" G_GUINT64_FORMAT, report->total_entries);

    /* Translators: "12 in this report, of 1 234 in the log" */
    entries = g_strdup_printf (_("%s in this report, of %s in the log"), shown, total);
  }
  add_item (items, ITEM_FIELD, _("Entries"), entries, FALSE);
  add_item (items, ITEM_FIELD, _("Verification"), verification, FALSE);
  if (report->public_key != NULL)
    {
      add_item (items, ITEM_FIELD, _("Signing key fingerprint"), report->fingerprint, TRUE);
      add_item (items, ITEM_FIELD, _("Public key"), report->public_key, TRUE);
    }
  else
    {
      add_item (items, ITEM_FIELD, _("Signing key"),
                _("None: no signed export was made with this report."), FALSE);
    }

  add_item (items, ITEM_HEADING, NULL, _("How to Verify"), FALSE);
  add_item (items, ITEM_PARAGRAPH, NULL,
            _("This report is for reading, printing and filing; it cannot itself be verified. "
              "The verifiable record is the signed JSON export of the same log. Check that "
              "export with Onair’s command-line tool, which needs nothing but the file: it "
              "recomputes every hash and checks that the export was signed with the key above."),
            FALSE);
  command = g_strdup_printf ("onair-witness verify --public-key %s export.json",
                             report->public_key ? report->public_key : _("KEY"));
  add_item (items, ITEM_COMMAND, NULL, command, TRUE);
  add_item (items, ITEM_PARAGRAPH, NULL,
            _("Exit status 0 means valid. Without Onair, any SHA-256 and Ed25519 "
              "implementation can check the export as the witness log format "
              "(docs/witness-format.md) describes."), FALSE);

  add_item (items, ITEM_HEADING, NULL, _("Entries"), FALSE);
  if (report->rows->len == 0)
    add_item (items, ITEM_NOTE, NULL, _("No entry matches the filter."), FALSE);
}

static double
measure_item (Pdf  *pdf,
              Item *item)
{
  g_autoptr(PangoLayout) layout = NULL;
  double label_height = 0;

  switch (item->kind)
    {
    case ITEM_TITLE:
      layout = new_layout (pdf, pdf->title, item->text, text_width (pdf));
      return layout_height (layout) + 4;

    case ITEM_HEADING:
      layout = new_layout (pdf, pdf->bold, item->text, text_width (pdf));
      return layout_height (layout) + 12;

    case ITEM_FIELD:
      {
        g_autoptr(PangoLayout) label = new_layout (pdf, pdf->bold, item->label, LABEL_WIDTH - 6);

        label_height = layout_height (label);
        layout = new_layout (pdf, item->mono ? pdf->mono : pdf->body, item->text,
                             text_width (pdf) - LABEL_WIDTH);
        return MAX (label_height, layout_height (layout)) + BLOCK_GAP;
      }

    case ITEM_COMMAND:
      layout = new_layout (pdf, pdf->mono, item->text, text_width (pdf) - 16);
      return layout_height (layout) + 12 + BLOCK_GAP;

    case ITEM_PARAGRAPH:
    case ITEM_NOTE:
    case ITEM_TABLE_ROW:
    default:
      layout = new_layout (pdf, pdf->body, item->text, text_width (pdf));
      return layout_height (layout) + BLOCK_GAP;
    }
}

static void
draw_item (Pdf        *pdf,
           const Item *item,
           double      y)
{
  switch (item->kind)
    {
    case ITEM_TITLE:
      show_text (pdf, pdf->title, item->text, MARGIN, y, text_width (pdf));
      break;

    case ITEM_HEADING:
      show_text (pdf, pdf->bold, item->text, MARGIN, y + 8, text_width (pdf));
      break;

    case ITEM_FIELD:
      show_text (pdf, pdf->bold, item->label, MARGIN, y, LABEL_WIDTH - 6);
      show_text (pdf, item->mono ? pdf->mono : pdf->body, item->text, MARGIN + LABEL_WIDTH, y,
                 text_width (pdf) - LABEL_WIDTH);
      break;

    case ITEM_COMMAND:
      cairo_set_source_rgb (pdf->cr, 0.95, 0.95, 0.95);
      cairo_rectangle (pdf->cr, MARGIN, y + 2, text_width (pdf), item->height - BLOCK_GAP - 4);
      cairo_fill (pdf->cr);
      cairo_set_source_rgb (pdf->cr, 0, 0, 0);
      show_text (pdf, pdf->mono, item->text, MARGIN + 8, y + 6, text_width (pdf) - 16);
      break;

    case ITEM_NOTE:
    case ITEM_PARAGRAPH:
    case ITEM_TABLE_ROW:
    default:
      show_text (pdf, pdf->body, item->text, MARGIN, y, text_width (pdf));
      break;
    }
}

static void
draw_footer (Pdf                      *pdf,
             const OnairWitnessReport *report,
             guint                     page,
             guint                     n_pages)
{
  g_autofree char *left = g_strdup_printf (_("Onair witness log %s"), report->chain_id);
  /* Translators: the page number at the foot of the audit report's pages */
  g_autofree char *right = g_strdup_printf (_("Page %u of %u"), page, n_pages);
  g_autoptr(PangoLayout) layout = new_layout (pdf, pdf->small, right, -1);
  int width, height;
  double y = pdf->page_height - MARGIN + FOOTER_HEIGHT - 10;

  cairo_set_source_rgb (pdf->cr, 0.35, 0.35, 0.35);
  show_text (pdf, pdf->small, left, MARGIN, y, text_width (pdf) * 0.7);
  pango_layout_get_size (layout, &width, &height);
  cairo_move_to (pdf->cr, pdf->page_width - MARGIN - (double) width / PANGO_SCALE, y);
  pango_cairo_show_layout (pdf->cr, layout);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
}

/* Pages */

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  int fd = GPOINTER_TO_INT (closure);

  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return CAIRO_STATUS_WRITE_ERROR;
      data += n;
      length -= n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
cancelled_or_failed (Pdf           *pdf,
                     GCancellable  *cancellable,
                     GError       **error)
{
  cairo_status_t status = cairo_status (pdf->cr);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return TRUE;
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (cairo_get_target (pdf->cr));
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                   _("Could not write the report: %s"), cairo_status_to_string (status));
      return TRUE;
    }
  return FALSE;
}

/* Places the items on pages: the table's header row comes first on every page it is on. */
static guint
paginate (Pdf    *pdf,
          GArray *items,
          double  header_height)
{
  double bottom = pdf->page_height - MARGIN - FOOTER_HEIGHT;
  double y = MARGIN;
  guint page = 1;
  gboolean in_table = FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      gboolean row = item->kind == ITEM_TABLE_ROW;
      double needed = item->height + (row && !in_table ? header_height : 0);

      /* A heading stays with what follows it. */
      if (item->kind == ITEM_HEADING && i + 1 < items->len)
        needed += g_array_index (items, Item, i + 1).height + header_height;
      if (y + needed > bottom && y > MARGIN)
        {
          page++;
          y = MARGIN;
          in_table = FALSE;
        }
      if (row && !in_table)
        {
          y += header_height;
          in_table = TRUE;
        }
      item->page = page;
      y += item->height;
    }
  return page;
}

gboolean
onair_witness_report_write_pdf (const OnairWitnessReport  *report,
                                int                        fd,
                                OnairWitnessProgress      *progress,
                                GCancellable              *cancellable,
                                GError                   **error)
{
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (Item));
  cairo_surface_t *surface;
  Pdf pdf = { 0 };
  double header_height;
  double y = MARGIN;
  guint n_pages, page = 1;
  gboolean in_table = FALSE;
  gboolean ok = FALSE;
  char seq[32];

  g_array_set_clear_func (items, (GDestroyNotify) item_clear);
  onair_witness_paper_get_size (report->paper, &pdf.page_width, &pdf.page_height);
  surface = cairo_pdf_surface_create_for_stream (write_cb, GINT_TO_POINTER (fd),
                                                 pdf.page_width, pdf.page_height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  _("Witness Log Audit Report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Onair " PACKAGE_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, report->chain_id);
  pdf.cr = cairo_create (surface);
  pdf.context = pango_cairo_create_context (pdf.cr);
  /* The page's units are points: a 9 pt font is 9 of them. */
  pango_cairo_context_set_resolution (pdf.context, 72);
  pdf.body = pango_font_description_from_string ("Sans 9");
  pdf.bold = pango_font_description_from_string ("Sans Bold 9");
  pdf.mono = pango_font_description_from_string ("Monospace 8.5");
  pdf.small = pango_font_description_from_string ("Sans 7.5");
  pdf.title = pango_font_description_from_string ("Sans Bold 20");
  set_columns (&pdf, report);

  /* Measuring */
  add_summary (items, report);
  for (guint i = 0; i < items->len; i++)
    g_array_index (items, Item, i).height = measure_item (&pdf, &g_array_index (items, Item, i));
  header_height = header_row_height (&pdf);
  for (guint r = 0; r < report->rows->len; r++)
    {
      const OnairWitnessReportRow *row = &g_array_index (report->rows, OnairWitnessReportRow, r);
      g_autofree char *time = NULL;
      const char *cells[N_COLUMNS];
      Item item = { ITEM_TABLE_ROW, NULL, NULL, FALSE, r, 0, 0 };

      row_cells (row, seq, sizeof seq, &time, cells);
      item.height = measure_cells (&pdf, pdf.body, cells);
      g_array_append_val (items, item);
      if (r % 256 == 0)
        {
          if (cancelled_or_failed (&pdf, cancellable, error))
            goto out;
          onair_witness_progress_report (progress, 40 + 30 * (guint64) r / report->rows->len, 100);
        }
    }
  n_pages = paginate (&pdf, items, header_height);

  /* Drawing */
  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = &g_array_index (items, Item, i);

      if (item->page != page)
        {
          draw_footer (&pdf, report, page, n_pages);
          cairo_show_page (pdf.cr);
          if (cancelled_or_failed (&pdf, cancellable, error))
            goto out;
          onair_witness_progress_report (progress, 70 + 30 * (guint64) page / n_pages, 100);
          page = item->page;
          y = MARGIN;
          in_table = FALSE;
        }
      if (item->kind == ITEM_TABLE_ROW)
        {
          static const double red[] = { 0.75, 0.1, 0.1 };
          const OnairWitnessReportRow *row = &g_array_index (report->rows, OnairWitnessReportRow,
                                                             item->row);
          g_autofree char *time = NULL;
          const char *cells[N_COLUMNS];

          if (!in_table)
            {
              draw_header_row (&pdf, y, header_height);
              y += header_height;
              in_table = TRUE;
            }
          row_cells (row, seq, sizeof seq, &time, cells);
          draw_cells (&pdf, pdf.body, cells, y, item->height, row->failed ? red : NULL);
        }
      else
        {
          draw_item (&pdf, item, y);
        }
      y += item->height;
    }
  draw_footer (&pdf, report, page, n_pages);
  cairo_show_page (pdf.cr);
  cairo_surface_finish (surface);
  ok = !cancelled_or_failed (&pdf, cancellable, error);

out:
  pango_font_description_free (pdf.body);
  pango_font_description_free (pdf.bold);
  pango_font_description_free (pdf.mono);
  pango_font_description_free (pdf.small);
  pango_font_description_free (pdf.title);
  g_object_unref (pdf.context);
  cairo_destroy (pdf.cr);
  cairo_surface_destroy (surface);
  return ok;
}
