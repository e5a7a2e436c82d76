/* alpha_train.h - v0.1.0 - training support for alpha GPT models: JSON, tokenizers, data,
   metrics, progress, loss plots (AdamW, checkpoints and the training loop join later).

   PURPOSE
   Everything a training run needs around the model itself, in one stb-style header:
   a small JSON writer and a strict JSON parser (used for checkpoint headers, tokenizer
   files and metrics), three tokenizers (char, word and trainable byte-level BPE), a token
   file format and a data loader that yields reproducible random batches whose position can
   be saved and restored exactly, a JSONL metrics writer, a terminal progress line, an SVG
   loss plot, and a few portable file helpers (recursive mkdir, atomic file replace).

   DO THIS
       #define ALPHA_IMPLEMENTATION        (or ALPHA_TRAIN_IMPLEMENTATION for this header only)
       #include "alpha_train.h"
   in exactly one C or C++ file; include it without the macro everywhere else.

   CONFIGURATION MACROS (define before the implementation include)
       ALPHA_STATIC                   every function becomes static (TU-private)
       ALPHA_MALLOC(sz) / ALPHA_FREE(p)  default allocator (malloc/free); define both or neither

   DEPENDENCIES
       The C library and libm (-lm). No POSIX threads needed by this part. On Windows the
       implementation includes <windows.h> (lean) for MoveFileExA and QueryPerformanceCounter.
       cc -O2 -I. prog.c -o prog -lm

   WHAT IT DOES NOT DO
       No Unicode normalisation or regex pre-tokenisation (BPE pre-splits with simple byte
       classes), no special tokens other than the word tokenizer's <unk>, no JSON comments,
       trailing commas, NaN or Infinity (strict RFC 8259), no memory-mapped data files, no
       network access, no plotting other than SVG.

   QUICK START
   ```c
   #define ALPHA_IMPLEMENTATION
   #include "alpha_train.h"
   #include <stdio.h>
   #include <string.h>

   int main(void) {
       const char *text = "the quick brown fox jumps over the lazy dog. "
                          "the lazy dog sleeps; the quick fox runs. ";
       alpha_tokenizer_desc td;
       alpha_tokenizer *tok = NULL;
       int32_t ids[256];
       size_t n = 0, len = 0;
       char back[256];
       alpha_data_desc dd;
       alpha_data *data = NULL;
       int32_t x[2 * 8], y[2 * 8];

       memset(&td, 0, sizeof td);
       td.kind = ALPHA_TOKENIZER_BPE;
       td.vocab_size = 300;
       if (alpha_tokenizer_train(&td, text, strlen(text), &tok) != ALPHA_OK) return 1;
       alpha_tokenizer_encode(tok, text, strlen(text), ids, 256, &n);
       alpha_tokenizer_decode(tok, ids, n, back, sizeof back, &len);
       printf("%d tokens in vocab, %d ids, round trip %s\n", alpha_tokenizer_vocab_size(tok),
              (int)n, (len == strlen(text) && memcmp(back, text, len) == 0) ? "ok" : "BAD");

       memset(&dd, 0, sizeof dd);
       dd.batch_size = 2; dd.seq_len = 8; dd.seed = 42;
       if (alpha_data_create(&dd, ids, n, &data) != ALPHA_OK) return 1;
       alpha_data_next_batch(data, x, y);
       printf("first batch: x[0]=%d y[0]=%d\n", (int)x[0], (int)y[0]);
       alpha_data_free(data);
       alpha_tokenizer_free(tok);
       return 0;
   }
   ```

   TOPICS
   Errors:    functions that can fail return alpha_result (ALPHA_OK = 0). Objects keep their
              last error (alpha_tokenizer_last_error, alpha_data_last_error, ...). Loaders and
              parsers also take an optional `char *err, size_t err_cap` that receives the reason
              ("3:17: expected ':' after object key"), and every failure is also sent to the
              logger. Nothing here calls exit/abort/assert on user input.
   Memory:    every object takes an alpha_allocator in its desc (NULL alloc = ALPHA_MALLOC).
              Buffers returned by *_alloc functions and loaders are freed with
              alpha_train_free(allocator, ptr) using the same allocator.
   Threading: no globals; one object, one thread at a time.
   Formats:   JSON (RFC 8259, UTF-8); tokenizer file = the line "ALPHATOK 1\n" then one JSON
              object (see alpha_tokenizer_to_json); token file = 32-byte little-endian header
              ("ALPHATKN", u32 version 1, u32 dtype 1=uint16 2=int32, u64 count, u64 vocab
              size or 0) then the tokens; metrics = JSON Lines, one object per step with keys
              step, loss, lr, grad_norm, tok_s, ms and val_loss when present.
   Sections:  1 utilities, 2 JSON, 3 tokenizers, 4 token files and data loader,
              5 metrics and progress, 6 loss plot, 7-9 reserved (optimizer, checkpoints,
              training loop).
*/
#ifndef ALPHA_TRAIN_H
#define ALPHA_TRAIN_H

/* ---- alpha common block: identical in every alpha_*.h, guarded so it is seen once ---- */
#ifndef ALPHA_COMMON_DEFINED
#define ALPHA_COMMON_DEFINED
#include <stddef.h>
#include <stdint.h>

#ifdef ALPHA_STATIC
#define ALPHA_API static
#else
#define ALPHA_API extern
#endif

#ifdef __cplusplus
#define ALPHA_EXTERN_C_BEGIN extern "C" {
#define ALPHA_EXTERN_C_END }
#else
#define ALPHA_EXTERN_C_BEGIN
#define ALPHA_EXTERN_C_END
#endif

/* Every function that can fail for reasons outside the caller's code returns one of these. */
typedef enum alpha_result {
    ALPHA_OK = 0,
    ALPHA_ERR_INVALID = -1,     /* bad argument: shape, axis, dtype, index, option */
    ALPHA_ERR_OOM = -2,         /* host or device memory exhausted */
    ALPHA_ERR_IO = -3,          /* file could not be opened, read or written */
    ALPHA_ERR_FORMAT = -4,      /* malformed input: text, file, JSON */
    ALPHA_ERR_UNSUPPORTED = -5, /* valid request this build or device cannot do */
    ALPHA_ERR_DEVICE = -6,      /* GPU/driver failure */
    ALPHA_ERR_STATE = -7        /* object misuse or an earlier sticky failure */
} alpha_result;

typedef enum alpha_log_level {
    ALPHA_LOG_DEBUG = 0, ALPHA_LOG_INFO = 1, ALPHA_LOG_WARN = 2, ALPHA_LOG_ERROR = 3
} alpha_log_level;

/* Where messages go. func == NULL means: warnings and errors to stderr. */
typedef struct alpha_logger {
    void (*func)(void *user_data, alpha_log_level level, const char *message);
    void *user_data;
} alpha_logger;

/* Where memory comes from. alloc == NULL means ALPHA_MALLOC / ALPHA_FREE (malloc/free).
   alloc must return memory aligned to at least 16 bytes (library code aligns further itself). */
typedef struct alpha_allocator {
    void *(*alloc)(void *user_data, size_t size);
    void (*free)(void *user_data, void *ptr);
    void *user_data;
} alpha_allocator;

static inline const char *alpha_result_str(alpha_result r) {
    switch (r) {
    case ALPHA_OK: return "ok";
    case ALPHA_ERR_INVALID: return "invalid argument";
    case ALPHA_ERR_OOM: return "out of memory";
    case ALPHA_ERR_IO: return "i/o error";
    case ALPHA_ERR_FORMAT: return "malformed input";
    case ALPHA_ERR_UNSUPPORTED: return "unsupported";
    case ALPHA_ERR_DEVICE: return "device error";
    case ALPHA_ERR_STATE: return "invalid state";
    }
    return "unknown error";
}
#endif /* ALPHA_COMMON_DEFINED */

/* TODO(lead): include alpha_model.h */

#include <stdio.h> /* FILE, for alpha_progress */

#define ALPHA_TRAIN_VERSION_MAJOR 0
#define ALPHA_TRAIN_VERSION_MINOR 1
#define ALPHA_TRAIN_VERSION_PATCH 0

ALPHA_EXTERN_C_BEGIN

/* =========================================================================================
   SECTION 1: UTILITIES (files, directories, time)
   ========================================================================================= */

/* Frees a buffer returned by an alpha_train.h function (*_alloc, loaders, alpha_train_read_file)
   with the allocator that was given to it (NULL = default). NULL ptr is fine. */
ALPHA_API void alpha_train_free(const alpha_allocator *allocator, void *ptr);

/* Seconds since an arbitrary fixed point, monotonic where the platform offers it. */
ALPHA_API double alpha_train_now(void);

/* Creates a directory and all missing parents ("mkdir -p"); existing directories are fine. */
ALPHA_API alpha_result alpha_train_mkdirs(const char *path, const alpha_logger *logger);

/* Reads a whole file into a new NUL-terminated buffer (freed with alpha_train_free).
   max_size 0 = 1 GiB. Files larger than max_size are rejected. */
ALPHA_API alpha_result alpha_train_read_file(const char *path, size_t max_size,
                                             const alpha_allocator *allocator,
                                             const alpha_logger *logger, char **out_data,
                                             size_t *out_size, char *err, size_t err_cap);

/* Atomic file replacement: write to "<path>.tmp.<n>", then commit = flush, fsync, close and
   rename over path (MoveFileExA on Windows), so readers see the old or the new file, never a
   torn one. abort removes the temporary file. Errors are sticky; commit reports them. */
typedef struct alpha_atomic_file {
    int fd;
    alpha_result status;
    char *path, *tmp_path;
    alpha_allocator allocator;
    alpha_logger logger;
    char error[256];
} alpha_atomic_file;
ALPHA_API alpha_result alpha_atomic_file_open(alpha_atomic_file *f, const char *path,
                                              const alpha_allocator *allocator,
                                              const alpha_logger *logger);
ALPHA_API alpha_result alpha_atomic_file_write(alpha_atomic_file *f, const void *data, size_t size);
ALPHA_API alpha_result alpha_atomic_file_commit(alpha_atomic_file *f);
ALPHA_API void alpha_atomic_file_abort(alpha_atomic_file *f);

/* =========================================================================================
   SECTION 2: JSON
   Writer: builds JSON text in a growable buffer. Numbers round-trip exactly (floats with the
   shortest of %.6g..%.9g that reads back equal, doubles %.15g..%.17g); NaN/Inf are written as
   null (JSON has neither). Invalid UTF-8 in strings becomes U+FFFD; use
   alpha_json_write_bytes for exact byte strings. Misuse (value without key in an object,
   unbalanced end, depth > ALPHA_JSON_MAX_DEPTH) sets a sticky error reported by finish.
   Parser: strict RFC 8259 into a tree allocated in one arena (free with alpha_json_free),
   limits on depth and size, UTF-8 validated, duplicate keys rejected, errors as
   "line:col: reason". Any input is safe to parse.
   ========================================================================================= */

#define ALPHA_JSON_MAX_DEPTH 64

typedef enum alpha_json_type {
    ALPHA_JSON_NULL = 0, ALPHA_JSON_BOOL, ALPHA_JSON_NUMBER, ALPHA_JSON_STRING,
    ALPHA_JSON_ARRAY, ALPHA_JSON_OBJECT
} alpha_json_type;

/* One parsed value. Read-only for users; all memory belongs to the root. */
typedef struct alpha_json {
    alpha_json_type type;
    uint32_t line, col;        /* where the value starts in the parsed text (1-based) */
    int boolean;               /* BOOL */
    int is_int;                /* NUMBER: the literal is an integer that fits in int64 */
    double number;             /* NUMBER (also set for integers) */
    int64_t integer;           /* NUMBER when is_int */
    const char *str;           /* STRING: decoded UTF-8 bytes, NUL-terminated */
    size_t len;                /* STRING: byte length (may contain NUL from \u0000) */
    const char *key;           /* member name when this value sits in an object, else NULL */
    size_t key_len;
    struct alpha_json *items;  /* ARRAY elements / OBJECT members, in document order */
    size_t count;
} alpha_json;

