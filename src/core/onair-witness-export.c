/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "onair-canonical-json.h"
#include "onair-witness-private.h"

/*
 * The export document (witness-format.md, "Export document"). Entries are copied in canonical
 * form straight from the chain's lines, into the very buffer that is signed; the file is then
 * written from that buffer with one entry per line, so that it stays readable in an editor and
 * diffable, and moved into place atomically.
 */

#define CHECK_EVERY 4096
#define WRITE_CHUNK (1 << 20)

typedef struct {
  gsize start;
  gsize end;
} Span;

static void
append_string_or_null (GString    *out,
                       const char *str)
{
  if (str == NULL)
    g_string_append (out, "null");
  else
    onair_canonical_json_append_string (out, str, strlen (str));
}

static void
append_timestamp_or_null (GString   *out,
                          GDateTime *dt)
{
  g_autofree char *ts = dt != NULL ? onair_witness_format_timestamp (dt) : NULL;

  append_string_or_null (out, ts);
}

static void
append_filter (GString                  *out,
               const OnairWitnessFilter *filter)
{
  gboolean has_text = filter != NULL && filter->text != NULL && *filter->text != '\0';

  g_string_append (out, "{\"event_type\":");
  append_string_or_null (out, filter != NULL && filter->event_type != NULL &&
                              *filter->event_type != '\0' ? filter->event_type : NULL);
  g_string_append (out, ",\"from\":");
  append_timestamp_or_null (out, filter != NULL ? filter->from : NULL);
  if (has_text)
    {
      /* Not in the format's filter object, but a filter it is: recorded so the export says
       * what it holds. */
      g_string_append (out, ",\"text\":");
      append_string_or_null (out, filter->text);
    }
  g_string_append (out, ",\"to\":");
  append_timestamp_or_null (out, filter != NULL ? filter->to : NULL);
  g_string_append_c (out, '}');
}

typedef struct {
  int      fd;
  GString *buf;
} Writer;

static gboolean
writer_flush (Writer  *w,
              GError **error)
{
  gboolean ok = onair_witness_write_all (w->fd, w->buf->str, w->buf->len, error);

  g_string_truncate (w->buf, 0);
  return ok;
}

static gboolean
writer_append (Writer      *w,
               const char  *data,
               gsize        length,
               GError     **error)
{
  if (w->buf->len + length > WRITE_CHUNK && !writer_flush (w, error))
    return FALSE;

  if (length > WRITE_CHUNK)
    return onair_witness_write_all (w->fd, data, length, error);

  g_string_append_len (w->buf, data, length);
  return TRUE;
}

static gboolean
writer_append_member (Writer      *w,
                      const char  *name,
                      const char  *json,
                      GError     **error)
{
  g_autofree char *line = g_strdup_printf ("  \"%s\": %s,\n", name, json);

  return writer_append (w, line, strlen (line), error);
}

static gboolean
write_document (const char   *dest_path,
                GString      *message,
                GArray       *spans,
                const char  **members,
                const char   *public_key,
                const char   *signature,
                GError      **error)
{
  g_autofree char *dir = g_path_get_dirname (dest_path);
  g_autofree char *base = g_path_get_basename (dest_path);
  g_autofree char *template = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp_path = g_build_filename (dir, template, NULL);
  g_autofree char *sig_line = NULL;
  Writer w = { -1, NULL };
  gboolean ok = FALSE;

  w.fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (w.fd < 0)
    {
      onair_witness_set_io_error (error, errno, dest_path, _("create"));
      return FALSE;
    }
  w.buf = g_string_sized_new (WRITE_CHUNK);

  if (!writer_append (&w, "{\n", 2, error))
    goto out;

  /* Members in the order of the format's description; values exactly as signed. */
  for (guint i = 0; members[i] != NULL; i += 2)
    if (!writer_append_member (&w, members[i], members[i + 1], error))
      goto out;

  if (spans->len == 0)
    {
      if (!writer_append (&w, "  \"events\": [],\n", 16, error))
        goto out;
    }
  else
    {
      if (!writer_append (&w, "  \"events\": [\n", 14, error))
        goto out;
      for (guint i = 0; i < spans->len; i++)
        {
          const Span *span = &g_array_index (spans, Span, i);
          gboolean last = i + 1 == spans->len;

          if (!writer_append (&w, "    ", 4, error) ||
              !writer_append (&w, message->str + span->start, span->end - span->start, error) ||
              !writer_append (&w, last ? "\n" : ",\n", last ? 1 : 2, error))
            goto out;
        }
      if (!writer_append (&w, "  ],\n", 5, error))
        goto out;
    }

  sig_line = g_strdup_printf ("  \"signature\": {\"algorithm\": \"ed25519\", "
                              "\"public_key\": \"%s\", \"value\": \"%s\"}\n}\n",
                              public_key, signature);
  if (!writer_append (&w, sig_line, strlen (sig_line), error) || !writer_flush (&w, error))
    goto out;

  if (fsync (w.fd) < 0)
    {
      onair_witness_set_io_error (error, errno, tmp_path, _("write"));
      goto out;
    }

  if (close (w.fd) < 0)
    {
      w.fd = -1;
      onair_witness_set_io_error (error, errno, tmp_path, _("write"));
      goto out;
    }
  w.fd = -1;

  if (g_rename (tmp_path, dest_path) < 0)
    {
      onair_witness_set_io_error (error, errno, dest_path, _("write"));
      goto out;
    }

  ok = onair_witness_fsync_dir (dest_path, error);

out:
  if (w.fd >= 0)
    close (w.fd);
  if (!ok)
    g_unlink (tmp_path);
  g_string_free (w.buf, TRUE);
  return ok;
}

