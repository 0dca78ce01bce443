/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Witness: verification on every core agrees with verification in sequence, whatever was done
 * to the chain and wherever the chunks fall; lines Onair did not write take the general path
 * and verify all the same. */
#include "config.h"

#include "witness-util.h"

#define N_ENTRIES 240

/* Chunk sizes besides those of verify_path_full(): so that chunk boundaries fall before,
 * on and after every tampered line somewhere. */
static const gsize chunk_sizes[] = { 333, 4096 };

typedef struct {
  char               *dir;
  char               *path;
  GPtrArray          *pristine;
  OnairWitnessAnchor  head;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = make_tmp_dir ();
  f->path = make_chain (f->dir, N_ENTRIES, &f->head);
  f->pristine = read_lines (f->path);
  g_assert_cmpuint (f->pristine->len, ==, N_ENTRIES + 2);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_ptr_array_unref (f->pristine);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gpointer
copy_line (gconstpointer line,
           gpointer      data)
{
  return g_strdup (line);
}

static GPtrArray *
copy_lines (GPtrArray *lines)
{
  return g_ptr_array_copy (lines, copy_line, NULL);
}

/* Verifies the file as it is, in sequence and in chunks of every size, plain and with the
 * head and leave to drop a torn tail; all must agree. Returns the plain sequential result. */
static OnairWitnessVerification *
verify_all_ways (Fixture *f)
{
  const OnairWitnessAnchor *anchors[] = { NULL, &f->head };
  const OnairWitnessVerifyFlags flags[] = {
    ONAIR_WITNESS_VERIFY_NONE, ONAIR_WITNESS_VERIFY_ALLOW_TORN_TAIL,
  };
  OnairWitnessVerification *result = NULL;

  for (guint w = 0; w < 2; w++)
    {
      g_autoptr(OnairWitnessVerification) v = verify_path_full (f->path, anchors[w], flags[w]);

      for (guint c = 0; c < G_N_ELEMENTS (chunk_sizes); c++)
        {
          g_autoptr(OnairWitnessVerification) parallel =
            verify_path_chunked (f->path, anchors[w], flags[w], chunk_sizes[c], FALSE);

          assert_same_verification (v, parallel);
        }
      if (w == 0)
        result = g_steal_pointer (&v);
    }

  return result;
}

static void
write_and_check (Fixture           *f,
                 GPtrArray         *lines,
                 const char        *tail,
                 OnairWitnessFault  fault,
                 gint64             broken_at)
{
  g_autoptr(OnairWitnessVerification) v = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (lines, i));
  if (tail != NULL)
    g_string_append (text, tail);
  write_text (f->path, text->str, text->len);

  v = verify_all_ways (f);
  g_test_message ("%s", v->valid ? "valid" : v->reason);
  if ((int) fault >= 0)
    g_assert_cmpint (v->fault, ==, fault);
  g_assert_cmpint (v->valid, ==, fault == ONAIR_WITNESS_FAULT_NONE);
  if (broken_at >= 0)
    g_assert_cmpint (v->broken_at, ==, broken_at);
}

/* Seqs to tamper with: the first and last entries, and a run through the middle that crosses
 * the boundaries of every chunk size. */
static const guint seqs[] = { 0, 1, 2, 7, 8, 9, 10, 11, 12, 13, 14, 15, 29, 30, 31, 32, 33, 60,
                              61, 62, 119, 120, 121, 199, 238, 239, 240 };

static void
test_event_edited (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 1; i < G_N_ELEMENTS (seqs); i++)
    {
      g_autoptr(GPtrArray) lines = copy_lines (f->pristine);
      g_autofree char *old = g_strdup_printf ("\"channel\":%u,", seqs[i]);
      g_autofree char *new = g_strdup_printf ("\"channel\":%u,", seqs[i] + 1000);

      edit_line (lines, LINE_OF_SEQ (seqs[i]), old, new);
      write_and_check (f, lines, NULL, ONAIR_WITNESS_FAULT_CURRENT_HASH, seqs[i]);
    }
}

