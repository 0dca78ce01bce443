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

/* Name and JSON value pairs, in the order write_document() writes them. */
static void
add_member (GPtrArray  *members,
            const char *name,
            const char *json)
{
  g_ptr_array_add (members, (gpointer) name);
  g_ptr_array_add (members, (gpointer) json);
}

/* The chain as the export saw it, for the caller to record (chain_verified). */
static void
set_check_fault (OnairWitnessVerification *check,
                 OnairWitnessFault         fault,
                 gint64                    broken_at,
                 gint64                    broken_line,
                 char                     *reason)
{
  if (check == NULL || !check->valid)
    {
      g_free (reason);
      return;
    }

  check->valid = FALSE;
  check->fault = fault;
  check->broken_at = broken_at;
  check->broken_line = broken_line;
  check->reason = reason;
}

/**
 * onair_witness_write_export:
 * @chain_check: (out caller-allocates) (optional): how the chain verified, from
 *   onair_witness_verification_new()
 *
 * Writes the export document of the chain read from @chain_fd up to @limit. The export has the
 * chain's version: "onair-witness-export/2" with chain_created for a version 2 chain, and
 * "onair-witness-export/1" for a version 1 chain (whose genesis hash does not cover created).
 */
gboolean
onair_witness_write_export (int                        chain_fd,
                            guint64                    limit,
                            const OnairWitnessFilter  *filter,
                            GBytes                    *signing_key,
                            GFile                     *destination,
                            OnairWitnessProgress      *progress,
                            guint64                   *n_events,
                            char                     **public_key_out,
                            OnairWitnessVerification  *chain_check,
                            GCancellable              *cancellable,
                            GError                   **error)
{
  g_autofree char *dest_path = g_file_get_path (destination);
  g_autofree char *public_key = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *export_date = NULL;
  g_autofree char *first_hash = NULL;
  g_autofree char *last_hash = NULL;
  g_autofree char *header_reason = NULL;
  g_autoptr(GString) message = NULL;
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  OnairWitnessHeader header = { 0 };
  OnairWitnessFault header_fault = ONAIR_WITNESS_FAULT_HEADER;
  OnairJsonScanner scanner;
  OnairWitnessChecker checker;
  OnairLineReader reader;
  gboolean complete = onair_witness_filter_is_empty (filter);
  gboolean chain_valid;
  const char *format;
  const char *line;
  gsize length, valid_pos;
  guint64 offset, total = limit, n_entries = 0;
  gint64 line_no = 1;
  struct stat st;
  gboolean ok = FALSE;
  OnairLineResult r;

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
  if (r == ONAIR_LINE_ERROR)
    goto out;
  if (r == ONAIR_LINE_OK)
    header_fault = onair_witness_header_read (&scanner, line, length, &header, &header_reason);
  if (header.version == 0 || header.chain_id == NULL || header.genesis_hash == NULL ||
      (header.version == 2 && header.created == NULL))
    {
      g_set_error (error, ONAIR_WITNESS_ERROR, ONAIR_WITNESS_ERROR_PARSE,
                   _("The witness log has no valid header, so it cannot be exported."));
      goto out;
    }

  chain_valid = header_fault == ONAIR_WITNESS_FAULT_NONE;
  if (!chain_valid)
    set_check_fault (chain_check, header_fault, 0, 1, g_steal_pointer (&header_reason));
  g_strlcpy (checker.expected_prev, header.genesis_hash, sizeof checker.expected_prev);
  format = header.version == 2 ? ONAIR_WITNESS_EXPORT_FORMAT_V2 : ONAIR_WITNESS_EXPORT_FORMAT_V1;

  /* The signed message: the document in canonical member order, chain_valid patched below. */
  message = g_string_sized_new (MIN (total, G_MAXSIZE / 2) + 4096);
  g_string_append_c (message, '{');
  if (header.version == 2)
    {
      g_string_append (message, "\"chain_created\":");
      onair_canonical_json_append_string (message, header.created, strlen (header.created));
      g_string_append_c (message, ',');
    }
  g_string_append (message, "\"chain_id\":");
  onair_canonical_json_append_string (message, header.chain_id, strlen (header.chain_id));
  g_string_append (message, ",\"chain_valid\":");
  valid_pos = message->len;
  g_string_append (message, "false,\"complete\":");
  g_string_append (message, complete ? "true" : "false");
  g_string_append (message, ",\"events\":[");

  while ((r = onair_line_reader_next (&reader, &line, &length, &offset, error)) != ONAIR_LINE_END)
    {
      OnairJsonStatus status;
      OnairWitnessIndexEntry entry;
      gboolean checked = FALSE;

      if (r == ONAIR_LINE_ERROR)
        goto out;

      line_no++;
      if (r == ONAIR_LINE_TOO_LONG)
        {
          g_autofree char *what = g_strdup_printf (_("is longer than %d bytes"),
                                                   ONAIR_WITNESS_MAX_LINE);

          broken_line_error (error, line_no, what);
          goto out;
        }

      n_entries++;
      if ((line_no % CHECK_EVERY) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          onair_witness_progress_report (progress, reader.consumed, total);
        }

      /* A line as Onair writes it is checked on the fast path; in a complete export it is
       * also written from its pieces, without a parse: the canonical entry is its hashed form
       * with current_hash, the first member in byte order, in front. */
      if (chain_valid || complete)
        {
          OnairWitnessLineEntry fast;
          OnairWitnessFault fault = ONAIR_WITNESS_FAULT_NONE;
          gint64 broken_at;
          char *reason = NULL;
          gboolean read;

          if (chain_valid)
            read = onair_witness_checker_check_line (&checker, line, length, &fault, &broken_at,
                                                     &reason, &fast);
          else
            read = onair_witness_line_entry_read (line, length, &fast, checker.canon) &&
                   onair_witness_is_hash (fast.current_hash, ONAIR_WITNESS_HASH_LENGTH);

          if (read && fault != ONAIR_WITNESS_FAULT_NONE)
            {
              chain_valid = FALSE;
              set_check_fault (chain_check, fault, broken_at, line_no, reason);
            }
          else if (read && chain_valid && chain_check != NULL && chain_check->first_hash == NULL)
            {
              chain_check->first_hash = g_strdup (checker.last_hash);
            }

          if (read && complete)
            {
              Span span;

              if (spans->len > 0)
                g_string_append_c (message, ',');
              span.start = message->len;
              g_string_append (message, "{\"current_hash\":\"");
              g_string_append_len (message, fast.current_hash, ONAIR_WITNESS_HASH_LENGTH);
              g_string_append (message, "\",");
              g_string_append_len (message, checker.canon->str + 1, checker.canon->len - 1);
              span.end = message->len;
              g_array_append_val (spans, span);

              g_free (last_hash);
              last_hash = g_strndup (fast.current_hash, ONAIR_WITNESS_HASH_LENGTH);
              if (first_hash == NULL)
                first_hash = g_strdup (last_hash);
              continue;
            }
          if (read)
            checked = TRUE;
        }

      status = onair_json_scanner_parse (&scanner, line, length);
      if (status == ONAIR_JSON_ERROR_FLOAT || status == ONAIR_JSON_ERROR_RANGE)
        {
          broken_line_error (error, line_no, _("holds a number canonical JSON cannot write"));
          goto out;
        }
      if (status == ONAIR_JSON_ERROR_DEPTH)
        {
          g_autofree char *what = g_strdup_printf (_("is nested deeper than %u levels"),
                                                   scanner.max_depth);

          broken_line_error (error, line_no, what);
          goto out;
        }
      if (status != ONAIR_JSON_OK)
        {
          broken_line_error (error, line_no, _("is not JSON"));
          goto out;
        }

      if (chain_valid && !checked)
        {
          OnairWitnessFault fault;
          gint64 broken_at;
          char *reason = NULL;

          fault = onair_witness_checker_check (&checker, &scanner, 0, status, &broken_at, &reason);
          if (fault != ONAIR_WITNESS_FAULT_NONE)
            {
              chain_valid = FALSE;
              set_check_fault (chain_check, fault, broken_at, line_no, reason);
            }
          else if (chain_check != NULL && chain_check->first_hash == NULL)
            {
              chain_check->first_hash = g_strdup (checker.last_hash);
            }
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

  export_date = onair_witness_format_timestamp (NULL);

  /* The rest of the document, in canonical member order. */
  g_string_append (message, "],\"export_date\":");
  onair_canonical_json_append_string (message, export_date, strlen (export_date));
  g_string_append (message, ",\"filter\":");
  append_filter (message, filter);
  g_string_append (message, ",\"first_hash\":");
  append_string_or_null (message, first_hash);
  g_string_append (message, ",\"format\":");
  onair_canonical_json_append_string (message, format, strlen (format));
  g_string_append (message, ",\"genesis_hash\":");
  onair_canonical_json_append_string (message, header.genesis_hash, strlen (header.genesis_hash));
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
    g_autoptr(GString) format_json = g_string_new (NULL);
    g_autoptr(GString) date_json = g_string_new (NULL);
    g_autoptr(GString) id_json = g_string_new (NULL);
    g_autoptr(GString) created_json = g_string_new (NULL);
    g_autoptr(GString) genesis_json = g_string_new (NULL);
    g_autoptr(GString) filter_json = g_string_new (NULL);
    g_autoptr(GString) first_json = g_string_new (NULL);
    g_autoptr(GString) last_json = g_string_new (NULL);
    g_autofree char *total_json = g_strdup_printf ("%u", spans->len);
    g_autoptr(GPtrArray) members = g_ptr_array_new ();

    onair_canonical_json_append_string (format_json, format, strlen (format));
    onair_canonical_json_append_string (date_json, export_date, strlen (export_date));
    onair_canonical_json_append_string (id_json, header.chain_id, strlen (header.chain_id));
    onair_canonical_json_append_string (genesis_json, header.genesis_hash,
                                        strlen (header.genesis_hash));
    append_filter (filter_json, filter);
    append_string_or_null (first_json, first_hash);
    append_string_or_null (last_json, last_hash);

    add_member (members, "format", format_json->str);
    add_member (members, "export_date", date_json->str);
    add_member (members, "chain_id", id_json->str);
    if (header.version == 2)
      {
        onair_canonical_json_append_string (created_json, header.created,
                                            strlen (header.created));
        add_member (members, "chain_created", created_json->str);
      }
    add_member (members, "genesis_hash", genesis_json->str);
    add_member (members, "complete", complete ? "true" : "false");
    add_member (members, "filter", filter_json->str);
    add_member (members, "total_events", total_json);
    add_member (members, "chain_valid", chain_valid ? "true" : "false");
    add_member (members, "first_hash", first_json->str);
    add_member (members, "last_hash", last_json->str);
    g_ptr_array_add (members, NULL);

    if (!write_document (dest_path, message, spans, (const char **) members->pdata, public_key,
                         signature, error))
      goto out;
  }

  onair_witness_progress_report (progress, total, total);

  if (n_events != NULL)
    *n_events = spans->len;
  if (public_key_out != NULL)
    *public_key_out = g_steal_pointer (&public_key);
  if (chain_check != NULL)
    {
      chain_check->format_version = header.version;
      chain_check->total_events = n_entries;
      chain_check->chain_id = g_strdup (header.chain_id);
      if (checker.have_last)
        chain_check->last_hash = g_strdup (checker.last_hash);
    }
  ok = TRUE;

out:
  onair_witness_header_clear (&header);
  onair_witness_checker_clear (&checker);
  onair_line_reader_clear (&reader);
  onair_json_scanner_clear (&scanner);
  return ok;
}