typedef struct alpha_json_parse_desc {
    size_t max_depth;          /* 0 = 64; at most 1000 */
    size_t max_size;           /* input bytes; 0 = 256 MiB */
    alpha_allocator allocator;
    alpha_logger logger;
} alpha_json_parse_desc;

/* Parses text[0..len). On success *out_root is the tree (alpha_json_free it). On failure
   *out_root is NULL, err gets "line:col: reason" and the logger an error. desc may be NULL. */
ALPHA_API alpha_result alpha_json_parse(const char *text, size_t len,
                                        const alpha_json_parse_desc *desc,
                                        alpha_json **out_root, char *err, size_t err_cap);
ALPHA_API void alpha_json_free(alpha_json *root);

ALPHA_API const char *alpha_json_type_name(alpha_json_type type);
/* Member of an object by key (NULL if v is not an object or has no such key). */
ALPHA_API const alpha_json *alpha_json_get(const alpha_json *obj, const char *key);
/* Element i of an array or member i of an object (NULL if out of range or a scalar). */
ALPHA_API const alpha_json *alpha_json_at(const alpha_json *v, size_t i);
/* Number of elements/members; 0 for scalars and NULL. */
ALPHA_API size_t alpha_json_count(const alpha_json *v);
/* Dotted path lookup: "config.n_layer", "tensors.3.shape.0" (numbers index arrays). */
ALPHA_API const alpha_json *alpha_json_find(const alpha_json *root, const char *path);
/* Lenient accessors: the value, or fallback when v is NULL or of another type. as_int accepts
   numbers that are exact integers in int64 range. */
ALPHA_API double alpha_json_as_double(const alpha_json *v, double fallback);
ALPHA_API int64_t alpha_json_as_int(const alpha_json *v, int64_t fallback);
ALPHA_API const char *alpha_json_as_string(const alpha_json *v, const char *fallback);
ALPHA_API int alpha_json_as_bool(const alpha_json *v, int fallback);
/* Checked member accessors for loaders: ALPHA_OK, or ALPHA_ERR_FORMAT with err set to
   "line:col: 'key': expected an integer in [lo, hi], got 1.5" (missing keys name the object). */
ALPHA_API alpha_result alpha_json_get_int(const alpha_json *obj, const char *key, int64_t lo,
                                          int64_t hi, int64_t *out, char *err, size_t err_cap);
ALPHA_API alpha_result alpha_json_get_double(const alpha_json *obj, const char *key,
                                             double *out, char *err, size_t err_cap);
ALPHA_API alpha_result alpha_json_get_bool(const alpha_json *obj, const char *key, int *out,
                                           char *err, size_t err_cap);
ALPHA_API alpha_result alpha_json_get_string(const alpha_json *obj, const char *key,
                                             const char **out, size_t *out_len, char *err,
                                             size_t err_cap);
/* Member that must be an array (type ALPHA_JSON_ARRAY) or an object (ALPHA_JSON_OBJECT). */
ALPHA_API alpha_result alpha_json_get_typed(const alpha_json *obj, const char *key,
                                            alpha_json_type type, const alpha_json **out,
                                            char *err, size_t err_cap);

typedef struct alpha_json_writer_desc {
    int indent;                /* 0 = compact; n = pretty with n spaces per level */
    alpha_allocator allocator;
} alpha_json_writer_desc;

typedef struct alpha_json_writer {
    char *buf;                 /* NUL-terminated text so far (may be NULL before any output) */
    size_t len, cap;
    alpha_allocator allocator;
    int indent;
    int depth;
    unsigned char kind[ALPHA_JSON_MAX_DEPTH];   /* 'o' object / 'a' array per open level */
    unsigned char nonempty[ALPHA_JSON_MAX_DEPTH];
    int after_key;             /* a key was written; its value must come next */
    int done;                  /* a complete top-level value exists */
    alpha_result status;       /* sticky */
    char error[160];
} alpha_json_writer;

/* desc may be NULL (compact, default allocator). */
ALPHA_API void alpha_json_writer_init(alpha_json_writer *w, const alpha_json_writer_desc *desc);
ALPHA_API void alpha_json_writer_free(alpha_json_writer *w);
/* Empties the text but keeps the buffer (for writing JSON Lines one by one). */
ALPHA_API void alpha_json_writer_reset(alpha_json_writer *w);
/* The finished text, or NULL if a sticky error happened or a value is incomplete (then
   w->error says why). The text stays owned by the writer. */
ALPHA_API const char *alpha_json_writer_finish(alpha_json_writer *w, size_t *out_len);
ALPHA_API void alpha_json_object_begin(alpha_json_writer *w);
ALPHA_API void alpha_json_object_end(alpha_json_writer *w);
ALPHA_API void alpha_json_array_begin(alpha_json_writer *w);
ALPHA_API void alpha_json_array_end(alpha_json_writer *w);
ALPHA_API void alpha_json_key(alpha_json_writer *w, const char *key);
ALPHA_API void alpha_json_write_string(alpha_json_writer *w, const char *s);
ALPHA_API void alpha_json_write_string_n(alpha_json_writer *w, const char *s, size_t n);
/* Exact bytes: a JSON string when the bytes are valid UTF-8, else an array of byte values
   (0..255). alpha_json_bytes() reads either form back. */
ALPHA_API void alpha_json_write_bytes(alpha_json_writer *w, const void *data, size_t n);
ALPHA_API void alpha_json_write_double(alpha_json_writer *w, double v);
ALPHA_API void alpha_json_write_float(alpha_json_writer *w, float v);
ALPHA_API void alpha_json_write_int(alpha_json_writer *w, int64_t v);
ALPHA_API void alpha_json_write_bool(alpha_json_writer *w, int v);
ALPHA_API void alpha_json_write_null(alpha_json_writer *w);
/* Writes a parsed (sub)tree. */
ALPHA_API void alpha_json_write_value(alpha_json_writer *w, const alpha_json *v);
/* key + value in one call, for objects. */
ALPHA_API void alpha_json_kv_string(alpha_json_writer *w, const char *key, const char *s);
ALPHA_API void alpha_json_kv_int(alpha_json_writer *w, const char *key, int64_t v);
ALPHA_API void alpha_json_kv_double(alpha_json_writer *w, const char *key, double v);
ALPHA_API void alpha_json_kv_float(alpha_json_writer *w, const char *key, float v);
ALPHA_API void alpha_json_kv_bool(alpha_json_writer *w, const char *key, int v);
/* Reads a value written by alpha_json_write_bytes: copies up to cap bytes into out and sets
   *out_len to the full length. ALPHA_ERR_FORMAT if v is neither a string nor an array of
   integers 0..255. out may be NULL with cap 0 to query the length. */
ALPHA_API alpha_result alpha_json_bytes(const alpha_json *v, void *out, size_t cap,
                                        size_t *out_len);

/* =========================================================================================
   SECTION 3: TOKENIZERS
   char: one token per distinct byte of the training text (ids in byte order). Encoding a
         byte that is not in the vocabulary skips it and logs one warning per call.
   word: <unk> (id 0), then the most frequent pieces of the training text, where a piece is
         a run of letters/digits (bytes >= 0x80 count as letters), one punctuation byte, or
         a run of up to 16 whitespace bytes. Unknown pieces encode to 0, which decodes to
         "<unk>".
   bpe:  byte-level BPE: ids 0..255 are the bytes, every further id is a learned merge of two
         earlier ids. Text is first split into chunks (an optional leading space plus a run of
         letters, digits or punctuation; whitespace runs; at most max_chunk bytes), merges
         never cross chunks. Any byte string round-trips exactly.
   ========================================================================================= */

typedef enum alpha_tokenizer_kind {
    ALPHA_TOKENIZER_BPE = 0, ALPHA_TOKENIZER_CHAR = 1, ALPHA_TOKENIZER_WORD = 2
} alpha_tokenizer_kind;

typedef struct alpha_tokenizer alpha_tokenizer;

typedef struct alpha_tokenizer_progress_info {
    const char *phase;         /* "count" (scanning text) or "merge" (BPE merges) */
    size_t done, total;
    double seconds;            /* since training started */
} alpha_tokenizer_progress_info;

/* Return nonzero to cancel training (train then returns ALPHA_ERR_STATE). */
typedef int (*alpha_tokenizer_progress_fn)(void *user_data, const alpha_tokenizer_progress_info *info);

typedef struct alpha_tokenizer_desc {
    alpha_tokenizer_kind kind;    /* 0 = BPE */
    int32_t vocab_size;           /* BPE: 0 = 4096, >= 256, includes the 256 byte tokens.
                                     word: 0 = 8192, >= 2, includes <unk>.
                                     char: 0 = all distinct bytes; else keep the most frequent */
    int32_t min_frequency;        /* BPE: stop when the best pair occurs fewer times; 0 = 2.
                                     word: drop pieces seen fewer times; 0 = 1 */
    int32_t max_chunk;            /* BPE chunk cap in bytes; 0 = 256 (8..65536) */
    alpha_tokenizer_progress_fn progress;   /* optional, called about 100 times */
    void *progress_user_data;
    alpha_allocator allocator;
    alpha_logger logger;          /* training also logs INFO lines: start, every 10%, end */
} alpha_tokenizer_desc;

ALPHA_API alpha_result alpha_tokenizer_train(const alpha_tokenizer_desc *desc, const void *text,
                                             size_t len, alpha_tokenizer **out);
ALPHA_API void alpha_tokenizer_free(alpha_tokenizer *tok);
ALPHA_API alpha_tokenizer_kind alpha_tokenizer_get_kind(const alpha_tokenizer *tok);
ALPHA_API const char *alpha_tokenizer_kind_name(alpha_tokenizer_kind kind);
ALPHA_API int32_t alpha_tokenizer_vocab_size(const alpha_tokenizer *tok);
/* The unknown-token id (word: 0) or -1 when the tokenizer has none (char, bpe). */
ALPHA_API int32_t alpha_tokenizer_unk_id(const alpha_tokenizer *tok);
/* The bytes of one token (not NUL-terminated) or NULL for a bad id. */
ALPHA_API const char *alpha_tokenizer_token(const alpha_tokenizer *tok, int32_t id, size_t *out_len);
ALPHA_API const char *alpha_tokenizer_last_error(const alpha_tokenizer *tok);
/* snprintf-style: writes at most capacity ids and sets *out_count to the full count
   (ids may be NULL with capacity 0 to count). */
ALPHA_API alpha_result alpha_tokenizer_encode(alpha_tokenizer *tok, const void *text, size_t len,
                                              int32_t *ids, size_t capacity, size_t *out_count);
/* Allocates the id array (free with alpha_train_free and the tokenizer's allocator). */
ALPHA_API alpha_result alpha_tokenizer_encode_alloc(alpha_tokenizer *tok, const void *text,
                                                    size_t len, int32_t **out_ids,
                                                    size_t *out_count);
/* snprintf-style: writes at most cap bytes, NUL-terminates when the text is shorter than cap,
   sets *out_len to the full length. ALPHA_ERR_INVALID (nothing written) on an id out of range. */
ALPHA_API alpha_result alpha_tokenizer_decode(alpha_tokenizer *tok, const int32_t *ids, size_t n,
                                              char *out, size_t cap, size_t *out_len);
/* Allocates a NUL-terminated result (free with alpha_train_free and the tokenizer's allocator). */
ALPHA_API alpha_result alpha_tokenizer_decode_alloc(alpha_tokenizer *tok, const int32_t *ids,
                                                    size_t n, char **out, size_t *out_len);
/* Writes the tokenizer as one JSON object value at the writer's position, e.g. after
   alpha_json_key(w, "tokenizer"). Schema: {"type":"bpe","version":1,"vocab_size":N,
   "max_chunk":256,"merges":[[a,b],...]} / {"type":"char","version":1,"vocab_size":N,
   "vocab":[...]} / {"type":"word","version":1,"vocab_size":N,"vocab":["<unk>",...]};
   vocab entries are alpha_json_write_bytes values. */