static void
test_line_deleted (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (seqs) - 1; i++)
    {
      g_autoptr(GPtrArray) lines = copy_lines (f->pristine);

      g_ptr_array_remove_index (lines, LINE_OF_SEQ (seqs[i]));
      write_and_check (f, lines, NULL, ONAIR_WITNESS_FAULT_SEQ, seqs[i]);
    }
}

static void
test_lines_swapped (Fixture       *f,
                    gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (seqs) - 1; i++)
    {
      g_autoptr(GPtrArray) lines = copy_lines (f->pristine);
      guint at = LINE_OF_SEQ (seqs[i]);
      gpointer line = lines->pdata[at];

      lines->pdata[at] = lines->pdata[at + 1];
      lines->pdata[at + 1] = line;
      write_and_check (f, lines, NULL, ONAIR_WITNESS_FAULT_SEQ, seqs[i]);
    }
}

/* A forger renumbers an entry and hashes it and every entry after it again: every hash and
 * link is right but the seq. */
static void
renumber_and_rehash (GPtrArray *lines,
                     guint      seq,
                     gint64     new_seq)
{
  g_autofree char *prev = NULL;

  for (guint i = LINE_OF_SEQ (seq); i < lines->len; i++)
    {
      g_autoptr(JsonObject) entry = parse_object (g_ptr_array_index (lines, i));
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      char *hash;

      if (i == LINE_OF_SEQ (seq))
        json_object_set_int_member (entry, "seq", new_seq);
      else
        json_object_set_string_member (entry, "previous_hash", prev);
      hash = onair_witness_compute_entry_hash (json_object_get_int_member (entry, "seq"),
                                               json_object_get_object_member (entry, "event"),
                                               json_object_get_string_member (entry,
                                                                              "previous_hash"),
                                               json_object_get_string_member (entry,
                                                                              "witness_timestamp"),
                                               &error);
      g_assert_no_error (error);
      json_object_set_string_member (entry, "current_hash", hash);
      g_free (prev);
      prev = hash;
      node = json_node_init_object (json_node_alloc (), entry);
      text = json_to_string (node, FALSE);
      replace_line (lines, i, text);
    }
}

static void
test_renumbered (Fixture       *f,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (seqs); i++)
    {
      g_autoptr(GPtrArray) lines = copy_lines (f->pristine);

      renumber_and_rehash (lines, seqs[i], seqs[i] + 1000);
      write_and_check (f, lines, NULL, ONAIR_WITNESS_FAULT_SEQ, seqs[i]);
    }
}

/* An entry rewritten with a hash of its own, and its successor's link left alone. */
static void
test_hash_replaced (Fixture       *f,
                    gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (seqs); i++)
    {
      g_autoptr(GPtrArray) lines = copy_lines (f->pristine);
      const char *line = g_ptr_array_index (lines, LINE_OF_SEQ (seqs[i]));
      const char *hash = strstr (line, "\"current_hash\":\"") + strlen ("\"current_hash\":\"");
      g_autofree char *old = g_strndup (hash, 64);
      g_autofree char *new = g_strdup (old);

      new[10] = new[10] == 'a' ? 'b' : 'a';
      edit_line (lines, LINE_OF_SEQ (seqs[i]), old, new);
      write_and_check (f, lines, NULL, ONAIR_WITNESS_FAULT_CURRENT_HASH, seqs[i]);
    }
}

/* Hashes that are not hashes, one of them hiding more members: the general path reads these
 * lines, whatever else is wrong with them. */