static gboolean
broken_line_error (GError **error,
                   gint64   line_no,
                   const char *what)
{
  g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_BROKEN,
               _("Line %" G_GINT64_FORMAT " of the witness log %s, so the log cannot be "
                 "exported. Verify it to see the damage."), line_no, what);
  return FALSE;
}

gboolean
onair_witness_write_export (int                        chain_fd,
                            guint64                    limit,
                            const OnairWitnessFilter  *filter,
                            GBytes                    *signing_key,
                            GFile                     *destination,
                            OnairWitnessProgress      *progress,
                            guint64                   *n_events,
                            char                     **public_key_out,
                            gboolean                  *chain_valid_out,
                            GCancellable              *cancellable,
                            GError                   **error)
{
  g_autofree char *dest_path = g_file_get_path (destination);
  g_autofree char *public_key = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *chain_id = NULL;
  g_autofree char *genesis = NULL;
  g_autofree char *export_date = NULL;
  g_autofree char *first_hash = NULL;
  g_autofree char *last_hash = NULL;
  g_autoptr(GString) message = NULL;
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  OnairJsonScanner scanner;
  OnairWitnessChecker checker;
  OnairLineReader reader;
  gboolean complete = onair_witness_filter_is_empty (filter);
  gboolean chain_valid;
  const char *line;
  gsize length, valid_pos;
  guint64 offset, total = limit;
  gint64 line_no = 1;
  struct stat st;
  gboolean ok = FALSE;
  int r;

  if (dest_path == NULL)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_IO,
                   _("Exports can only be written to local files."));
      return FALSE;
    }

  /* A bad key fails before the chain is read. */
  public_key = onair_witness_signing_key_dup_public_key (signing_key, error);
  if (public_key == NULL)
    return FALSE;

  if (fstat (chain_fd, &st) == 0 && (guint64) st.st_size < total)
    total = st.st_size;

  onair_json_scanner_init (&scanner);
  onair_line_reader_init (&reader, chain_fd, limit);
  onair_witness_checker_init (&checker, TRUE, NULL);

  r = onair_line_reader_next (&reader, &line, &length, &offset, error);
  if (r < 0)
    goto out;
  if (r > 0 && onair_json_scanner_parse (&scanner, line, length) == ONAIR_JSON_OK &&
      onair_json_string_equal (&scanner, onair_json_object_get (&scanner, 0, "format"),
                               ONAIR_WITNESS_FORMAT, strlen (ONAIR_WITNESS_FORMAT)))
    {
      chain_id = onair_json_dup_string (&scanner, onair_json_object_get (&scanner, 0, "chain_id"));
      genesis = onair_json_dup_string (&scanner,
                                       onair_json_object_get (&scanner, 0, "genesis_hash"));
    }
  if (chain_id == NULL || genesis == NULL)
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_PARSE,
                   _("The witness log has no valid header, so it cannot be exported."));
      goto out;
    }

  {
    char computed[65];

    onair_witness_genesis_hash_hex (chain_id, strlen (chain_id), computed);
    chain_valid = strcmp (computed, genesis) == 0;
    g_strlcpy (checker.expected_prev, genesis, sizeof checker.expected_prev);
  }

  message = g_string_sized_new (MIN (total, G_MAXSIZE / 2) + 4096);
  g_string_append (message, "{\"chain_id\":");
  onair_canonical_json_append_string (message, chain_id, strlen (chain_id));
  g_string_append (message, ",\"chain_valid\":");
  valid_pos = message->len;
  g_string_append (message, "false,\"complete\":");
  g_string_append (message, complete ? "true" : "false");
  g_string_append (message, ",\"events\":[");

  while ((r = onair_line_reader_next (&reader, &line, &length, &offset, error)) > 0)
    {
      OnairJsonStatus status;
      OnairWitnessIndexEntry entry;

      line_no++;
      if ((line_no % CHECK_EVERY) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          onair_witness_progress_report (progress, reader.consumed, total);
        }

      status = onair_json_scanner_parse (&scanner, line, length);
      if (status == ONAIR_JSON_ERROR_FLOAT || status == ONAIR_JSON_ERROR_RANGE)
        {
          broken_line_error (error, line_no, _("holds a number canonical JSON cannot write"));
          goto out;
        }
      if (status != ONAIR_JSON_OK)
        {
          broken_line_error (error, line_no, _("is not JSON"));
          goto out;
        }

      if (chain_valid)
        {
          gint64 broken_at;
          g_autofree char *reason = NULL;

          if (onair_witness_checker_check (&checker, &scanner, 0, status, &broken_at, &reason) !=
              ONAIR_WITNESS_FAULT_NONE)
            chain_valid = FALSE;
        }

      onair_witness_index_parsed (&scanner, scratch, offset, length, &entry);
      if (!complete && !onair_witness_filter_match_index (filter, &entry, line, length))
        continue;

      {
        Span span;
        guint32 hash = onair_json_object_get (&scanner, 0, "current_hash");

        if (spans->len > 0)
          g_string_append_c (message, ',');
        span.start = message->len;
        if (onair_json_write_canonical (&scanner, 0, NULL, message) != ONAIR_JSON_OK)
          {
            broken_line_error (error, line_no, _("has a member twice in one object"));
            goto out;
          }
        span.end = message->len;
        g_array_append_val (spans, span);

        g_free (last_hash);
        last_hash = onair_json_dup_string (&scanner, hash);
        if (first_hash == NULL)
          first_hash = g_strdup (last_hash);
      }
    }
  if (r < 0)
    goto out;

  export_date = onair_witness_format_timestamp (NULL);

  /* The rest of the document, in canonical member order. */
  g_string_append (message, "],\"export_date\":");
  onair_canonical_json_append_string (message, export_date, strlen (export_date));
  g_string_append (message, ",\"filter\":");
  append_filter (message, filter);
  g_string_append (message, ",\"first_hash\":");
  append_string_or_null (message, first_hash);
  g_string_append (message, ",\"format\":\"" ONAIR_WITNESS_EXPORT_FORMAT "\",\"genesis_hash\":");
  onair_canonical_json_append_string (message, genesis, strlen (genesis));
  g_string_append (message, ",\"last_hash\":");
  append_string_or_null (message, last_hash);
  g_string_append (message, ",\"total_events\":");
  onair_canonical_json_append_int (message, spans->len);
  g_string_append_c (message, '}');

  if (chain_valid)
    {
      /* "false" becomes "true": one byte shorter, so every span moves back by one. */
      g_string_erase (message, valid_pos, 1);
      memcpy (message->str + valid_pos, "true", 4);
      for (guint i = 0; i < spans->len; i++)
        {
          g_array_index (spans, Span, i).start--;
          g_array_index (spans, Span, i).end--;
        }
    }

  g_clear_pointer (&public_key, g_free);
  if (!onair_witness_sign (signing_key, message->str, message->len, &public_key, &signature,
                           error))
    goto out;

  {
    g_autoptr(GString) date_json = g_string_new (NULL);
    g_autoptr(GString) id_json = g_string_new (NULL);
    g_autoptr(GString) genesis_json = g_string_new (NULL);
    g_autoptr(GString) filter_json = g_string_new (NULL);
    g_autoptr(GString) first_json = g_string_new (NULL);
    g_autoptr(GString) last_json = g_string_new (NULL);
    g_autofree char *total_json = g_strdup_printf ("%u", spans->len);
    const char *members[] = {
      "format", "\"" ONAIR_WITNESS_EXPORT_FORMAT "\"",
      "export_date", NULL,
      "chain_id", NULL,
      "genesis_hash", NULL,
      "complete", complete ? "true" : "false",
      "filter", NULL,
      "total_events", total_json,
      "chain_valid", chain_valid ? "true" : "false",
      "first_hash", NULL,
      "last_hash", NULL,
      NULL,
    };

    onair_canonical_json_append_string (date_json, export_date, strlen (export_date));
    onair_canonical_json_append_string (id_json, chain_id, strlen (chain_id));
    onair_canonical_json_append_string (genesis_json, genesis, strlen (genesis));
    append_filter (filter_json, filter);
    append_string_or_null (first_json, first_hash);
    append_string_or_null (last_json, last_hash);
    members[3] = date_json->str;
    members[5] = id_json->str;
    members[7] = genesis_json->str;
    members[11] = filter_json->str;
    members[17] = first_json->str;
    members[19] = last_json->str;

    if (!write_document (dest_path, message, spans, members, public_key, signature, error))
      goto out;
  }

  onair_witness_progress_report (progress, total, total);

  if (n_events != NULL)
    *n_events = spans->len;
  if (public_key_out != NULL)
    *public_key_out = g_steal_pointer (&public_key);
  if (chain_valid_out != NULL)
    *chain_valid_out = chain_valid;
  ok = TRUE;

out:
  onair_witness_checker_clear (&checker);
  onair_line_reader_clear (&reader);
  onair_json_scanner_clear (&scanner);
  return ok;
}