ALPHA_API alpha_result alpha_tokenizer_to_json(const alpha_tokenizer *tok, alpha_json_writer *w);
/* Builds a tokenizer from such a value, validating every field. desc supplies allocator and
   logger only (may be NULL). */
ALPHA_API alpha_result alpha_tokenizer_from_json(const alpha_json *value,
                                                 const alpha_tokenizer_desc *desc,
                                                 alpha_tokenizer **out, char *err, size_t err_cap);
/* Standalone file: "ALPHATOK 1\n" + the JSON object + "\n", written atomically. */
ALPHA_API alpha_result alpha_tokenizer_save(alpha_tokenizer *tok, const char *path);
ALPHA_API alpha_result alpha_tokenizer_load(const char *path, const alpha_tokenizer_desc *desc,
                                            alpha_tokenizer **out, char *err, size_t err_cap);
ALPHA_API alpha_result alpha_tokenizer_load_mem(const void *data, size_t size,
                                                const alpha_tokenizer_desc *desc,
                                                alpha_tokenizer **out, char *err, size_t err_cap);

/* =========================================================================================
   SECTION 4: TOKEN FILES AND THE DATA LOADER
   ========================================================================================= */

#define ALPHA_TOKEN_FILE_HEADER_SIZE 32
typedef enum alpha_token_dtype { ALPHA_TOKEN_U16 = 1, ALPHA_TOKEN_I32 = 2 } alpha_token_dtype;

/* Writes tokens atomically; uint16 when every token is in 0..65535, else int32. vocab_size is
   stored (0 = unknown) and, when nonzero, every token must be below it. */
ALPHA_API alpha_result alpha_token_file_save(const char *path, const int32_t *tokens, size_t count,
                                             int32_t vocab_size, const alpha_logger *logger);
/* Loads and validates a token file; *out_tokens is freed with alpha_train_free(allocator). */
ALPHA_API alpha_result alpha_token_file_load(const char *path, const alpha_allocator *allocator,
                                             const alpha_logger *logger, int32_t **out_tokens,
                                             size_t *out_count, int32_t *out_vocab_size,
                                             char *err, size_t err_cap);
/* The same from memory (for fuzzing and embedding). */
ALPHA_API alpha_result alpha_token_file_parse(const void *data, size_t size,
                                              const alpha_allocator *allocator,
                                              const alpha_logger *logger, int32_t **out_tokens,
                                              size_t *out_count, int32_t *out_vocab_size,
                                              char *err, size_t err_cap);

typedef struct alpha_data alpha_data;

typedef struct alpha_data_desc {
    int32_t batch_size;        /* B; 0 = 8 */
    int32_t seq_len;           /* T; 0 = 64 */
    double val_fraction;       /* last fraction of the tokens kept for validation; 0 = 0.1,
                                  negative = no validation split */
    uint64_t seed;             /* batch order is a pure function of (seed, step) */
    int32_t vocab_size;        /* nonzero: every token must be in [0, vocab_size) */
    int borrow;                /* nonzero: keep the caller's token array (must outlive) */
    alpha_allocator allocator;
    alpha_logger logger;
} alpha_data_desc;

/* Everything needed to continue exactly: store it in checkpoints. */
typedef struct alpha_data_state {
    uint64_t seed;
    uint64_t step;             /* training batches handed out so far */
    uint64_t val_pos;          /* next validation window start */
    uint64_t train_tokens;     /* size of the train split, checked on restore */
} alpha_data_state;

ALPHA_API alpha_result alpha_data_create(const alpha_data_desc *desc, const int32_t *tokens,
                                         size_t count, alpha_data **out);
ALPHA_API void alpha_data_free(alpha_data *d);
ALPHA_API const char *alpha_data_last_error(const alpha_data *d);
ALPHA_API size_t alpha_data_train_tokens(const alpha_data *d);
ALPHA_API size_t alpha_data_val_tokens(const alpha_data *d);
/* Fills x[B*T] and y[B*T] (row-major [B][T]) with B random windows of the train split;
   y is x shifted by one token. Advances the step. */
ALPHA_API alpha_result alpha_data_next_batch(alpha_data *d, int32_t *x, int32_t *y);
/* The batch that next_batch returns at a given step, without changing the state. */
ALPHA_API alpha_result alpha_data_batch_at(const alpha_data *d, uint64_t step, int32_t *x, int32_t *y);
ALPHA_API void alpha_data_get_state(const alpha_data *d, alpha_data_state *out);
ALPHA_API alpha_result alpha_data_set_state(alpha_data *d, const alpha_data_state *state);
/* Validation: consecutive windows of T+1 tokens with stride T over the val split.
   val_next fills up to B rows and sets *out_rows (0 when the split is exhausted). */
ALPHA_API size_t alpha_data_val_windows(const alpha_data *d);
ALPHA_API void alpha_data_val_reset(alpha_data *d);
ALPHA_API alpha_result alpha_data_val_next(alpha_data *d, int32_t *x, int32_t *y, int32_t *out_rows);

/* =========================================================================================
   SECTION 5: METRICS (JSONL) AND THE PROGRESS LINE
   ========================================================================================= */

typedef struct alpha_metrics alpha_metrics;

typedef struct alpha_metrics_desc {
    const char *run_dir;       /* created with parents; NULL = "runs/default" */
    const char *file_name;     /* NULL = "metrics.jsonl" */
    int append;                /* nonzero: append (resume), else truncate */
    alpha_allocator allocator;
    alpha_logger logger;
} alpha_metrics_desc;

typedef struct alpha_metrics_record {
    int64_t step;
    double loss, lr, grad_norm;
    double tok_s;              /* tokens per second */
    double ms;                 /* step time in milliseconds */
    int has_val_loss;
    double val_loss;
} alpha_metrics_record;

ALPHA_API alpha_result alpha_metrics_open(const alpha_metrics_desc *desc, alpha_metrics **out);
/* Writes and flushes one line {"step":..,"loss":..,"lr":..,"grad_norm":..,"tok_s":..,"ms":..
   [,"val_loss":..]}. */
ALPHA_API alpha_result alpha_metrics_log(alpha_metrics *m, const alpha_metrics_record *rec);
/* For extra fields: begin_line writes the record's fields and returns the writer positioned
   inside the line's object (add alpha_json_kv_* calls), end_line closes and writes it. */
ALPHA_API alpha_json_writer *alpha_metrics_begin_line(alpha_metrics *m, const alpha_metrics_record *rec);
ALPHA_API alpha_result alpha_metrics_end_line(alpha_metrics *m);
ALPHA_API const char *alpha_metrics_path(const alpha_metrics *m);
ALPHA_API const char *alpha_metrics_last_error(const alpha_metrics *m);
ALPHA_API void alpha_metrics_close(alpha_metrics *m);

typedef struct alpha_progress_desc {
    FILE *out;                 /* NULL = stderr */
    int64_t total;             /* total steps (0 = unknown: no ETA) */
    int64_t start_step;        /* first step of this run (for resumed runs' rates) */
    const char *label;         /* NULL = "train" */
    int mode;                  /* 0 = auto (TTY: \r updates, else lines), 1 = TTY, 2 = lines */
    double interval_s;         /* lines mode: at most one line per interval; 0 = 10 s */
} alpha_progress_desc;

typedef struct alpha_progress {
    FILE *out;
    int tty;
    int64_t total, start_step;
    char label[32];
    double t0, last_print, interval_s;
    int last_len;
    int printed;
} alpha_progress;

ALPHA_API void alpha_progress_init(alpha_progress *p, const alpha_progress_desc *desc);
/* step = steps completed. Prints when due (TTY: at most 10 times a second; lines: every
   interval_s, and always the first and the last step). */
ALPHA_API void alpha_progress_update(alpha_progress *p, int64_t step, double loss, double tok_s);
/* Ends the TTY line with a newline. */
ALPHA_API void alpha_progress_finish(alpha_progress *p);
/* The text of one progress line ("train 120/5000 2.4% | loss 3.2145 | 12.3k tok/s |
   elapsed 1m05s | ETA 4m12s"); returns its length (snprintf-style). */
ALPHA_API size_t alpha_progress_format(char *buf, size_t cap, const char *label, int64_t step,
                                       int64_t total, int64_t start_step, double loss,
                                       double tok_s, double elapsed_s);

/* =========================================================================================
   SECTION 6: LOSS PLOT (SVG)
   ========================================================================================= */

typedef struct alpha_plot_desc {
    int width, height;         /* 0 = 800 x 480 */
    const char *title;         /* NULL = "training loss" */
    double smooth;             /* EMA factor for the smoothed train curve in [0,1); 0 = 0.9,
                                  negative = no smoothed curve */
    int log_y;                 /* nonzero: logarithmic loss axis */
    alpha_allocator allocator;
    alpha_logger logger;
} alpha_plot_desc;

/* Reads JSON Lines (lines with "step" and "loss" / "val_loss"; malformed lines are skipped
   and counted in a warning) and returns an SVG document (free with alpha_train_free). */
ALPHA_API alpha_result alpha_plot_loss_svg(const alpha_plot_desc *desc, const char *jsonl,
                                           size_t len, char **out_svg, size_t *out_len);
/* File to file; the SVG is written atomically. */
ALPHA_API alpha_result alpha_plot_loss_file(const alpha_plot_desc *desc, const char *metrics_path,
                                            const char *svg_path);

/* =========================================================================================
   SECTION 7: OPTIMIZER (AdamW, LR schedule, clipping)       -- reserved for the lead
   SECTION 8: CHECKPOINTS                                    -- reserved for the lead
   SECTION 9: TRAINING LOOP                                  -- reserved for the lead
   ========================================================================================= */

ALPHA_EXTERN_C_END

#endif /* ALPHA_TRAIN_H */

/* ######################################################################################### */
/*                                     IMPLEMENTATION                                        */
/* ######################################################################################### */
#if (defined(ALPHA_IMPLEMENTATION) || defined(ALPHA_TRAIN_IMPLEMENTATION)) && !defined(ALPHA_TRAIN_IMPLEMENTED)
#define ALPHA_TRAIN_IMPLEMENTED

/* TODO(lead): re-include alpha_model.h here (implementation re-include rule) */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <math.h>
#include <float.h>
#include <locale.h>
#include <errno.h>
#include <time.h>
#ifdef _WIN32
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#include <io.h>
#include <direct.h>
#include <fcntl.h>
#include <sys/stat.h>
#else
#include <unistd.h>
#include <fcntl.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/time.h>
#endif

#if defined(ALPHA_MALLOC) && !defined(ALPHA_FREE)
#error "alpha_train.h: define both ALPHA_MALLOC and ALPHA_FREE, or neither"
#endif
#ifndef ALPHA_MALLOC
#define ALPHA_MALLOC(sz) malloc(sz)
#define ALPHA_FREE(p) free(p)
#endif

#if defined(__GNUC__) || defined(__clang__)
#define ALPHA__TR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ALPHA__TR_PRINTF(a, b)
#endif

/* =========================================================================================
   SECTION 1 (implementation): UTILITIES
   ========================================================================================= */

static void *alpha__tr_alloc(const alpha_allocator *a, size_t n) {
    if (n == 0) n = 1;
    if (a && a->alloc) return a->alloc(a->user_data, n);
    return ALPHA_MALLOC(n);
}

static void alpha__tr_free(const alpha_allocator *a, void *p) {
    if (!p) return;
    if (a && a->alloc) {
        if (a->free) a->free(a->user_data, p);
    } else {
        ALPHA_FREE(p);
    }
}

/* Grows *p (elements of size elem, capacity *cap) to hold at least need elements. */
static int alpha__tr_grow(const alpha_allocator *a, void **p, size_t *cap, size_t need, size_t elem) {
    size_t nc;
    void *q;
    if (need <= *cap) return 1;
    nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > ((size_t)-1) / 2) return 0;
        nc *= 2;
    }
    if (nc > ((size_t)-1) / elem) return 0;
    q = alpha__tr_alloc(a, nc * elem);
    if (!q) return 0;
    if (*p && *cap) memcpy(q, *p, *cap * elem);
    alpha__tr_free(a, *p);
    *p = q;
    *cap = nc;
    return 1;
}