static void
test_not_hashes (Fixture       *f,
                 gconstpointer  data)
{
  /* 64 bytes that close the string early and add a member; 64 that escape its closing quote,
   * so that the line is not JSON at all. */
  const char *hiding = "\",\"seq\":1,\"x\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  const char *escaping = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\";
  const char *members[] = { "previous_hash", "current_hash" };

  g_assert_cmpuint (strlen (hiding), ==, 64);
  g_assert_cmpuint (strlen (escaping), ==, 64);

  for (guint i = 0; i < G_N_ELEMENTS (seqs); i += 3)
    for (guint m = 0; m < G_N_ELEMENTS (members); m++)
      for (guint kind = 0; kind < 5; kind++)
        {
          g_autoptr(GPtrArray) lines = copy_lines (f->pristine);
          guint index = LINE_OF_SEQ (seqs[i]);
          g_autofree char *key = g_strdup_printf ("\"%s\":\"", members[m]);
          const char *line = g_ptr_array_index (lines, index);
          g_autofree char *old = g_strndup (strstr (line, key) + strlen (key), 64);
          g_autofree char *new = kind == 0 ? g_ascii_strup (old, -1)
                                 : g_strdup (kind <= 2 ? hiding : escaping);

          edit_line (lines, index, old, new);
          if (kind == 2 || kind == 4)
            {
              g_autofree char *seq = g_strdup_printf ("{\"seq\":%u,", seqs[i]);
              g_autofree char *other = g_strdup_printf ("{\"seq\":%u,", seqs[i] + 7);

              edit_line (lines, index, seq, other);
            }
          write_and_check (f, lines, NULL, (OnairWitnessFault) -1, -1);
        }
}

static void
test_not_json (Fixture       *f,
               gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (seqs); i++)
    {
      g_autoptr(GPtrArray) lines = copy_lines (f->pristine);

      replace_line (lines, LINE_OF_SEQ (seqs[i]), "{\"seq\":");
      write_and_check (f, lines, NULL, ONAIR_WITNESS_FAULT_NOT_JSON, LINE_OF_SEQ (seqs[i]) + 1);
    }
}

/* A torn tail after any number of entries; and, when left out, whatever came before it. */
static void
test_torn_tail (Fixture       *f,
                gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (seqs); i++)
    {
      g_autoptr(GPtrArray) lines = copy_lines (f->pristine);
      g_autofree char *tail = g_strndup (g_ptr_array_index (lines, LINE_OF_SEQ (seqs[i])), 37);

      g_ptr_array_set_size (lines, LINE_OF_SEQ (seqs[i]));
      write_and_check (f, lines, tail, ONAIR_WITNESS_FAULT_TORN_TAIL, seqs[i]);
    }
}

/* A line beyond the longest Onair reads stops verification where it is. */
static void
test_line_too_long (Fixture       *f,
                    gconstpointer  data)
{
  const guint at[] = { 1, 31, 240 };

  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    {
      g_autoptr(GPtrArray) lines = copy_lines (f->pristine);
      g_autofree char *long_line = g_strnfill (ONAIR_WITNESS_MAX_LINE + 10, 'x');

      replace_line (lines, LINE_OF_SEQ (at[i]), long_line);
      write_and_check (f, lines, NULL, ONAIR_WITNESS_FAULT_LINE_TOO_LONG,
                       LINE_OF_SEQ (at[i]) + 1);
    }
}