static void alpha__tr_copy_str(char *dst, size_t cap, const char *src) {
    size_t n;
    if (!dst || cap == 0) return;
    n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

static void alpha__tr_emit(const alpha_logger *lg, alpha_log_level lvl, const char *msg) {
    if (lg && lg->func) {
        lg->func(lg->user_data, lvl, msg);
    } else if (lvl >= ALPHA_LOG_WARN) {
        fprintf(stderr, "alpha: %s: %s\n", lvl == ALPHA_LOG_WARN ? "warning" : "error", msg);
    }
}

/* Formats a message, copies it into err (and err2, e.g. an object's last-error buffer), logs it. */
static void alpha__tr_vreport(const alpha_logger *lg, alpha_log_level lvl, char *err, size_t cap,
                              char *err2, size_t cap2, const char *fmt, va_list ap) {
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    alpha__tr_copy_str(err, cap, msg);
    alpha__tr_copy_str(err2, cap2, msg);
    alpha__tr_emit(lg, lvl, msg);
}

static void alpha__tr_report(const alpha_logger *lg, alpha_log_level lvl, char *err, size_t cap,
                             char *err2, size_t cap2, const char *fmt, ...) ALPHA__TR_PRINTF(7, 8);
static void alpha__tr_report(const alpha_logger *lg, alpha_log_level lvl, char *err, size_t cap,
                             char *err2, size_t cap2, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alpha__tr_vreport(lg, lvl, err, cap, err2, cap2, fmt, ap);
    va_end(ap);
}

static void alpha__tr_log(const alpha_logger *lg, alpha_log_level lvl, const char *fmt, ...) ALPHA__TR_PRINTF(3, 4);
static void alpha__tr_log(const alpha_logger *lg, alpha_log_level lvl, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alpha__tr_vreport(lg, lvl, NULL, 0, NULL, 0, fmt, ap);
    va_end(ap);
}

/* snprintf into err only (no logging), for composing messages. */
static void alpha__tr_fmt(char *err, size_t cap, const char *fmt, ...) ALPHA__TR_PRINTF(3, 4);
static void alpha__tr_fmt(char *err, size_t cap, const char *fmt, ...) {
    va_list ap;
    if (!err || cap == 0) return;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
}

static char *alpha__tr_strdup(const alpha_allocator *a, const char *s) {
    size_t n = strlen(s);
    char *p = (char *)alpha__tr_alloc(a, n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

ALPHA_API void alpha_train_free(const alpha_allocator *allocator, void *ptr) {
    alpha__tr_free(allocator, ptr);
}

ALPHA_API double alpha_train_now(void) {
#ifdef _WIN32
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / (double)f.QuadPart;
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && defined(TIME_UTC) && !defined(__APPLE__)
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
#else
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + 1e-6 * (double)tv.tv_usec;
#endif
}

static int alpha__tr_is_dir(const char *path) {
#ifdef _WIN32
    struct _stat st;
    return _stat(path, &st) == 0 && (st.st_mode & _S_IFDIR);
#else
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
#endif
}

static int alpha__tr_mkdir1(const char *path) {
#ifdef _WIN32
    return _mkdir(path);
#else
    return mkdir(path, 0777);
#endif
}

ALPHA_API alpha_result alpha_train_mkdirs(const char *path, const alpha_logger *logger) {
    char buf[4096];
    size_t n, i;
    if (!path || !*path) {
        alpha__tr_log(logger, ALPHA_LOG_ERROR, "alpha_train_mkdirs: empty path");
        return ALPHA_ERR_INVALID;
    }
    n = strlen(path);
    if (n >= sizeof buf) {
        alpha__tr_log(logger, ALPHA_LOG_ERROR, "alpha_train_mkdirs: path of %lu bytes is too long",
                      (unsigned long)n);
        return ALPHA_ERR_INVALID;
    }
    memcpy(buf, path, n + 1);
    for (i = 1; i <= n; i++) {
        if (i == n || buf[i] == '/' || buf[i] == '\\') {
            char c = buf[i];
            if (i > 0 && (buf[i - 1] == '/' || buf[i - 1] == '\\')) continue; /* "a//b" */
#ifdef _WIN32
            if (i == 2 && buf[1] == ':') continue; /* "C:" */
#endif
            buf[i] = 0;
            if (!alpha__tr_is_dir(buf) && alpha__tr_mkdir1(buf) != 0 && !alpha__tr_is_dir(buf)) {
                alpha__tr_log(logger, ALPHA_LOG_ERROR, "alpha_train_mkdirs: cannot create '%s': %s",
                              buf, strerror(errno));
                return ALPHA_ERR_IO;
            }
            buf[i] = c;
        }
    }
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_train_read_file(const char *path, size_t max_size,
                                             const alpha_allocator *allocator,
                                             const alpha_logger *logger, char **out_data,
                                             size_t *out_size, char *err, size_t err_cap) {
    FILE *f;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    if (out_data) *out_data = NULL;
    if (out_size) *out_size = 0;
    if (!path || !out_data) {
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                         "alpha_train_read_file: NULL path or out_data");
        return ALPHA_ERR_INVALID;
    }
    if (max_size == 0) max_size = (size_t)1 << 30;
    f = fopen(path, "rb");
    if (!f) {
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                         "alpha_train_read_file: cannot open '%s': %s", path, strerror(errno));
        return ALPHA_ERR_IO;
    }
    for (;;) {
        size_t got;
        if (len + 65536 + 1 > cap) {
            void *p = buf;
            if (!alpha__tr_grow(allocator, &p, &cap, len + 65536 + 1, 1)) {
                alpha__tr_free(allocator, buf);
                fclose(f);
                alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                                 "alpha_train_read_file: out of memory reading '%s'", path);
                return ALPHA_ERR_OOM;
            }
            buf = (char *)p;
        }
        got = fread(buf + len, 1, 65536, f);
        len += got;
        if (len > max_size) {
            alpha__tr_free(allocator, buf);
            fclose(f);
            alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                             "alpha_train_read_file: '%s' is larger than the limit of %lu bytes",
                             path, (unsigned long)max_size);
            return ALPHA_ERR_FORMAT;
        }
        if (got < 65536) break;
    }
    if (ferror(f)) {
        alpha__tr_free(allocator, buf);
        fclose(f);
        alpha__tr_report(logger, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                         "alpha_train_read_file: read error on '%s'", path);
        return ALPHA_ERR_IO;
    }
    fclose(f);
    buf[len] = 0;
    *out_data = buf;
    if (out_size) *out_size = len;
    return ALPHA_OK;
}

#ifdef _WIN32
#define ALPHA__TR_OPEN(p) _open((p), _O_WRONLY | _O_CREAT | _O_TRUNC | _O_BINARY, _S_IREAD | _S_IWRITE)
#define ALPHA__TR_WRITE(fd, p, n) _write((fd), (p), (unsigned)(n))
#define ALPHA__TR_FSYNC(fd) _commit(fd)
#define ALPHA__TR_CLOSE(fd) _close(fd)
#else
#define ALPHA__TR_OPEN(p) open((p), O_WRONLY | O_CREAT | O_TRUNC, 0666)
#define ALPHA__TR_WRITE(fd, p, n) write((fd), (p), (n))
#define ALPHA__TR_FSYNC(fd) fsync(fd)
#define ALPHA__TR_CLOSE(fd) close(fd)
#endif

static alpha_result alpha__af_fail(alpha_atomic_file *f, alpha_result r, const char *fmt, ...) ALPHA__TR_PRINTF(3, 4);
static alpha_result alpha__af_fail(alpha_atomic_file *f, alpha_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alpha__tr_vreport(&f->logger, ALPHA_LOG_ERROR, f->error, sizeof f->error, NULL, 0, fmt, ap);
    va_end(ap);
    if (f->status == ALPHA_OK) f->status = r;
    return r;
}

ALPHA_API alpha_result alpha_atomic_file_open(alpha_atomic_file *f, const char *path,
                                              const alpha_allocator *allocator,
                                              const alpha_logger *logger) {
    size_t n;
    static const char suffix[] = ".tmp";
    if (!f) return ALPHA_ERR_INVALID;
    memset(f, 0, sizeof *f);
    f->fd = -1;
    if (allocator) f->allocator = *allocator;
    if (logger) f->logger = *logger;
    if (!path || !*path) return alpha__af_fail(f, ALPHA_ERR_INVALID, "alpha_atomic_file_open: empty path");
    n = strlen(path);
    f->path = alpha__tr_strdup(&f->allocator, path);
    f->tmp_path = (char *)alpha__tr_alloc(&f->allocator, n + sizeof suffix + 24);
    if (!f->path || !f->tmp_path) {
        alpha__tr_free(&f->allocator, f->path);
        alpha__tr_free(&f->allocator, f->tmp_path);
        f->path = f->tmp_path = NULL;
        return alpha__af_fail(f, ALPHA_ERR_OOM, "alpha_atomic_file_open: out of memory");
    }
    /* A per-call suffix is not needed for correctness (one writer per path at a time), but the
       clock keeps two processes writing the same path from sharing a temporary. */
    snprintf(f->tmp_path, n + sizeof suffix + 24, "%s%s.%lu", path, suffix,
             (unsigned long)(fmod(alpha_train_now() * 1e6, 4e9)));
    f->fd = ALPHA__TR_OPEN(f->tmp_path);
    if (f->fd < 0) {
        alpha_result r = alpha__af_fail(f, ALPHA_ERR_IO, "alpha_atomic_file_open: cannot create '%s': %s",
                                        f->tmp_path, strerror(errno));
        alpha__tr_free(&f->allocator, f->path);
        alpha__tr_free(&f->allocator, f->tmp_path);
        f->path = f->tmp_path = NULL;
        return r;
    }
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_atomic_file_write(alpha_atomic_file *f, const void *data, size_t size) {
    const char *p = (const char *)data;
    if (!f) return ALPHA_ERR_INVALID;
    if (f->status != ALPHA_OK) return f->status;
    if (f->fd < 0) return alpha__af_fail(f, ALPHA_ERR_STATE, "alpha_atomic_file_write: file is not open");
    while (size > 0) {
        size_t chunk = size > ((size_t)1 << 30) ? ((size_t)1 << 30) : size;
        long w = (long)ALPHA__TR_WRITE(f->fd, p, chunk);
        if (w <= 0) {
            if (w < 0 && errno == EINTR) continue;
            return alpha__af_fail(f, ALPHA_ERR_IO, "alpha_atomic_file_write: writing '%s' failed: %s",
                                  f->tmp_path, strerror(errno));
        }
        p += w;
        size -= (size_t)w;
    }
    return ALPHA_OK;
}

ALPHA_API void alpha_atomic_file_abort(alpha_atomic_file *f) {
    if (!f) return;
    if (f->fd >= 0) ALPHA__TR_CLOSE(f->fd);
    f->fd = -1;
    if (f->tmp_path) remove(f->tmp_path);
    alpha__tr_free(&f->allocator, f->path);
    alpha__tr_free(&f->allocator, f->tmp_path);
    f->path = f->tmp_path = NULL;
}

ALPHA_API alpha_result alpha_atomic_file_commit(alpha_atomic_file *f) {
    alpha_result r;
    if (!f) return ALPHA_ERR_INVALID;
    if (f->fd < 0 && f->status == ALPHA_OK)
        return alpha__af_fail(f, ALPHA_ERR_STATE, "alpha_atomic_file_commit: file is not open");
    if (f->status == ALPHA_OK && ALPHA__TR_FSYNC(f->fd) != 0)
        alpha__af_fail(f, ALPHA_ERR_IO, "alpha_atomic_file_commit: fsync '%s' failed: %s", f->tmp_path,
                       strerror(errno));
    if (f->fd >= 0 && ALPHA__TR_CLOSE(f->fd) != 0 && f->status == ALPHA_OK)
        alpha__af_fail(f, ALPHA_ERR_IO, "alpha_atomic_file_commit: close '%s' failed: %s", f->tmp_path,
                       strerror(errno));
    f->fd = -1;
    if (f->status == ALPHA_OK) {
#ifdef _WIN32
        if (!MoveFileExA(f->tmp_path, f->path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
            alpha__af_fail(f, ALPHA_ERR_IO, "alpha_atomic_file_commit: cannot rename '%s' to '%s' (error %lu)",
                           f->tmp_path, f->path, (unsigned long)GetLastError());
#else
        if (rename(f->tmp_path, f->path) != 0) {
            alpha__af_fail(f, ALPHA_ERR_IO, "alpha_atomic_file_commit: cannot rename '%s' to '%s': %s",
                           f->tmp_path, f->path, strerror(errno));
        } else {
            /* make the rename itself durable: fsync the directory (best effort) */
            char dir[4096];
            const char *slash = strrchr(f->path, '/');
            size_t dn = slash ? (size_t)(slash - f->path) : 0;
            int dfd;
            if (dn == 0) {
                dir[0] = slash ? '/' : '.';
                dir[1] = 0;
            } else if (dn < sizeof dir) {
                memcpy(dir, f->path, dn);
                dir[dn] = 0;
            } else {
                dir[0] = 0;
            }
            if (dir[0]) {
                dfd = open(dir, O_RDONLY);
                if (dfd >= 0) {
                    (void)fsync(dfd);
                    close(dfd);
                }
            }
        }
#endif
    }
    r = f->status;
    if (r != ALPHA_OK && f->tmp_path) remove(f->tmp_path);
    alpha__tr_free(&f->allocator, f->path);
    alpha__tr_free(&f->allocator, f->tmp_path);
    f->path = f->tmp_path = NULL;
    return r;
}

/* SPLITMIX-style mixing, the basis of every random choice in this header. */
static uint64_t alpha__tr_mix64(uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* =========================================================================================
   SECTION 2 (implementation): JSON
   ========================================================================================= */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is invalid. */
static size_t alpha__tr_utf8_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0) return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
        if (c == 0xF0 && s[1] < 0x90) return 0; /* overlong */
        if (c == 0xF4 && s[1] >= 0x90) return 0; /* > U+10FFFF */
        return 4;
    }
    return 0;
}

static int alpha__tr_utf8_valid(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        size_t k;
        if (s[i] < 0x80) { i++; continue; }
        k = alpha__tr_utf8_len(s + i, n - i);
        if (!k) return 0;
        i += k;
    }
    return 1;
}

static char alpha__tr_decimal_point(void) {
    const struct lconv *lc = localeconv();
    return (lc && lc->decimal_point && lc->decimal_point[0]) ? lc->decimal_point[0] : '.';
}

/* ---- writer ---- */

static void alpha__jw_fail(alpha_json_writer *w, alpha_result r, const char *msg) {
    if (w->status != ALPHA_OK) return;
    w->status = r;
    alpha__tr_copy_str(w->error, sizeof w->error, msg);
}

static void alpha__jw_put(alpha_json_writer *w, const char *s, size_t n) {
    if (w->status != ALPHA_OK) return;
    if (w->len + n + 1 > w->cap) {
        void *p = w->buf;
        if (w->len + n + 1 < w->len || !alpha__tr_grow(&w->allocator, &p, &w->cap, w->len + n + 1, 1)) {
            alpha__jw_fail(w, ALPHA_ERR_OOM, "alpha_json_writer: out of memory");
            return;
        }
        w->buf = (char *)p;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = 0;
}

static void alpha__jw_puts(alpha_json_writer *w, const char *s) { alpha__jw_put(w, s, strlen(s)); }

static void alpha__jw_newline(alpha_json_writer *w) {
    int i;
    if (w->indent <= 0) return;
    alpha__jw_put(w, "\n", 1);
    for (i = 0; i < w->depth * w->indent; i++) alpha__jw_put(w, " ", 1);
}

/* Called before every value (and key): writes separators, checks the grammar. */
static int alpha__jw_before(alpha_json_writer *w, int is_key, const char *what) {
    char msg[160];
    if (w->status != ALPHA_OK) return 0;
    if (w->depth == 0) {
        if (is_key) {
            snprintf(msg, sizeof msg, "%s: key outside an object", what);
            alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
            return 0;
        }
        if (w->done) {
            snprintf(msg, sizeof msg, "%s: a second top-level value (use alpha_json_writer_reset)", what);
            alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
            return 0;
        }
        return 1;
    }
    if (w->kind[w->depth - 1] == 'o') {
        if (is_key) {
            if (w->after_key) {
                snprintf(msg, sizeof msg, "%s: key after a key without a value", what);
                alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
                return 0;
            }
        } else {
            if (!w->after_key) {
                snprintf(msg, sizeof msg, "%s: value inside an object without a key", what);
                alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
                return 0;
            }
            w->after_key = 0;
            return 1; /* separator written with the key */
        }
    } else if (is_key) {
        snprintf(msg, sizeof msg, "%s: key inside an array", what);
        alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
        return 0;
    }
    if (w->nonempty[w->depth - 1]) alpha__jw_put(w, ",", 1);
    w->nonempty[w->depth - 1] = 1;
    alpha__jw_newline(w);
    return 1;
}

static void alpha__jw_after_value(alpha_json_writer *w) {
    if (w->depth == 0) w->done = 1;
}

ALPHA_API void alpha_json_writer_init(alpha_json_writer *w, const alpha_json_writer_desc *desc) {
    if (!w) return;
    memset(w, 0, sizeof *w);
    if (desc) {
        w->allocator = desc->allocator;
        w->indent = desc->indent < 0 ? 0 : (desc->indent > 16 ? 16 : desc->indent);
    }
}

ALPHA_API void alpha_json_writer_free(alpha_json_writer *w) {
    if (!w) return;
    alpha__tr_free(&w->allocator, w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
}

ALPHA_API void alpha_json_writer_reset(alpha_json_writer *w) {
    if (!w) return;
    w->len = 0;
    if (w->buf) w->buf[0] = 0;
    w->depth = 0;
    w->after_key = 0;
    w->done = 0;
    w->status = ALPHA_OK;
    w->error[0] = 0;
}

ALPHA_API const char *alpha_json_writer_finish(alpha_json_writer *w, size_t *out_len) {
    if (out_len) *out_len = 0;
    if (!w) return NULL;
    if (w->status == ALPHA_OK && (w->depth != 0 || !w->done))
        alpha__jw_fail(w, ALPHA_ERR_STATE,
                       w->depth ? "alpha_json_writer_finish: unclosed object or array"
                                : "alpha_json_writer_finish: no value written");
    if (w->status != ALPHA_OK) return NULL;
    if (out_len) *out_len = w->len;
    return w->buf;
}

static void alpha__jw_open(alpha_json_writer *w, char kind, const char *what) {
    if (!alpha__jw_before(w, 0, what)) return;
    if (w->depth >= ALPHA_JSON_MAX_DEPTH) {
        alpha__jw_fail(w, ALPHA_ERR_STATE, "alpha_json_writer: nesting deeper than ALPHA_JSON_MAX_DEPTH");
        return;
    }
    alpha__jw_put(w, kind == 'o' ? "{" : "[", 1);
    w->kind[w->depth] = (unsigned char)kind;
    w->nonempty[w->depth] = 0;
    w->depth++;
}

static void alpha__jw_close(alpha_json_writer *w, char kind, const char *what) {
    char msg[160];
    if (w->status != ALPHA_OK) return;
    if (w->depth == 0 || w->kind[w->depth - 1] != (unsigned char)kind) {
        snprintf(msg, sizeof msg, "%s: no open %s", what, kind == 'o' ? "object" : "array");
        alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
        return;
    }
    if (w->after_key) {
        snprintf(msg, sizeof msg, "%s: key without a value", what);
        alpha__jw_fail(w, ALPHA_ERR_STATE, msg);
        return;
    }
    w->depth--;
    if (w->nonempty[w->depth]) alpha__jw_newline(w);
    alpha__jw_put(w, kind == 'o' ? "}" : "]", 1);
    alpha__jw_after_value(w);
}

ALPHA_API void alpha_json_object_begin(alpha_json_writer *w) { if (w) alpha__jw_open(w, 'o', "alpha_json_object_begin"); }
ALPHA_API void alpha_json_object_end(alpha_json_writer *w) { if (w) alpha__jw_close(w, 'o', "alpha_json_object_end"); }
ALPHA_API void alpha_json_array_begin(alpha_json_writer *w) { if (w) alpha__jw_open(w, 'a', "alpha_json_array_begin"); }
ALPHA_API void alpha_json_array_end(alpha_json_writer *w) { if (w) alpha__jw_close(w, 'a', "alpha_json_array_end"); }

static void alpha__jw_quoted(alpha_json_writer *w, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    alpha__jw_put(w, "\"", 1);
    while (i < n) {
        unsigned char c = p[i];
        const char *esc = NULL;
        char ubuf[8];
        size_t k;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) { i++; run++; continue; }
        if (c >= 0x80) {
            k = alpha__tr_utf8_len(p + i, n - i);
            if (k) { i += k; run += k; continue; }
        }
        alpha__jw_put(w, (const char *)p + i - run, run);
        run = 0;
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
            if (c < 0x20) {
                snprintf(ubuf, sizeof ubuf, "\\u%04x", (unsigned)c);
                esc = ubuf;
            } else {
                esc = "\xEF\xBF\xBD"; /* invalid UTF-8 byte -> U+FFFD */
            }
        }
        alpha__jw_puts(w, esc);
        i++;
    }
    alpha__jw_put(w, (const char *)p + i - run, run);
    alpha__jw_put(w, "\"", 1);
}

ALPHA_API void alpha_json_key(alpha_json_writer *w, const char *key) {
    if (!w) return;
    if (!key) { alpha__jw_fail(w, ALPHA_ERR_INVALID, "alpha_json_key: NULL key"); return; }
    if (!alpha__jw_before(w, 1, "alpha_json_key")) return;
    alpha__jw_quoted(w, key, strlen(key));
    alpha__jw_put(w, w->indent > 0 ? ": " : ":", w->indent > 0 ? 2 : 1);
    w->after_key = 1;
}

ALPHA_API void alpha_json_write_string_n(alpha_json_writer *w, const char *s, size_t n) {
    if (!w) return;
    if (!s && n) { alpha__jw_fail(w, ALPHA_ERR_INVALID, "alpha_json_write_string_n: NULL string"); return; }
    if (!alpha__jw_before(w, 0, "alpha_json_write_string")) return;
    alpha__jw_quoted(w, s ? s : "", n);
    alpha__jw_after_value(w);
}

ALPHA_API void alpha_json_write_string(alpha_json_writer *w, const char *s) {
    if (!w) return;
    if (!s) { alpha_json_write_null(w); return; }
    alpha_json_write_string_n(w, s, strlen(s));
}

ALPHA_API void alpha_json_write_bytes(alpha_json_writer *w, const void *data, size_t n) {
    const unsigned char *p = (const unsigned char *)data;
    size_t i;
    if (!w) return;
    if (!p && n) { alpha__jw_fail(w, ALPHA_ERR_INVALID, "alpha_json_write_bytes: NULL data"); return; }
    if (n == 0 || alpha__tr_utf8_valid(p, n)) {
        alpha_json_write_string_n(w, (const char *)p, n);
        return;
    }
    alpha_json_array_begin(w);
    for (i = 0; i < n; i++) {
        char num[8];
        if (w->status != ALPHA_OK) return;
        /* compact: no newline per byte even when pretty-printing */
        if (i) alpha__jw_put(w, ",", 1);
        snprintf(num, sizeof num, "%u", (unsigned)p[i]);
        alpha__jw_puts(w, num);
    }
    alpha_json_array_end(w);
}