/* Spellings Onair does not write, of the same values: still valid, however it is cut. */
static void
test_other_spellings (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const edits[][2] = {
    { "{\"seq\":", "{ \"seq\" : " },
    { ",\"previous_hash\":", " , \"previous_hash\":" },
    { "\"note\":\"plain\"", "\"note\":\"pl\\u0061in\"" },
    { "\"channel\":", "\"channel\" :" },
    { "Übertragung", "\\u00dcbertragung" },
  };
  g_autoptr(GPtrArray) lines = copy_lines (f->pristine);

  for (guint i = 0; i < G_N_ELEMENTS (seqs); i++)
    {
      guint index = LINE_OF_SEQ (seqs[i]);
      const char *line = g_ptr_array_index (lines, index);
      const char *old = edits[i % G_N_ELEMENTS (edits)][0];
      const char *new = edits[i % G_N_ELEMENTS (edits)][1];

      if (strstr (line, old) != NULL)
        edit_line (lines, index, old, new);
    }
  write_and_check (f, lines, NULL, ONAIR_WITNESS_FAULT_NONE, -1);

  /* The keys in another order, on every line. */
  for (guint i = 2; i < lines->len; i++)
    {
      g_autoptr(JsonObject) object = parse_object (g_ptr_array_index (lines, i));
      g_autoptr(GString) moved = g_string_new ("{");
      const char *keys[] = { "current_hash", "witness_timestamp", "event", "previous_hash",
                             "seq" };

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          g_autoptr(JsonNode) value = json_node_copy (json_object_get_member (object, keys[k]));
          g_autofree char *text = json_to_string (value, FALSE);

          g_string_append_printf (moved, "%s\"%s\":%s", k > 0 ? "," : "", keys[k], text);
        }
      g_string_append_c (moved, '}');
      replace_line (lines, i, moved->str);
    }
  write_and_check (f, lines, NULL, ONAIR_WITNESS_FAULT_NONE, -1);
}

/* The fast path reads only what Onair writes, canonical; anything else is the general path's. */
static void
test_fast_path (Fixture       *f,
                gconstpointer  data)
{
  const char *line = g_ptr_array_index (f->pristine, LINE_OF_SEQ (5));
  g_autoptr(GString) hashed = g_string_new (NULL);
  static const char * const declined[][2] = {
    { "{\"seq\":", "{ \"seq\":" },
    { "{\"seq\":5,", "{\"seq\":5.0," },
    { "{\"seq\":5,", "{\"seq\":05," },
    { "\"channel\":", "\"channel\" :" },
    { "\"note\":\"", "\"note\":\"\\u0041" },
    { "\"previous_hash\":\"", "\"previous_hash\":\"\\u0041" },
    { ",\"current_hash\"", ",\"current_hash\":\"x\",\"current_hash\"" },
    { "\"witness_timestamp\":", "\"witness_timestamp\": " },
  };
  OnairWitnessLineEntry entry;
  g_autoptr(JsonObject) object = parse_object (line);
  g_autofree char *expected = NULL;

  g_assert_true (onair_witness_line_entry_read (line, strlen (line), &entry, hashed));
  g_assert_cmpint (entry.seq, ==, 5);
  g_assert_cmpmem (entry.current_hash, 64,
                   json_object_get_string_member (object, "current_hash"), 64);
  json_object_remove_member (object, "current_hash");
  expected = onair_canonical_json_object_to_string (object, NULL, NULL);
  g_assert_cmpstr (hashed->str, ==, expected);

  for (guint i = 0; i < G_N_ELEMENTS (declined); i++)
    {
      g_autoptr(GPtrArray) lines = copy_lines (f->pristine);
      const char *edited;

      edit_line (lines, LINE_OF_SEQ (5), declined[i][0], declined[i][1]);
      edited = g_ptr_array_index (lines, LINE_OF_SEQ (5));
      g_test_message ("declined: %s", edited);
      g_assert_false (onair_witness_line_entry_read (edited, strlen (edited), &entry, hashed));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/onair/witness/parallel/" name, Fixture, NULL, fixture_setup, func, \
              fixture_teardown)

  ADD ("event-edited", test_event_edited);
  ADD ("line-deleted", test_line_deleted);
  ADD ("lines-swapped", test_lines_swapped);
  ADD ("hash-replaced", test_hash_replaced);
  ADD ("renumbered", test_renumbered);
  ADD ("not-hashes", test_not_hashes);
  ADD ("not-json", test_not_json);
  ADD ("torn-tail", test_torn_tail);
  ADD ("line-too-long", test_line_too_long);
  ADD ("other-spellings", test_other_spellings);
  ADD ("fast-path", test_fast_path);

  return g_test_run ();
}