/* Formats a finite number with '.' as decimal point whatever the locale. */
static void alpha__jw_number_text(char *buf, size_t cap, double v, int is_float) {
    int prec;
    char dp = alpha__tr_decimal_point();
    for (prec = is_float ? 6 : 15; prec <= (is_float ? 9 : 17); prec++) {
        snprintf(buf, cap, "%.*g", prec, v);
        if (is_float) {
            if ((float)strtod(buf, NULL) == (float)v) break;
        } else if (strtod(buf, NULL) == v) {
            break;
        }
    }
    if (dp != '.') {
        char *c;
        for (c = buf; *c; c++) if (*c == dp) *c = '.';
    }
}

ALPHA_API void alpha_json_write_double(alpha_json_writer *w, double v) {
    char buf[48];
    if (!w) return;
    if (v != v || v - v != 0) { alpha_json_write_null(w); return; }
    if (!alpha__jw_before(w, 0, "alpha_json_write_double")) return;
    alpha__jw_number_text(buf, sizeof buf, v, 0);
    alpha__jw_puts(w, buf);
    alpha__jw_after_value(w);
}

ALPHA_API void alpha_json_write_float(alpha_json_writer *w, float v) {
    char buf[48];
    if (!w) return;
    if (v != v || v - v != 0) { alpha_json_write_null(w); return; }
    if (!alpha__jw_before(w, 0, "alpha_json_write_float")) return;
    alpha__jw_number_text(buf, sizeof buf, (double)v, 1);
    alpha__jw_puts(w, buf);
    alpha__jw_after_value(w);
}

ALPHA_API void alpha_json_write_int(alpha_json_writer *w, int64_t v) {
    char buf[32];
    if (!w) return;
    if (!alpha__jw_before(w, 0, "alpha_json_write_int")) return;
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    alpha__jw_puts(w, buf);
    alpha__jw_after_value(w);
}

ALPHA_API void alpha_json_write_bool(alpha_json_writer *w, int v) {
    if (!w) return;
    if (!alpha__jw_before(w, 0, "alpha_json_write_bool")) return;
    alpha__jw_puts(w, v ? "true" : "false");
    alpha__jw_after_value(w);
}

ALPHA_API void alpha_json_write_null(alpha_json_writer *w) {
    if (!w) return;
    if (!alpha__jw_before(w, 0, "alpha_json_write_null")) return;
    alpha__jw_puts(w, "null");
    alpha__jw_after_value(w);
}

static void alpha__jw_value(alpha_json_writer *w, const alpha_json *v, int depth) {
    size_t i;
    if (depth > ALPHA_JSON_MAX_DEPTH) {
        alpha__jw_fail(w, ALPHA_ERR_STATE, "alpha_json_write_value: nesting deeper than ALPHA_JSON_MAX_DEPTH");
        return;
    }
    switch (v->type) {
    case ALPHA_JSON_NULL: alpha_json_write_null(w); break;
    case ALPHA_JSON_BOOL: alpha_json_write_bool(w, v->boolean); break;
    case ALPHA_JSON_NUMBER:
        if (v->is_int) alpha_json_write_int(w, v->integer);
        else alpha_json_write_double(w, v->number);
        break;
    case ALPHA_JSON_STRING: alpha_json_write_string_n(w, v->str, v->len); break;
    case ALPHA_JSON_ARRAY:
        alpha_json_array_begin(w);
        for (i = 0; i < v->count; i++) alpha__jw_value(w, &v->items[i], depth + 1);
        alpha_json_array_end(w);
        break;
    case ALPHA_JSON_OBJECT:
        alpha_json_object_begin(w);
        for (i = 0; i < v->count; i++) {
            if (w->status != ALPHA_OK) return;
            if (!alpha__jw_before(w, 1, "alpha_json_write_value")) return;
            alpha__jw_quoted(w, v->items[i].key ? v->items[i].key : "", v->items[i].key_len);
            alpha__jw_put(w, w->indent > 0 ? ": " : ":", w->indent > 0 ? 2 : 1);
            w->after_key = 1;
            alpha__jw_value(w, &v->items[i], depth + 1);
        }
        alpha_json_object_end(w);
        break;
    }
}

ALPHA_API void alpha_json_write_value(alpha_json_writer *w, const alpha_json *v) {
    if (!w) return;
    if (!v) { alpha_json_write_null(w); return; }
    alpha__jw_value(w, v, 1);
}

ALPHA_API void alpha_json_kv_string(alpha_json_writer *w, const char *key, const char *s) { alpha_json_key(w, key); alpha_json_write_string(w, s); }
ALPHA_API void alpha_json_kv_int(alpha_json_writer *w, const char *key, int64_t v) { alpha_json_key(w, key); alpha_json_write_int(w, v); }
ALPHA_API void alpha_json_kv_double(alpha_json_writer *w, const char *key, double v) { alpha_json_key(w, key); alpha_json_write_double(w, v); }
ALPHA_API void alpha_json_kv_float(alpha_json_writer *w, const char *key, float v) { alpha_json_key(w, key); alpha_json_write_float(w, v); }
ALPHA_API void alpha_json_kv_bool(alpha_json_writer *w, const char *key, int v) { alpha_json_key(w, key); alpha_json_write_bool(w, v); }

/* ---- parser ---- */

typedef struct alpha__json_block {
    struct alpha__json_block *next;
    size_t used, cap;
    double align_; /* data follows, aligned for doubles and pointers */
} alpha__json_block;

typedef struct alpha__json_doc {
    alpha_json root; /* must stay the first member: alpha_json_free casts back */
    alpha_allocator allocator;
    alpha__json_block *blocks;
} alpha__json_doc;

typedef struct alpha__jp {
    const unsigned char *s;
    size_t n, i;
    size_t line, line_start;
    size_t max_depth;
    alpha__json_doc *doc;
    alpha_json *stack;
    size_t sp, scap;
    char msg[256];
    alpha_result rc;
} alpha__jp;

static void *alpha__json_arena(alpha__json_doc *d, size_t n) {
    alpha__json_block *b = d->blocks;
    size_t hdr = offsetof(alpha__json_block, align_);
    n = (n + 15) & ~(size_t)15;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        alpha__json_block *nb;
        if (cap > ((size_t)-1) - hdr - 16) return NULL;
        nb = (alpha__json_block *)alpha__tr_alloc(&d->allocator, hdr + 16 + cap);
        if (!nb) return NULL;
        nb->cap = cap;
        nb->used = 0;
        /* a fresh big block goes behind the current one so its leftover space stays usable */
        if (b && n > 65536) {
            nb->next = b->next;
            b->next = nb;
            b = nb;
        } else {
            nb->next = b;
            d->blocks = nb;
            b = nb;
        }
    }
    {
        char *base = (char *)b + ((hdr + 15) & ~(size_t)15);
        void *p = base + b->used;
        b->used += n;
        return p;
    }
}

static void alpha__json_doc_free(alpha__json_doc *d) {
    alpha__json_block *b = d->blocks;
    alpha_allocator a = d->allocator;
    while (b) {
        alpha__json_block *nx = b->next;
        alpha__tr_free(&a, b);
        b = nx;
    }
    alpha__tr_free(&a, d);
}

static void alpha__jp_describe(const alpha__jp *p, char *buf, size_t cap) {
    if (p->i >= p->n) {
        snprintf(buf, cap, "end of input");
    } else {
        unsigned char c = p->s[p->i];
        if (c >= 0x21 && c < 0x7f) snprintf(buf, cap, "'%c'", (char)c);
        else if (c == ' ') snprintf(buf, cap, "' '");
        else snprintf(buf, cap, "byte 0x%02x", (unsigned)c);
    }
}

static int alpha__jp_err(alpha__jp *p, alpha_result rc, const char *fmt, ...) ALPHA__TR_PRINTF(3, 4);
static int alpha__jp_err(alpha__jp *p, alpha_result rc, const char *fmt, ...) {
    char what[200];
    va_list ap;
    if (p->rc != ALPHA_OK) return 0;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(p->msg, sizeof p->msg, "%lu:%lu: %s", (unsigned long)p->line,
             (unsigned long)(p->i - p->line_start + 1), what);
    p->rc = rc;
    return 0;
}

static int alpha__jp_oom(alpha__jp *p) { return alpha__jp_err(p, ALPHA_ERR_OOM, "out of memory"); }

static void alpha__jp_ws(alpha__jp *p) {
    while (p->i < p->n) {
        unsigned char c = p->s[p->i];
        if (c == '\n') {
            p->i++;
            p->line++;
            p->line_start = p->i;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            p->i++;
        } else {
            break;
        }
    }
}

static int alpha__jp_hex4(const unsigned char *s, unsigned *out) {
    unsigned v = 0;
    int k;
    for (k = 0; k < 4; k++) {
        unsigned c = s[k], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if ((c | 32) >= 'a' && (c | 32) <= 'f') d = (c | 32) - 'a' + 10;
        else return 0;
        v = v * 16 + d;
    }
    *out = v;
    return 1;
}

/* Parses a string at p->i (which is '"'); stores the decoded bytes in the arena. */
static int alpha__jp_string(alpha__jp *p, const char **out, size_t *out_len) {
    size_t start = p->i + 1, j = start, span;
    char *dst;
    size_t o = 0;
    char what[32];
    /* find the closing quote to size the buffer */
    while (j < p->n && p->s[j] != '"') j += (p->s[j] == '\\') ? 2 : 1;
    if (j >= p->n) {
        p->i = p->n;
        return alpha__jp_err(p, ALPHA_ERR_FORMAT, "unterminated string");
    }
    span = j - start;
    dst = (char *)alpha__json_arena(p->doc, span + 1);
    if (!dst) return alpha__jp_oom(p);
    p->i = start;
    for (;;) {
        unsigned char c = p->s[p->i];
        if (c == '"') break;
        if (c < 0x20) {
            alpha__jp_describe(p, what, sizeof what);
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "control character %s in string (must be escaped)", what);
        }
        if (c == '\\') {
            unsigned char e = p->s[p->i + 1];
            unsigned cp, lo;
            switch (e) {
            case '"': dst[o++] = '"'; p->i += 2; continue;
            case '\\': dst[o++] = '\\'; p->i += 2; continue;
            case '/': dst[o++] = '/'; p->i += 2; continue;
            case 'b': dst[o++] = '\b'; p->i += 2; continue;
            case 'f': dst[o++] = '\f'; p->i += 2; continue;
            case 'n': dst[o++] = '\n'; p->i += 2; continue;
            case 'r': dst[o++] = '\r'; p->i += 2; continue;
            case 't': dst[o++] = '\t'; p->i += 2; continue;
            case 'u':
                if (p->i + 6 > p->n || !alpha__jp_hex4(p->s + p->i + 2, &cp))
                    return alpha__jp_err(p, ALPHA_ERR_FORMAT, "\\u must be followed by 4 hex digits");
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return alpha__jp_err(p, ALPHA_ERR_FORMAT, "lone low surrogate \\u%04X", cp);
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (p->i + 12 > p->n || p->s[p->i + 6] != '\\' || p->s[p->i + 7] != 'u' ||
                        !alpha__jp_hex4(p->s + p->i + 8, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                        return alpha__jp_err(p, ALPHA_ERR_FORMAT,
                                             "high surrogate \\u%04X not followed by a low surrogate", cp);
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p->i += 6;
                }
                p->i += 6;
                if (cp < 0x80) {
                    dst[o++] = (char)cp;
                } else if (cp < 0x800) {
                    dst[o++] = (char)(0xC0 | (cp >> 6));
                    dst[o++] = (char)(0x80 | (cp & 0x3F));
                } else if (cp < 0x10000) {
                    dst[o++] = (char)(0xE0 | (cp >> 12));
                    dst[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    dst[o++] = (char)(0x80 | (cp & 0x3F));
                } else {
                    dst[o++] = (char)(0xF0 | (cp >> 18));
                    dst[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                    dst[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    dst[o++] = (char)(0x80 | (cp & 0x3F));
                }
                continue;
            default:
                p->i++;
                alpha__jp_describe(p, what, sizeof what);
                return alpha__jp_err(p, ALPHA_ERR_FORMAT, "invalid escape \\%s in string", what);
            }
        }
        if (c < 0x80) {
            dst[o++] = (char)c;
            p->i++;
        } else {
            size_t k = alpha__tr_utf8_len(p->s + p->i, j - p->i);
            if (!k) return alpha__jp_err(p, ALPHA_ERR_FORMAT, "invalid UTF-8 byte 0x%02x in string", (unsigned)c);
            memcpy(dst + o, p->s + p->i, k);
            o += k;
            p->i += k;
        }
    }
    dst[o] = 0;
    p->i++; /* closing quote */
    *out = dst;
    *out_len = o;
    return 1;
}

static int alpha__jp_number(alpha__jp *p, alpha_json *v) {
    size_t st = p->i, k;
    int is_int = 1, neg = 0;
    char small[64];
    char *buf;
    double d;
    const unsigned char *s = p->s;
    size_t n = p->n;
    if (p->i < n && s[p->i] == '-') { neg = 1; p->i++; }
    if (p->i >= n || s[p->i] < '0' || s[p->i] > '9')
        return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected a digit in number");
    if (s[p->i] == '0') {
        p->i++;
        if (p->i < n && s[p->i] >= '0' && s[p->i] <= '9')
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "leading zero in number");
    } else {
        while (p->i < n && s[p->i] >= '0' && s[p->i] <= '9') p->i++;
    }
    if (p->i < n && s[p->i] == '.') {
        is_int = 0;
        p->i++;
        if (p->i >= n || s[p->i] < '0' || s[p->i] > '9')
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected a digit after '.' in number");
        while (p->i < n && s[p->i] >= '0' && s[p->i] <= '9') p->i++;
    }
    if (p->i < n && (s[p->i] == 'e' || s[p->i] == 'E')) {
        is_int = 0;
        p->i++;
        if (p->i < n && (s[p->i] == '+' || s[p->i] == '-')) p->i++;
        if (p->i >= n || s[p->i] < '0' || s[p->i] > '9')
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected a digit in number exponent");
        while (p->i < n && s[p->i] >= '0' && s[p->i] <= '9') p->i++;
    }
    k = p->i - st;
    buf = small;
    if (k + 1 > sizeof small) {
        buf = (char *)alpha__json_arena(p->doc, k + 1);
        if (!buf) return alpha__jp_oom(p);
    }
    memcpy(buf, s + st, k);
    buf[k] = 0;
    v->type = ALPHA_JSON_NUMBER;
    v->is_int = 0;
    if (is_int) {
        /* exact int64 when it fits */
        uint64_t acc = 0, lim = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
        size_t q;
        int fits = 1;
        for (q = (size_t)neg; q < k; q++) {
            unsigned dgt = (unsigned)(buf[q] - '0');
            if (acc > (lim - dgt) / 10) { fits = 0; break; }
            acc = acc * 10 + dgt;
        }
        if (fits) {
            v->is_int = 1;
            v->integer = neg ? (acc == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)acc) : (int64_t)acc;
        }
    }
    {
        char dp = alpha__tr_decimal_point();
        if (dp != '.') {
            char *c;
            for (c = buf; *c; c++) if (*c == '.') *c = dp;
        }
    }
    d = strtod(buf, NULL);
    if (d - d != 0) {
        p->i = st;
        return alpha__jp_err(p, ALPHA_ERR_FORMAT, "number out of range");
    }
    v->number = d;
    return 1;
}

static int alpha__jp_push(alpha__jp *p, const alpha_json *v) {
    if (p->sp == p->scap) {
        void *q = p->stack;
        if (!alpha__tr_grow(&p->doc->allocator, &q, &p->scap, p->sp + 1, sizeof(alpha_json))) return alpha__jp_oom(p);
        p->stack = (alpha_json *)q;
    }
    p->stack[p->sp++] = *v;
    return 1;
}

static int alpha__jp_keycmp(const void *a, const void *b) {
    const alpha_json *x = *(const alpha_json *const *)a, *y = *(const alpha_json *const *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    if (c) return c;
    return x->key_len < y->key_len ? -1 : (x->key_len > y->key_len ? 1 : 0);
}

/* Moves stack[base..sp) into an arena array owned by v. For objects checks duplicate keys. */
static int alpha__jp_collect(alpha__jp *p, alpha_json *v, size_t base) {
    size_t cnt = p->sp - base, i;
    v->count = cnt;
    v->items = NULL;
    if (cnt == 0) return 1;
    if (cnt > ((size_t)-1) / sizeof(alpha_json)) return alpha__jp_oom(p);
    v->items = (alpha_json *)alpha__json_arena(p->doc, cnt * sizeof(alpha_json));
    if (!v->items) return alpha__jp_oom(p);
    memcpy(v->items, p->stack + base, cnt * sizeof(alpha_json));
    p->sp = base;
    if (v->type == ALPHA_JSON_OBJECT && cnt > 1) {
        const alpha_json *dup = NULL;
        if (cnt <= 16) {
            size_t j;
            for (i = 0; i < cnt && !dup; i++)
                for (j = i + 1; j < cnt && !dup; j++)
                    if (v->items[i].key_len == v->items[j].key_len &&
                        memcmp(v->items[i].key, v->items[j].key, v->items[i].key_len) == 0)
                        dup = &v->items[j];
        } else {
            const alpha_json **idx = (const alpha_json **)alpha__tr_alloc(&p->doc->allocator, cnt * sizeof *idx);
            if (!idx) return alpha__jp_oom(p);
            for (i = 0; i < cnt; i++) idx[i] = &v->items[i];
            qsort((void *)idx, cnt, sizeof *idx, alpha__jp_keycmp);
            for (i = 1; i < cnt && !dup; i++)
                if (alpha__jp_keycmp(&idx[i - 1], &idx[i]) == 0)
                    dup = idx[i - 1] > idx[i] ? idx[i - 1] : idx[i];
            alpha__tr_free(&p->doc->allocator, (void *)idx);
        }
        if (dup) {
            char msg[200];
            snprintf(msg, sizeof msg, "%lu:%lu: duplicate key \"%.60s\"", (unsigned long)dup->line,
                     (unsigned long)dup->col, dup->key);
            if (p->rc == ALPHA_OK) {
                /* point at the value of the later duplicate: keys are just before it */
                alpha__tr_copy_str(p->msg, sizeof p->msg, msg);
                p->rc = ALPHA_ERR_FORMAT;
            }
            return 0;
        }
    }
    return 1;
}

static int alpha__jp_value(alpha__jp *p, alpha_json *v, size_t depth) {
    char what[32];
    alpha__jp_ws(p);
    memset(v, 0, sizeof *v);
    v->line = (uint32_t)(p->line > 0xFFFFFFFFu ? 0xFFFFFFFFu : p->line);
    v->col = (uint32_t)((p->i - p->line_start + 1) > 0xFFFFFFFFu ? 0xFFFFFFFFu : (p->i - p->line_start + 1));
    if (p->i >= p->n) return alpha__jp_err(p, ALPHA_ERR_FORMAT, "unexpected end of input, expected a value");
    switch (p->s[p->i]) {
    case '{': {
        size_t base = p->sp;
        if (depth >= p->max_depth)
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "nesting deeper than %lu", (unsigned long)p->max_depth);
        v->type = ALPHA_JSON_OBJECT;
        p->i++;
        alpha__jp_ws(p);
        if (p->i < p->n && p->s[p->i] == '}') { p->i++; return 1; }
        for (;;) {
            alpha_json child;
            const char *key;
            size_t key_len;
            alpha__jp_ws(p);
            if (p->i >= p->n || p->s[p->i] != '"') {
                alpha__jp_describe(p, what, sizeof what);
                return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected a string key, got %s", what);
            }
            if (!alpha__jp_string(p, &key, &key_len)) return 0;
            alpha__jp_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':') {
                alpha__jp_describe(p, what, sizeof what);
                return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected ':' after object key, got %s", what);
            }
            p->i++;
            if (!alpha__jp_value(p, &child, depth + 1)) return 0;
            child.key = key;
            child.key_len = key_len;
            if (!alpha__jp_push(p, &child)) return 0;
            alpha__jp_ws(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                alpha__jp_ws(p);
                if (p->i < p->n && p->s[p->i] == '}') return alpha__jp_err(p, ALPHA_ERR_FORMAT, "trailing comma in object");
                continue;
            }
            if (p->i < p->n && p->s[p->i] == '}') { p->i++; break; }
            alpha__jp_describe(p, what, sizeof what);
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected ',' or '}' in object, got %s", what);
        }
        return alpha__jp_collect(p, v, base);
    }
    case '[': {
        size_t base = p->sp;
        if (depth >= p->max_depth)
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "nesting deeper than %lu", (unsigned long)p->max_depth);
        v->type = ALPHA_JSON_ARRAY;
        p->i++;
        alpha__jp_ws(p);
        if (p->i < p->n && p->s[p->i] == ']') { p->i++; return 1; }
        for (;;) {
            alpha_json child;
            if (!alpha__jp_value(p, &child, depth + 1)) return 0;
            if (!alpha__jp_push(p, &child)) return 0;
            alpha__jp_ws(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                alpha__jp_ws(p);
                if (p->i < p->n && p->s[p->i] == ']') return alpha__jp_err(p, ALPHA_ERR_FORMAT, "trailing comma in array");
                continue;
            }
            if (p->i < p->n && p->s[p->i] == ']') { p->i++; break; }
            alpha__jp_describe(p, what, sizeof what);
            return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected ',' or ']' in array, got %s", what);
        }
        return alpha__jp_collect(p, v, base);
    }
    case '"':
        v->type = ALPHA_JSON_STRING;
        return alpha__jp_string(p, &v->str, &v->len);
    case 't':
        if (p->n - p->i >= 4 && memcmp(p->s + p->i, "true", 4) == 0) {
            v->type = ALPHA_JSON_BOOL; v->boolean = 1; p->i += 4; return 1;
        }
        break;
    case 'f':
        if (p->n - p->i >= 5 && memcmp(p->s + p->i, "false", 5) == 0) {
            v->type = ALPHA_JSON_BOOL; v->boolean = 0; p->i += 5; return 1;
        }
        break;
    case 'n':
        if (p->n - p->i >= 4 && memcmp(p->s + p->i, "null", 4) == 0) {
            v->type = ALPHA_JSON_NULL; p->i += 4; return 1;
        }
        break;
    default:
        if (p->s[p->i] == '-' || (p->s[p->i] >= '0' && p->s[p->i] <= '9')) return alpha__jp_number(p, v);
        break;
    }
    alpha__jp_describe(p, what, sizeof what);
    return alpha__jp_err(p, ALPHA_ERR_FORMAT, "expected a value, got %s", what);
}

/* quiet: no logging (for callers that compose their own message). */
static alpha_result alpha__json_parse(const char *text, size_t len, const alpha_json_parse_desc *desc,
                                      alpha_json **out_root, char *err, size_t err_cap, int quiet) {
    alpha__jp p;
    alpha__json_doc *doc;
    alpha_allocator a;
    alpha_logger lg;
    size_t max_size;
    memset(&a, 0, sizeof a);
    memset(&lg, 0, sizeof lg);
    if (desc) { a = desc->allocator; lg = desc->logger; }
    if (out_root) *out_root = NULL;
    if (err && err_cap) err[0] = 0;
    if (!out_root || (!text && len)) {
        if (!quiet) alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0, "alpha_json_parse: NULL %s",
                                     out_root ? "text" : "out_root");
        else alpha__tr_fmt(err, err_cap, "NULL argument");
        return ALPHA_ERR_INVALID;
    }
    max_size = (desc && desc->max_size) ? desc->max_size : ((size_t)256 << 20);
    if (len > max_size) {
        if (!quiet) alpha__tr_report(&lg, ALPHA_LOG_ERROR, err, err_cap, NULL, 0,
                                     "alpha_json_parse: input of %lu bytes exceeds the limit of %lu",
                                     (unsigned long)len, (unsigned long)max_size);
        else alpha__tr_fmt(err, err_cap, "input of %lu bytes exceeds the limit of %lu", (unsigned long)len,
                           (unsigned long)max_size);
        return ALPHA_ERR_FORMAT;
    }
    doc = (alpha__json_doc *)alpha__tr_alloc(&a, sizeof *doc);
    if (!doc) {
        alpha__tr_fmt(err, err_cap, "out of memory");
        if (!quiet) alpha__tr_log(&lg, ALPHA_LOG_ERROR, "alpha_json_parse: out of memory");
        return ALPHA_ERR_OOM;
    }
    memset(doc, 0, sizeof *doc);
    doc->allocator = a;
    memset(&p, 0, sizeof p);
    p.s = (const unsigned char *)(text ? text : "");
    p.n = len;
    p.line = 1;
    p.doc = doc;
    p.max_depth = (desc && desc->max_depth) ? desc->max_depth : 64;
    if (p.max_depth > 1000) p.max_depth = 1000;
    p.rc = ALPHA_OK;
    if (alpha__jp_value(&p, &doc->root, 0)) {
        alpha__jp_ws(&p);
        if (p.i < p.n) {
            char what[32];
            alpha__jp_describe(&p, what, sizeof what);
            alpha__jp_err(&p, ALPHA_ERR_FORMAT, "unexpected %s after the JSON value", what);
        }
    }
    alpha__tr_free(&a, p.stack);
    if (p.rc != ALPHA_OK) {
        alpha__json_doc_free(doc);
        alpha__tr_copy_str(err, err_cap, p.msg);
        if (!quiet) alpha__tr_log(&lg, ALPHA_LOG_ERROR, "alpha_json_parse: %s", p.msg);
        return p.rc;
    }
    *out_root = &doc->root;
    return ALPHA_OK;
}

ALPHA_API alpha_result alpha_json_parse(const char *text, size_t len, const alpha_json_parse_desc *desc,
                                        alpha_json **out_root, char *err, size_t err_cap) {
    return alpha__json_parse(text, len, desc, out_root, err, err_cap, 0);
}

ALPHA_API void alpha_json_free(alpha_json *root) {
    if (root) alpha__json_doc_free((alpha__json_doc *)(void *)root);
}

ALPHA_API const char *alpha_json_type_name(alpha_json_type type) {
    switch (type) {
    case ALPHA_JSON_NULL: return "null";
    case ALPHA_JSON_BOOL: return "boolean";
    case ALPHA_JSON_NUMBER: return "number";
    case ALPHA_JSON_STRING: return "string";
    case ALPHA_JSON_ARRAY: return "array";
    case ALPHA_JSON_OBJECT: return "object";
    }
    return "?";
}

static const alpha_json *alpha__json_getn(const alpha_json *obj, const char *key, size_t kn) {
    size_t i;
    if (!obj || obj->type != ALPHA_JSON_OBJECT || !key) return NULL;
    for (i = 0; i < obj->count; i++)
        if (obj->items[i].key_len == kn && memcmp(obj->items[i].key, key, kn) == 0) return &obj->items[i];
    return NULL;
}

ALPHA_API const alpha_json *alpha_json_get(const alpha_json *obj, const char *key) {
    return key ? alpha__json_getn(obj, key, strlen(key)) : NULL;
}

ALPHA_API const alpha_json *alpha_json_at(const alpha_json *v, size_t i) {
    if (!v || (v->type != ALPHA_JSON_ARRAY && v->type != ALPHA_JSON_OBJECT) || i >= v->count) return NULL;
    return &v->items[i];
}

ALPHA_API size_t alpha_json_count(const alpha_json *v) {
    return (v && (v->type == ALPHA_JSON_ARRAY || v->type == ALPHA_JSON_OBJECT)) ? v->count : 0;
}

ALPHA_API const alpha_json *alpha_json_find(const alpha_json *root, const char *path) {
    const alpha_json *v = root;
    const char *s = path;
    if (!path) return NULL;
    while (v && *s) {
        const char *e = strchr(s, '.');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (v->type == ALPHA_JSON_ARRAY) {
            size_t idx = 0, k;
            if (n == 0 || n > 18) return NULL;
            for (k = 0; k < n; k++) {
                if (s[k] < '0' || s[k] > '9') return NULL;
                idx = idx * 10 + (size_t)(s[k] - '0');
            }
            v = alpha_json_at(v, idx);
        } else {
            v = alpha__json_getn(v, s, n);
        }
        if (!e) break;
        s = e + 1;
    }
    return v;
}

ALPHA_API double alpha_json_as_double(const alpha_json *v, double fallback) {
    return (v && v->type == ALPHA_JSON_NUMBER) ? v->number : fallback;
}

ALPHA_API int64_t alpha_json_as_int(const alpha_json *v, int64_t fallback) {
    if (!v || v->type != ALPHA_JSON_NUMBER) return fallback;
    if (v->is_int) return v->integer;
    if (v->number == floor(v->number) && v->number >= -9223372036854775808.0 && v->number < 9223372036854775808.0)
        return (int64_t)v->number;
    return fallback;
}

ALPHA_API const char *alpha_json_as_string(const alpha_json *v, const char *fallback) {
    return (v && v->type == ALPHA_JSON_STRING) ? v->str : fallback;
}

ALPHA_API int alpha_json_as_bool(const alpha_json *v, int fallback) {
    return (v && v->type == ALPHA_JSON_BOOL) ? v->boolean : fallback;
}

/* Finds a member for the checked getters, or writes "line:col: missing key 'k'". */
static const alpha_json *alpha__json_member(const alpha_json *obj, const char *key, char *err, size_t cap) {
    const alpha_json *v;
    if (!obj || obj->type != ALPHA_JSON_OBJECT) {
        if (obj) alpha__tr_fmt(err, cap, "%u:%u: expected an object holding '%s', got %s", (unsigned)obj->line,
                               (unsigned)obj->col, key ? key : "", alpha_json_type_name(obj->type));
        else alpha__tr_fmt(err, cap, "missing object holding '%s'", key ? key : "");
        return NULL;
    }
    v = alpha_json_get(obj, key);
    if (!v) alpha__tr_fmt(err, cap, "%u:%u: missing key '%s' in object", (unsigned)obj->line, (unsigned)obj->col,
                          key ? key : "");
    return v;
}

static void alpha__json_describe_value(const alpha_json *v, char *buf, size_t cap) {
    if (v->type == ALPHA_JSON_NUMBER) {
        if (v->is_int) snprintf(buf, cap, "%lld", (long long)v->integer);
        else snprintf(buf, cap, "%.17g", v->number);
    } else if (v->type == ALPHA_JSON_STRING) {
        snprintf(buf, cap, "string \"%.40s\"", v->str);
    } else {
        snprintf(buf, cap, "%s", alpha_json_type_name(v->type));
    }
}

ALPHA_API alpha_result alpha_json_get_int(const alpha_json *obj, const char *key, int64_t lo, int64_t hi,
                                          int64_t *out, char *err, size_t err_cap) {
    const alpha_json *v = alpha__json_member(obj, key, err, err_cap);
    char got[80];
    int ok;
    if (!v) return ALPHA_ERR_FORMAT;
    ok = v->type == ALPHA_JSON_NUMBER && (v->is_int || (v->number == floor(v->number) &&
                                                        fabs(v->number) < 9007199254740992.0));
    if (ok) {
        int64_t x = v->is_int ? v->integer : (int64_t)v->number;
        if (x >= lo && x <= hi) {
            if (out) *out = x;
            return ALPHA_OK;
        }
    }
    alpha__json_describe_value(v, got, sizeof got);
    alpha__tr_fmt(err, err_cap, "%u:%u: '%s': expected an integer in [%lld, %lld], got %s", (unsigned)v->line,
                  (unsigned)v->col, key, (long long)lo, (long long)hi, got);
    return ALPHA_ERR_FORMAT;
}

ALPHA_API alpha_result alpha_json_get_double(const alpha_json *obj, const char *key, double *out, char *err,
                                             size_t err_cap) {
    const alpha_json *v = alpha__json_member(obj, key, err, err_cap);
    char got[80];
    if (!v) return ALPHA_ERR_FORMAT;
    if (v->type == ALPHA_JSON_NUMBER) {
        if (out) *out = v->number;
        return ALPHA_OK;
    }
    alpha__json_describe_value(v, got, sizeof got);
    alpha__tr_fmt(err, err_cap, "%u:%u: '%s': expected a number, got %s", (unsigned)v->line, (unsigned)v->col,
                  key, got);
    return ALPHA_ERR_FORMAT;
}

ALPHA_API alpha_result alpha_json_get_bool(const alpha_json *obj, const char *key, int *out, char *err,
                                           size_t err_cap) {
    const alpha_json *v = alpha__json_member(obj, key, err, err_cap);
    char got[80];
    if (!v) return ALPHA_ERR_FORMAT;
    if (v->type == ALPHA_JSON_BOOL) {
        if (out) *out = v->boolean;
        return ALPHA_OK;
    }
    alpha__json_describe_value(v, got, sizeof got);
    alpha__tr_fmt(err, err_cap, "%u:%u: '%s': expected true or false, got %s", (unsigned)v->line,
                  (unsigned)v->col, key, got);
    return ALPHA_ERR_FORMAT;
}

ALPHA_API alpha_result alpha_json_get_string(const alpha_json *obj, const char *key, const char **out,
                                             size_t *out_len, char *err, size_t err_cap) {
    const alpha_json *v = alpha__json_member(obj, key, err, err_cap);
    char got[80];
    if (!v) return ALPHA_ERR_FORMAT;
    if (v->type == ALPHA_JSON_STRING) {
        if (out) *out = v->str;
        if (out_len) *out_len = v->len;
        return ALPHA_OK;
    }
    alpha__json_describe_value(v, got, sizeof got);
    alpha__tr_fmt(err, err_cap, "%u:%u: '%s': expected a string, got %s", (unsigned)v->line, (unsigned)v->col,
                  key, got);
    return ALPHA_ERR_FORMAT;
}

ALPHA_API alpha_result alpha_json_get_typed(const alpha_json *obj, const char *key, alpha_json_type type,
                                            const alpha_json **out, char *err, size_t err_cap) {
    const alpha_json *v = alpha__json_member(obj, key, err, err_cap);
    char got[80];
    if (!v) return ALPHA_ERR_FORMAT;
    if (v->type == type) {
        if (out) *out = v;
        return ALPHA_OK;
    }
    alpha__json_describe_value(v, got, sizeof got);
    alpha__tr_fmt(err, err_cap, "%u:%u: '%s': expected %s %s, got %s", (unsigned)v->line, (unsigned)v->col, key,
                  type == ALPHA_JSON_ARRAY || type == ALPHA_JSON_OBJECT ? "an" : "a", alpha_json_type_name(type), got);
    return ALPHA_ERR_FORMAT;
}

ALPHA_API alpha_result alpha_json_bytes(const alpha_json *v, void *out, size_t cap, size_t *out_len) {
    unsigned char *o = (unsigned char *)out;
    size_t i;
    if (out_len) *out_len = 0;
    if (!v) return ALPHA_ERR_FORMAT;
    if (v->type == ALPHA_JSON_STRING) {
        if (o) memcpy(o, v->str, v->len < cap ? v->len : cap);
        if (out_len) *out_len = v->len;
        return ALPHA_OK;
    }
    if (v->type != ALPHA_JSON_ARRAY) return ALPHA_ERR_FORMAT;
    for (i = 0; i < v->count; i++) {
        const alpha_json *e = &v->items[i];
        if (e->type != ALPHA_JSON_NUMBER || !e->is_int || e->integer < 0 || e->integer > 255) return ALPHA_ERR_FORMAT;
    }
    for (i = 0; i < v->count && o && i < cap; i++) o[i] = (unsigned char)v->items[i].integer;
    if (out_len) *out_len = v->count;
    return ALPHA_OK;
}

/* ##SECTION3## */

#endif /* ALPHA_TRAIN_IMPLEMENTATION */

/*
------------------------------------------------------------------------------
MIT License

Copyright (c) 2026 the alpha authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
------------------------------------------------------------------------------
*/
